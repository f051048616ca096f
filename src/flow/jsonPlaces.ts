// Where a place of a JSON file's data is in its text. JSON.parse keeps no
// positions, so they come from jsonc-parser's tree of the same text, built only
// when a place is asked for: a problem to point at, never a file that loads.

/** A place in a file's data: keys and list indexes, as a zod issue's path. */
export type DataPath = readonly PropertyKey[];

/**
 * The offset of `path` in a JSON text: of its key when it is an object's entry, of the item when a list's, and
 * `depth`, how many of its steps the text has (a path only partly there gives its deepest part that is; none
 * there, the whole value's, depth 0). Undefined for text jsonc-parser finds no value in.
 */
export function jsonOffsets(text: string): (path: DataPath) => { offset: number; depth: number } | undefined {
  // Loaded only when asked, as jsonSyntax.ts loads it.
  const { parseTree } = require('jsonc-parser') as typeof import('jsonc-parser');
  const root = parseTree(text);
  return (path) => {
    if (root === undefined) return undefined;
    let node: typeof root | undefined = root;
    let offset = root.offset;
    let depth = 0;
    for (const key of path) {
      if (node?.type === 'object') {
        const property: typeof root | undefined = node.children?.find((p) => p.children?.[0]?.value === key);
        if (!property) break;
        offset = property.offset;
        node = property.children?.[1];
      } else if (node?.type === 'array' && typeof key === 'number' && node.children?.[key] !== undefined) {
        node = node.children[key];
        offset = node.offset;
      } else break;
      depth++;
    }
    return { offset, depth };
  };
}

/** The line (counted from 1, as an editor counts) of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
