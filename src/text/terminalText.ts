// A string read from a records file (a line, a node id, a language, a
// transfer's status), written to a terminal. The file may have been edited
// by hand or forged: a line break in a value would print a line the command
// never wrote ("Report written to …"), an escape sequence (ESC [2K, ESC [1A)
// would erase or rewrite lines already printed, and a bidi override (U+202E)
// would show the text after it reversed. Such a value is shown as JSON writes
// a string, in quotes with those characters escaped (\n, \u001b, \u202e), so
// the reader sees exactly what the record holds; any other value, every id
// the app writes, prints as it is.

/** What a terminal acts on but JSON.stringify leaves as it is: DEL, C1 controls (U+009B is CSI to some terminals), the bidi marks, embeddings, overrides and isolates, and Unicode's line and paragraph separators. */
const LEFT_BY_JSON_CLASS = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** What a terminal acts on rather than shows: those, and the C0 controls (line breaks, ESC), which JSON.stringify escapes. */
const ACTED_ON = new RegExp(`[\\u0000-\\u001f${LEFT_BY_JSON_CLASS}]`);
/** Every such character of a text, for replace(). */
export const EACH_ACTED_ON = new RegExp(ACTED_ON.source, 'g');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const LEFT_BY_JSON = new RegExp(`[${LEFT_BY_JSON_CLASS}]`, 'g');

/** `value` as it is, or in quotes with its control characters escaped when it holds any. */
export function terminalText(value: string): string {
  return ACTED_ON.test(value) ? quotedForTerminal(value) : value;
}

/** `value` in quotes, as JSON writes it, with every character a terminal would act on escaped: `"consumer"`, `"a\nb"`. */
export function quotedForTerminal(value: string): string {
  return escapeLeftByJson(JSON.stringify(value));
}

/**
 * JSON text (a command's --json output) as a terminal should get it: the same JSON, with the characters
 * JSON.stringify leaves as they are but a terminal acts on written as \u escapes, which mean the same.
 */
export function escapeLeftByJson(json: string): string {
  return json.replace(LEFT_BY_JSON, jsonEscape);
}

/**
 * A line a command writes itself, holding text it did not (a flow's prompt): every character a terminal
 * would act on shown in place as \n, \r, \t or \uXXXX, so the text cannot start a line that passes for
 * the command's own, move the cursor or reverse what follows.
 */
export function printableLine(line: string): string {
  return line.replace(EACH_ACTED_ON, (char) => NAMED[char] ?? jsonEscape(char));
}

/** A character as JSON's \u escape writes it: "\u202e". */
function jsonEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
