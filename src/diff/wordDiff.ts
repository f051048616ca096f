// A reworded sentence with the changed words marked, as `git diff --word-diff`
// marks them: "Grazie per aver chiamato Klarna. [-Arrivederci.-]{+A presto.+}".
// Words are lined up by the longest common subsequence (alignLists), which
// finds the smallest change. The parts are kept apart from their marks, so the
// Markdown report can escape the words and mark them its own way.

import { alignLists } from './alignLists';

/** Words both sentences say, or the words one says in their place (either may be empty). */
export type WordDiffPart = { same: string } | { removed: string; added: string };

export function wordDiffParts(before: string, after: string): WordDiffPart[] {
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  return alignLists(words(before), words(after)).map((part) => ('same' in part ? { same: part.same } : { removed: part.removed.join(' '), added: part.added.join(' ') }));
}

export function wordDiff(before: string, after: string): string {
  return wordDiffParts(before, after)
    .map((part) => ('same' in part ? part.same : `${part.removed ? `[-${part.removed}-]` : ''}${part.added ? `{+${part.added}+}` : ''}`))
    .join(' ');
}
