/**
 * Dice coefficient over letter pairs, 0..1: how ivr-tester's `similarTo`
 * compares a heard prompt with the expected one, tolerant of small
 * transcription differences.
 */
export function similarity(a: string, b: string): number {
  const pairs = (s: string) => {
    const clean = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const out = new Map<string, number>();
    for (let i = 0; i < clean.length - 1; i++) {
      const pair = clean.slice(i, i + 2);
      out.set(pair, (out.get(pair) ?? 0) + 1);
    }
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let total = 0;
  let shared = 0;
  for (const n of pa.values()) total += n;
  for (const [pair, n] of pb) {
    total += n;
    shared += Math.min(n, pa.get(pair) ?? 0);
  }
  return total === 0 ? (a.trim() === b.trim() ? 1 : 0) : (2 * shared) / total;
}
