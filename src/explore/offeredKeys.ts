// The keys a spoken prompt tells the caller to press, read from the words
// themselves, in Italian and English: "premi 2", "premi asterisco", "press 1",
// "press star", "premi il tasto cancelletto", "press the hash key".

const KEY_WORDS: Record<string, string> = {
  star: '*',
  asterisk: '*',
  asterisco: '*',
  hash: '#',
  pound: '#',
  cancelletto: '#',
};

const PRESS = /\b(?:press|premi|premere|digita)\s+(?:(?:the|il)\s+)?(?:(?:key|tasto)\s+)?(\d|star|asterisk|asterisco|hash|pound|cancelletto)\b/gi;

/** Each key mentioned after "press"/"premi" in `sentences`, in the order first heard. */
export function offeredKeys(sentences: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const sentence of sentences) {
    for (const match of sentence.matchAll(PRESS)) {
      const word = (match[1] as string).toLowerCase();
      keys.add(KEY_WORDS[word] ?? word);
    }
  }
  return [...keys];
}
