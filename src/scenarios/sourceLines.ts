import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { jsonOffsets, lineAt, type DataPath } from '../flow/jsonPlaces';

// Where things are in a scenario file, so a failure or a load error names
// `file:line`, the form editors' terminals and IDEs open at that line: from
// the YAML document the scenarios were read from (its nodes keep their
// offsets), and for JSON from jsonc-parser's tree of the same text
// (flow/jsonPlaces.ts, where a flow file's problems find their lines too).

export type { DataPath } from '../flow/jsonPlaces';

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
  const offsetOf = jsonOffsets(text);
  return lines(text, (path) => offsetOf(path)?.offset);
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
