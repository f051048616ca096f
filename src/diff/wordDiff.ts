// A reworded sentence with the changed words marked, as `git diff --word-diff`
// marks them: "Grazie per aver chiamato Klarna. [-Arrivederci.-]{+A presto.+}".
// Words are compared by the longest common subsequence, which for sentences
// of a few dozen words is cheap and finds the smallest change.

export function wordDiff(before: string, after: string): string {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length + added.length === 0) return;
    out.push(`${removed.length > 0 ? `[-${removed.join(' ')}-]` : ''}${added.length > 0 ? `{+${added.join(' ')}+}` : ''}`);
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      out.push(a[i] as string);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      added.push(b[j++] as string);
    } else {
      removed.push(a[i++] as string);
    }
  }
  flush();
  return out.join(' ');
}
