import { FlowError, jsonPath, lineAndColumn, type FlowProblem } from './problem';

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
export const MAX_DEPTH = 32;

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
    throw new FlowError(file, [syntaxProblem(text, err as Error)]);
  }
  const problems = structureProblems(text);
  if (problems.length > 0) throw new FlowError(file, problems);
  return value;
}

/**
 * JSON.parse's refusal of `text` as a problem with its line and column and a fix; `closing` says what the
 * file's last closing bracket holds, for text found after it (a flow's, by default).
 */
export function syntaxProblem(text: string, err: Error, closing = "the flow's closing } (a } too many, or something pasted after the flow)"): FlowProblem {
  const position = /position (\d+)/.exec(err.message);
  // V8 gives no position for an "Unexpected token": find it, so every syntax error has its line and column.
  const offset = position ? Number(position[1]) : syntaxErrorOffset(text);
  const comma = offset === undefined ? undefined : trailingCommaBefore(text, offset);
  if (comma !== undefined) {
    const where = lineAndColumn(text, comma);
    return {
      path: '(file)',
      message: `is not valid JSON at ${where}: a comma after the last item of ${text[offset!] === ']' ? 'a list' : 'an object'}, which JSON does not allow`,
      fix: `remove the comma at ${where}`,
    };
  }
  const place = offset === undefined ? undefined : lineAndColumn(text, offset);
  const where = place ? ` at ${place}` : '';
  const reason = err.message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/( in JSON)? at position \d+/, '')
    // V8 quotes a stretch of the text around the fault, over several lines; the line and column say where.
    .replace(/, ".*" is not valid JSON$/s, '');
  const textAfter = /after JSON/.test(reason);
  return {
    path: '(file)',
    message: `is not valid JSON${where}: ${reason}`,
    fix: textAfter && place
      ? `delete the text from ${place} on: it follows ${closing}`
      : 'correct the JSON syntax there (a missing comma or quote, or a trailing comma, is the usual cause)',
  };
}

/** The offset of the comma before the "]" or "}" at `offset`, with only white space between: a trailing comma. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== ']' && text[offset] !== '}') return undefined;
  let i = offset - 1;
  while (i >= 0 && ' \t\r\n'.includes(text[i] as string)) i--;
  return text[i] === ',' ? i : undefined;
}

/**
 * Where `text`, which JSON.parse refused, stops being JSON: the first error
 * jsonc-parser (VS Code's JSON parser) finds, held to plain JSON (no comments,
 * no trailing commas). Loaded only for a broken file.
 */
function syntaxErrorOffset(text: string): number | undefined {
  const { parse } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
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
