// Two lists lined up on what they share, in order (a longest common
// subsequence), as a diff does: the items both have, and between them what
// only the old list has and what only the new one has. The lists compared
// here are short (a sentence's words, a step's sentences), so the table of
// common lengths costs nothing worth avoiding.

export type Aligned<T> = { same: T } | { removed: T[]; added: T[] };

export function alignLists<T>(a: readonly T[], b: readonly T[]): Aligned<T>[] {
  // common[i][j]: how many items a[i..] and b[j..] share, in order.
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: Aligned<T>[] = [];
  let change: { removed: T[]; added: T[] } = { removed: [], added: [] };
  const flush = () => {
    if (change.removed.length + change.added.length > 0) out.push(change);
    change = { removed: [], added: [] };
  };
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      out.push({ same: a[i] as T });
      [i, j] = [i + 1, j + 1];
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) change.added.push(b[j++] as T);
    else change.removed.push(a[i++] as T);
  }
  flush();
  return out;
}
