import { FlowError, jsonPath, lineAndColumn, type FlowProblem } from './problem';
import { syntaxProblem } from './jsonSyntax';

// A flow file's text as JSON, stricter than JSON.parse, which says nothing when
// a name is given twice (it keeps the second), takes "__proto__" as a name
// that later copies silently drop, and stops at a byte order mark with only
// "Unexpected token". After JSON.parse has accepted the text, one pass over it
// finds those: each name given twice in one object (both places), the names
// JavaScript gives a meaning of their own, and nesting no flow needs (which
// would otherwise end in "Maximum call stack size exceeded" further on).

/** Names every JavaScript object already has, or that copying an object drops. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** A flow file nests six levels (nodes → node → retry → prompt → sentence); anything far deeper is a mistake. */
const MAX_DEPTH = 32;

/** Parses a flow file's text; throws FlowError naming the file, each place (line, column, JSON path) and the fix. */
export function readFlowJson(text: string, file: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) {
    throw new FlowError(file, [
      {
        path: '(file)',
        message: 'starts with a byte order mark (BOM, the invisible bytes EF BB BF), which JSON does not allow',
        fix: 'save the file as "UTF-8" without BOM (in VS Code: click "UTF-8 with BOM" in the status bar, "Save with Encoding", "UTF-8")',
      },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Its message says the line and column already.
    throw new FlowError(file, [{ ...syntaxProblem(text, err as Error), line: undefined }]);
  }
  const problems = structureProblems(text);
  if (problems.length > 0) throw new FlowError(file, problems);
  return value;
}

interface Container {
  /** Names already given in this object, with where each was given; undefined for a list. */
  names: Map<string, number> | undefined;
  /** The current name (object) or index (list): this container's step in the JSON path. */
  at: string | number;
  expectingName: boolean;
}

/** Names given twice, reserved names and too deep nesting in `text`, which JSON.parse has accepted. */
function structureProblems(text: string): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const open: Container[] = [];
  const pathTo = () => jsonPath(open.map((c) => c.at));
  for (let i = 0; i < text.length; i++) {
    switch (text[i]) {
      case '{':
      case '[': {
        const isObject = text[i] === '{';
        open.push({ names: isObject ? new Map() : undefined, at: isObject ? '' : 0, expectingName: isObject });
        if (open.length > MAX_DEPTH) {
          problems.push({
            // The path as far as a flow goes (six levels) and one more: where the extra nesting starts, without thousands of [0].
            path: jsonPath(open.slice(0, 7).map((c) => c.at)),
            message: `nests objects and lists more than ${MAX_DEPTH} levels deep (at ${lineAndColumn(text, i)}); a flow file needs six`,
            fix: 'remove the extra brackets: a value was wrapped in [ ] or { } by mistake, or pasted inside itself',
          });
          return problems;
        }
        break;
      }
      case '}':
      case ']':
        open.pop();
        break;
      case ',': {
        const inside = open.at(-1) as Container;
        if (inside.names) inside.expectingName = true;
        else inside.at = (inside.at as number) + 1;
        break;
      }
      case '"': {
        const start = i;
        for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
        const inside = open.at(-1);
        if (!inside?.names || !inside.expectingName) break;
        const raw = text.slice(start + 1, i);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        inside.expectingName = false;
        inside.at = name;
        if (RESERVED_NAMES.has(name)) {
          problems.push({
            path: pathTo(),
            message: `uses the name "${name}" (at ${lineAndColumn(text, start)}), which JavaScript gives a meaning of its own: the app would lose it or confuse it with a built-in`,
            fix: 'choose another name, and change every place that refers to it',
          });
        }
        const first = inside.names.get(name);
        if (first === undefined) inside.names.set(name, start);
        else {
          problems.push({
            path: pathTo(),
            message: `"${name}" is given twice in the same object, at ${lineAndColumn(text, first)} and at ${lineAndColumn(text, start)}: JSON keeps only the second, silently`,
            fix: 'keep one of the two (moving into it anything the other holds), or rename one',
          });
        }
        break;
      }
    }
  }
  return problems;
}
