// A count said with its words in the singular or the plural, as the number
// asks: "1 call", "2 calls", "1 was told", "3 were told". The report and
// ivr diff say many counts; a "1 were told" reads as a slip to its reader.
// Digits are grouped in thousands as English writes them ("540,000 calls"):
// what the commands and pages say is in English.

// Made on first use, not at load: this module is loaded by the functions entry
// (its log lines count), and Intl's first object costs a cold start ~12 ms of
// ICU set-up.
let english: Intl.NumberFormat | undefined;

/** `n` with its digits grouped in thousands, the English way: 139,200. */
export function grouped(n: number): string {
  english ??= new Intl.NumberFormat('en');
  return english.format(n);
}

/** `n` and `one` when n is 1, else `n` and `many` (by default `one` with an s). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}
