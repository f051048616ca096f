// What to change in a quoted text to make it read as the text it quotes, line by line, in the words of the one
// editing it ("add", "remove"): a test diff labelled "- Expected / + Received" reads backwards there, its "-"
// lines being what the quote lacks.

/**
 * The edits that turn `quoted` (the document's text, whose first line is line `firstLine` of `file`) into
 * `wanted`: "README.md:140: add    <line>" (insert before that line) and "README.md:141: remove <line>".
 * [] when they are the same; a line replaced is removed, then added. A longest-common-subsequence diff: both are a
 * few hundred lines at most.
 */
export function lineEdits(quoted: string, wanted: string, file: string, firstLine: number): string[] {
  const a = quoted.split('\n');
  const b = wanted.split('\n');
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const edits: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! > common[i + 1]![j]!)) {
      edits.push(`${file}:${firstLine + i}: add    ${b[j++]}`);
    } else {
      edits.push(`${file}:${firstLine + i}: remove ${a[i++]}`);
    }
  }
  return edits;
}
