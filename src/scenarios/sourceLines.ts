import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

// Where things are in a scenario file, so a failure or a load error names
// `file:line`, the form editors' terminals and IDEs open at that line: from
// the YAML document the scenarios were read from (its nodes keep their
// offsets), and for JSON, which JSON.parse reads with no positions, from
// jsonc-parser's tree of the same text.

/** A place in the file's data: keys and list indexes, as a zod issue's path. */
export type DataPath = readonly PropertyKey[];

/**
 * The line (counted from 1) of `path` in the file: of its key when it is an object's entry, of the item when
 * a list's. A path only partly there (a key the file lacks) gives the line of its deepest part that is.
 */
export type LineOf = (path: DataPath) => number | undefined;

/** The lines of a YAML file's places, from its parsed `doc` and its `text`. */
export function yamlLines(doc: Document, text: string): LineOf {
  return lines(text, yamlOffsets(doc));
}

/** The lines of a JSON file's places, from its text. */
export function jsonLines(text: string): LineOf {
  return lines(text, jsonOffsets(text));
}

function lines(text: string, offsetOf: (path: DataPath) => number | undefined): LineOf {
  return (path) => {
    const offset = offsetOf(path);
    return offset === undefined ? undefined : lineAt(text, offset);
  };
}

/** The same lines for the place under `prefix` (one scenario of a file that holds a list). */
export function under(lineOf: LineOf, prefix: DataPath): LineOf {
  return (path) => lineOf([...prefix, ...path]);
}

/** "steps[2].then" as ["steps", 2, "then"]: the paths ivr-tester's reader names its refusals by. */
export function dataPath(jsonPath: string): DataPath {
  return [...jsonPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function yamlOffsets(doc: Document): (path: DataPath) => number | undefined {
  return (path) => {
    let node = doc.contents as YamlNode | null;
    let offset = node?.range?.[0];
    for (const key of path) {
      // Steps shared with `&steps` and `*steps`: the place is where the anchored text is, the one to edit.
      if (isAlias(node)) node = node.resolve(doc) ?? null;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key] as YamlNode | null;
        offset = node?.range?.[0] ?? offset;
      } else break;
    }
    return offset;
  };
}

function jsonOffsets(text: string): (path: DataPath) => number | undefined {
  // Loaded only for JSON scenario files, as jsonSyntax.ts loads it.
  const { parseTree } = require('jsonc-parser') as typeof import('jsonc-parser');
  const root = parseTree(text);
  return (path) => {
    let node = root;
    let offset = node?.offset;
    for (const key of path) {
      if (node?.type === 'object') {
        const property = node.children?.find((p) => p.children?.[0]?.value === key);
        if (!property) break;
        offset = property.offset;
        node = property.children?.[1];
      } else if (node?.type === 'array' && typeof key === 'number' && node.children?.[key] !== undefined) {
        node = node.children[key];
        offset = node?.offset;
      } else break;
    }
    return offset;
  };
}
