// "Did you mean": a name that does not exist is most often a typo or half of
// the right one ("operatore" for "operator", "desk" for "front-desk"), and a
// fix that names it saves reading the whole list.

/** The candidates `name` was most likely meant to be (the closest, several when they tie), or none when none is close. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  return closest(name, candidates).names;
}

/** The candidates `name` is a few letters off (a typo), the closest; none when it is only half of one, or not close. */
export function typoOf(name: string, candidates: readonly string[]): string[] {
  const { names, score } = closest(name, candidates);
  return score < HALF_A_NAME ? names : [];
}

/** The candidates of the best likeness to `name` (several when they tie), with that likeness. */
function closest(name: string, candidates: readonly string[]): { names: string[]; score: number } {
  const lower = name.toLowerCase();
  let best: string[] = [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const score = likeness(lower, candidate.toLowerCase());
    if (score > bestScore || score === Number.POSITIVE_INFINITY) continue;
    if (score < bestScore) best = [];
    best.push(candidate);
    bestScore = score;
  }
  return { names: best, score: bestScore };
}

/** Lower is closer: a few letters off (a typo), then half of the name (at least three letters); Infinity, not close. */
function likeness(a: string, b: string): number {
  const typo = Math.max(1, Math.floor(Math.min(a.length, b.length) / 3));
  // Names whose lengths differ by more than a typo's letters are never a typo of each other: no need to
  // count the letters, whose cost grows with both lengths (a 100,000-character id took seconds per name).
  const distance = Math.abs(a.length - b.length) > typo ? Number.POSITIVE_INFINITY : editDistance(a, b);
  if (distance <= typo) return distance;
  const half = Math.min(a.length, b.length) >= 3 && (a.includes(b) || b.includes(a));
  return half ? HALF_A_NAME : Number.POSITIVE_INFINITY;
}

/** Ranks a name that holds the other (or is held by it) after any typo. */
const HALF_A_NAME = 1_000;

/** `use "x" (the closest name)`, or `use "x" or "y" (the closest names)`, or undefined when none is close. */
export function useClosest(name: string, candidates: readonly string[]): string | undefined {
  const likely = closestNames(name, candidates);
  if (likely.length === 0) return undefined;
  return `use ${likely.map((n) => JSON.stringify(n)).join(' or ')} (the closest name${likely.length > 1 ? 's' : ''})`;
}

/**
 * Letters to insert, delete or change, or two neighbours to swap ("form" for
 * "from", the commonest slip of typing), to turn `a` into `b`: Levenshtein
 * with adjacent transpositions (optimal string alignment), one row at a time.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) next[j] = Math.min(next[j] as number, (before[j - 2] as number) + 1);
    }
    before = row;
    row = next;
  }
  return row[b.length] as number;
}
