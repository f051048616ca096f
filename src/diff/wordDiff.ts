// A reworded sentence with the changed words marked, as `git diff --word-diff`
// marks them: "Grazie per aver chiamato Klarna. [-Arrivederci.-]{+A presto.+}".
// Words are lined up by the longest common subsequence (alignLists), which
// finds the smallest change.

import { alignLists } from './alignLists';

export function wordDiff(before: string, after: string): string {
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  return alignLists(words(before), words(after))
    .map((part) => ('same' in part ? part.same : `${part.removed.length > 0 ? `[-${part.removed.join(' ')}-]` : ''}${part.added.length > 0 ? `{+${part.added.join(' ')}+}` : ''}`))
    .join(' ');
}
