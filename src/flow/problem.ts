/** One thing wrong with a flow file: where (a JSON path, and its line once placed: problemLines.ts), what, and how to fix it. */
export interface FlowProblem {
  path: string;
  message: string;
  fix: string;
  line?: number;
  /**
   * Matters only to a flow that is deployed (a transfer that would ring the app itself): a past flow, read
   * for the calls that went through it (pastFlow.ts), is read anyway, with this as a warning.
   */
  deployedOnly?: true;
}

/** Thrown when a flow file cannot be used; its message names the file, each JSON path (with its line, when placed) and the fix. */
export class FlowError extends Error {
  constructor(
    readonly file: string,
    readonly problems: FlowProblem[],
  ) {
    super(`Invalid flow file ${file}: ${problemList(problems)}`);
    this.name = 'FlowError';
  }
}

/** "N problems", then each with its path and fix on lines of their own: how flow and scenario files tell what is wrong. */
export function problemList(problems: readonly FlowProblem[]): string {
  return `${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => problemSaid(p)).join('\n')}`;
}

/** One problem as lint prints it: "  at PATH, line N: WHAT", the fix on the next line; `label` "warning at" for one that passes the file. */
export function problemSaid(p: FlowProblem, label = 'at'): string {
  return `  ${label} ${p.path}${p.line === undefined ? '' : `, line ${p.line}`}: ${p.message}\n    fix: ${p.fix}`;
}

/** Renders a property path the way the flow file's author would look it up: nodes.main-menu.options[2].key */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    // A name with spaces or punctuation (a holiday's, say) is quoted, so the path still reads as one.
    else if (!/^[\w$-]+$/.test(String(s))) out += `[${JSON.stringify(String(s))}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The steps of a path jsonPath renders, back: nodes.main-menu.options[2].key as ["nodes", "main-menu", "options", 2, "key"]. */
export function pathSteps(path: string): PropertyKey[] {
  return [...path.matchAll(/\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? (JSON.parse(m[1]) as string) : m[2] !== undefined ? Number(m[2]) : (m[3] as string)));
}

/** "line 3, column 7" for a character offset in `text`, counted as an editor counts them (from 1). */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
