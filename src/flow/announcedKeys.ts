// The keys a spoken prompt tells the caller to press, read from the words
// themselves, in Italian and English: "premi 2", "premi asterisco", "press 1",
// "press star", "premi il tasto cancelletto", "press the hash key", and digits
// written as words ("press one", "premi due"), which the voice says alike. `ivr lint`
// compares them with the keys a menu offers; `ivr explore` with what the
// keys do on a call.

const DIGIT_WORDS = [
  ['zero', 'zero'],
  ['one', 'uno'],
  ['two', 'due'],
  ['three', 'tre'],
  ['four', 'quattro'],
  ['five', 'cinque'],
  ['six', 'sei'],
  ['seven', 'sette'],
  ['eight', 'otto'],
  ['nine', 'nove'],
];

const KEY_WORDS: Record<string, string> = {
  ...Object.fromEntries(DIGIT_WORDS.flatMap((words, digit) => words.map((word) => [word, String(digit)]))),
  star: '*',
  asterisk: '*',
  asterisco: '*',
  hash: '#',
  pound: '#',
  cancelletto: '#',
};

const PRESS = new RegExp(`\\b(?:press|premi|premere|digita)\\s+(?:(?:the|il)\\s+)?(?:(?:key|tasto)\\s+)?(\\d|${Object.keys(KEY_WORDS).join('|')})\\b`, 'gi');

/** The languages whose words for "press" offeredKeys knows. */
export const ANNOUNCING_LANGUAGES: Readonly<Record<string, { press: string; star: string; hash: string }>> = {
  it: { press: 'premi', star: 'asterisco', hash: 'cancelletto' },
  en: { press: 'press', star: 'star', hash: 'hash' },
};

/** Each key mentioned after "press"/"premi" in `sentences`, in the order first heard. */
export function offeredKeys(sentences: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const sentence of sentences) {
    for (const match of sentence.matchAll(PRESS)) {
      const word = (match[1] as string).toLowerCase();
      keys.add(Object.hasOwn(KEY_WORDS, word) ? (KEY_WORDS[word] as string) : word);
    }
  }
  return [...keys];
}

/** How a prompt in `language` asks for `key`, e.g. "premi asterisco"; undefined for a language offeredKeys cannot read. */
export function pressWords(language: string, key: string): string | undefined {
  const words = Object.hasOwn(ANNOUNCING_LANGUAGES, language) ? ANNOUNCING_LANGUAGES[language] : undefined;
  if (!words) return undefined;
  return `${words.press} ${key === '*' ? words.star : key === '#' ? words.hash : key}`;
}
