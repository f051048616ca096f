/** One thing wrong with a flow file: where (a JSON path), what, and how to fix it. */
export interface FlowProblem {
  path: string;
  message: string;
  fix: string;
}

/** Thrown when a flow file cannot be used; its message names the file, each JSON path and the fix. */
export class FlowError extends Error {
  constructor(
    readonly file: string,
    readonly problems: FlowProblem[],
  ) {
    super(
      `Invalid flow file ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  at ${p.path}: ${p.message}\n    fix: ${p.fix}`).join('\n'),
    );
    this.name = 'FlowError';
  }
}

/** Renders a property path the way the flow file's author would look it up: nodes.main-menu.options[2].key */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(root)' : out;
}
