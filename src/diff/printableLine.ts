// A line of the terminal report. Flow text may hold line breaks and other
// control characters (a prompt's "\n", an escape sequence): printed raw, they
// would start lines that pass for the report's own, or move the cursor. Shown
// as \n, \r, \t or \u001b they read as what they are, and each item stays on
// its line.

const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printableLine(line: string): string {
  return line.replace(CONTROL, (char) => NAMED[char] ?? `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}
