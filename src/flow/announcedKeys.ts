// The keys a spoken prompt tells the caller to press, read from the words
// themselves, in Italian and English: "premi 2", "premi asterisco", "press 1",
// "press star", "premi il tasto cancelletto", "press the hash key", digits
// written as words ("press one", "premi due"), which the voice says alike, and
// lists after one "press" ("premi 6 o 7", "press 6, 7 or 8"). `ivr lint`
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

const KEY = `(?:(?:the|il)\\s+)?(?:(?:key|tasto)\\s+)?(?:\\d|${Object.keys(KEY_WORDS).join('|')})\\b`;
/** "premi 6", and the keys listed after it: "premi 6 o 7", "press 6, 7 or 8", "premi 1 oppure 2". */
const PRESS = new RegExp(`\\b(?:press|premi|premere|digita)\\s+${KEY}(?:(?:\\s*,\\s*(?:(?:or|o|oppure)\\s+)?|\\s+(?:or|o|oppure)\\s+)${KEY})*`, 'gi');
const DIGIT_WORD = new RegExp(`^(?:${DIGIT_WORDS.flat().join('|')})$`);
const KEY_IN_LIST = new RegExp(`\\b(\\d|${Object.keys(KEY_WORDS).join('|')})\\b`, 'gi');

/** The languages whose words for "press" offeredKeys knows. */
export const ANNOUNCING_LANGUAGES: Readonly<Record<string, { press: string; star: string; hash: string }>> = {
  it: { press: 'premi', star: 'asterisco', hash: 'cancelletto' },
  en: { press: 'press', star: 'star', hash: 'hash' },
};

/** Each key mentioned after "press"/"premi" in `sentences`, alone or in a list, in the order first heard. */
export function offeredKeys(sentences: readonly string[]): string[] {
  return [...new Set(sentences.flatMap((sentence) => announcements(sentence).map((a) => a.key)))];
}

/** Each key `sentence` asks for, with the words that ask ("premi 6 o 7"). */
export function announcements(sentence: string): { key: string; phrase: string }[] {
  const found: { key: string; phrase: string }[] = [];
  for (const phrase of sentence.matchAll(PRESS)) {
    const [first, ...rest] = [...phrase[0].matchAll(KEY_IN_LIST)].map((m) => (m[1] as string).toLowerCase());
    // A list goes on in the first key's kind: after "premi 9" or "press star", a "sei" is "you are" and a "one" is "one of", not a digit.
    const listed = rest.filter((word) => !DIGIT_WORD.test(word) || DIGIT_WORD.test(first as string));
    for (const word of [first as string, ...listed]) found.push({ key: Object.hasOwn(KEY_WORDS, word) ? (KEY_WORDS[word] as string) : word, phrase: phrase[0] });
  }
  return found;
}

/** How a prompt in `language` asks for `key`, e.g. "premi asterisco"; undefined for a language offeredKeys cannot read. */
export function pressWords(language: string, key: string): string | undefined {
  const words = Object.hasOwn(ANNOUNCING_LANGUAGES, language) ? ANNOUNCING_LANGUAGES[language] : undefined;
  if (!words) return undefined;
  return `${words.press} ${key === '*' ? words.star : key === '#' ? words.hash : key}`;
}
