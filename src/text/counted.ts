// A count said with its words in the singular or the plural, as the number
// asks: "1 call", "2 calls", "1 was told", "3 were told". The report and
// ivr diff say many counts; a "1 were told" reads as a slip to its reader.
// Digits are grouped in thousands as English writes them ("540,000 calls"):
// what the commands and pages say is in English.

const ENGLISH = new Intl.NumberFormat('en');

/** `n` with its digits grouped in thousands, the English way: 139,200. */
export function grouped(n: number): string {
  return ENGLISH.format(n);
}

/** `n` and `one` when n is 1, else `n` and `many` (by default `one` with an s). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}
