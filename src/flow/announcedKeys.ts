// The keys a spoken prompt tells the caller to press, read from the words
// themselves, in the languages a flow for Italy is likely to speak: Italian,
// English, German (South Tyrol), French (Valle d'Aosta), Spanish and
// Slovenian. "premi 2", "press star", "premi il tasto cancelletto",
// "drücken Sie 2", "Taste 2", "wählen Sie die Sterntaste", "appuyez sur 2",
// "tapez la touche étoile", "pulse 2", "pritisnite 2"; digits written as
// words ("press one", "premi due", "drücken Sie zwei"), which the voice says
// alike, and lists after one such phrase ("premi 6 o 7", "press 6, 7 or 8",
// "drücken Sie 6 oder 7"); and, before a figure or the star or hash key, the
// other words Italian and English menus use ("usa il tasto 6", "scegli 7",
// "seleziona il 8", "componi 9"; "use key 6", "select 7", "choose 8", "dial 9"),
// where a figure in a longer number, a time, a decimal or a count ("componi 02
// 3792 1240", "scegli 9:30", "scegli 1,5 punti", "select 1 of 3", "scegli 3 o 6
// rate", "choose 2 or more") is no key: when in doubt, these words announce none,
// as a count read as a key makes lint refuse a flow that is right. `ivr lint` compares
// them with the keys a menu offers; `ivr explore` with what the keys do on a
// call.
//
// Every language's words are read in every sentence: at a menu, callers hear
// each part of the prompt whatever its language, so "Für Deutsch drücken Sie 2."
// announces key 2 to Italian callers too.

/** How one language asks for a key. */
interface KeyWords {
  /** Words that ask for the key that follows: "premi", "drücken Sie". */
  press: string[];
  /**
   * Words that ask for a key only when a figure or the star or hash key follows ("scegli 6", "choose 6"), as
   * menus often put it; not a digit written as a word ("choose one of them"), nor a number that goes on ("dial
   * 02 3792 1240", "select 1 of 3"), nor figures a word goes on from ("scegli 3 o 6 rate", "choose 2 or more").
   */
  pick: string[];
  /** The name of a key, read as "pick" words are, that may also list keys with "and": "tasto 6", "key 1 and 2". */
  keyName: string[];
  /** "e" in "tasto 1 e 2". */
  and: string[];
  /** "il" in "premi il tasto 2", "la" in "appuyez sur la touche 2". */
  articles: string[];
  /** "tasto" in "premi il tasto 2". */
  keyNouns: string[];
  /** The digits 0 to 9 as words, each a list of spellings. */
  digits: string[][];
  star: string[];
  hash: string[];
  /** "o" in "premi 6 o 7". */
  or: string[];
  /** How a fix should word it, e.g. "drücken Sie", "die Sterntaste". */
  say: { press: string; star: string; hash: string };
}

const LANGUAGES: Readonly<Record<string, KeyWords>> = {
  it: {
    press: ['premi', 'premere', 'prema', 'digita', 'digiti'],
    pick: ['scegli', 'scegliere', 'scelga', 'seleziona', 'selezionare', 'selezioni', 'componi', 'comporre', 'componga'],
    keyName: ['tasto'],
    and: ['e', 'ed'],
    articles: ['il'],
    keyNouns: ['tasto'],
    digits: [['zero'], ['uno'], ['due'], ['tre'], ['quattro'], ['cinque'], ['sei'], ['sette'], ['otto'], ['nove']],
    star: ['asterisco'],
    hash: ['cancelletto'],
    or: ['o', 'oppure'],
    say: { press: 'premi', star: 'asterisco', hash: 'cancelletto' },
  },
  en: {
    press: ['press'],
    pick: ['select', 'choose', 'dial', 'pick', 'hit'],
    keyName: ['key'],
    and: ['and'],
    articles: ['the'],
    keyNouns: ['key'],
    digits: [['zero'], ['one'], ['two'], ['three'], ['four'], ['five'], ['six'], ['seven'], ['eight'], ['nine']],
    star: ['star', 'asterisk'],
    hash: ['hash', 'pound'],
    or: ['or'],
    say: { press: 'press', star: 'star', hash: 'hash' },
  },
  de: {
    // "Taste 2" alone announces it too ("Beratung: Taste 3").
    press: ['drücken sie', 'drücke', 'wählen sie', 'wähle', 'taste'],
    pick: [],
    keyName: [],
    and: [],
    // "Drücken Sie bitte die 1": the polite word sits where an article would.
    articles: ['die', 'der', 'bitte', 'bitte die'],
    keyNouns: ['taste'],
    digits: [['null'], ['eins'], ['zwei'], ['drei'], ['vier'], ['fünf'], ['sechs'], ['sieben'], ['acht'], ['neun']],
    star: ['sterntaste', 'stern'],
    hash: ['rautetaste', 'raute'],
    or: ['oder'],
    say: { press: 'drücken Sie', star: 'die Sterntaste', hash: 'die Rautetaste' },
  },
  fr: {
    // "Veuillez appuyer sur la touche 1", "faites le 2": the infinitive after "veuillez", and "faire" for dialling.
    press: ['appuyez sur', 'appuie sur', 'appuyer sur', 'tapez', 'taper', 'composez', 'composer', 'faites le', 'faites'],
    pick: [],
    keyName: [],
    and: [],
    articles: ['la', 'le'],
    keyNouns: ['touche'],
    // "un" is left out: "tapez un code" would read as key 1. Write "tapez 1".
    digits: [['zéro'], [], ['deux'], ['trois'], ['quatre'], ['cinq'], ['six'], ['sept'], ['huit'], ['neuf']],
    star: ['étoile'],
    hash: ['dièse'],
    or: ['ou'],
    say: { press: 'appuyez sur', star: 'étoile', hash: 'dièse' },
  },
  es: {
    // The formal ("pulse") and the familiar ("pulsa") forms: both are common in Spanish phone menus.
    press: ['pulse', 'pulsa', 'marque', 'marca', 'presione', 'presiona', 'oprima', 'oprime'],
    pick: [],
    keyName: [],
    and: [],
    articles: ['la', 'el'],
    keyNouns: ['tecla'],
    digits: [['cero'], ['uno'], ['dos'], ['tres'], ['cuatro'], ['cinco'], ['seis'], ['siete'], ['ocho'], ['nueve']],
    star: ['asterisco'],
    hash: ['almohadilla', 'numeral'],
    or: ['o', 'u'],
    say: { press: 'pulse', star: 'asterisco', hash: 'almohadilla' },
  },
  sl: {
    press: ['pritisnite', 'pritisni', 'izberite'],
    pick: [],
    keyName: [],
    and: [],
    articles: [],
    keyNouns: ['tipko', 'tipka'],
    digits: [['nič'], ['ena'], ['dve'], ['tri'], ['štiri'], ['pet'], ['šest'], ['sedem'], ['osem'], ['devet']],
    star: ['zvezdico', 'zvezdica'],
    hash: ['lojtro', 'lojtra'],
    or: ['ali'],
    say: { press: 'pritisnite', star: 'zvezdico', hash: 'lojtro' },
  },
};

/** The languages whose key words offeredKeys reads, as the docs and lint name them. */
export const ANNOUNCING_LANGUAGES: readonly string[] = Object.keys(LANGUAGES);

const all = (pick: (words: KeyWords) => string[]) => [...new Set(Object.values(LANGUAGES).flatMap(pick))];

/** Each key word of every language, and the key it means. */
const KEY_WORDS = new Map<string, string>();
for (const words of Object.values(LANGUAGES)) {
  const meanings: Array<[string[], string]> = [...words.digits.map((spellings, digit): [string[], string] => [spellings, String(digit)]), [words.star, '*'], [words.hash, '#']];
  for (const [spellings, key] of meanings) {
    for (const word of spellings) {
      // One word, one key in every language: a word that meant two keys would make lint's verdict depend on which was read.
      if (KEY_WORDS.has(word) && KEY_WORDS.get(word) !== key) throw new Error(`"${word}" means key ${KEY_WORDS.get(word)} and key ${key}`);
      KEY_WORDS.set(word, key);
    }
  }
}

// \b knows only ASCII letters ("dièse", "étoile" start or end with others): words end where letters and digits do.
const START = '(?<![\\p{L}\\p{N}_])';
const END = '(?![\\p{L}\\p{N}_])';
/** Longest first, so "sterntaste" is read before "stern"; spaces inside ("drücken sie") match any run of spaces. */
const alternatives = (words: string[]) => [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/\s+/g, '\\s+')).join('|');

const ARTICLE_AND_NOUN = `(?:(?:${alternatives(all((w) => w.articles))})\\s+)?(?:(?:${alternatives(all((w) => w.keyNouns))})\\s+)?`;
/** The star or hash key by its sign: "press #", "tasto *". */
const SIGN = '[#*]';
const KEY = `${ARTICLE_AND_NOUN}(?:\\d|${SIGN}|${alternatives([...KEY_WORDS.keys()])})${END}`;
const OR = alternatives(all((w) => w.or));
const AND = alternatives(all((w) => w.and));
/** Where a list of keys goes on to another key: ", 3", ", o 3", " o 3", " e 3". */
const LIST_GOES_ON = `(?:\\s*,\\s*(?:(?:${OR}|${AND})\\s+)?|\\s+(?:${OR}|${AND})\\s+)(?:\\d|${SIGN})${END}`;
/**
 * A decimal after a figure: a comma and a figure with no space between ("1,5 punti"), unless a list goes on
 * after it ("scegli 1,2 o 3" lists three keys).
 */
const DECIMAL = `,\\d(?!${LIST_GOES_ON})`;
/**
 * After a "pick" word: a figure that is not part of a longer number, a time or a decimal ("1,5"), not "1 of 3";
 * or the star or hash key.
 */
const PICKED_KEY = `${ARTICLE_AND_NOUN}(?:\\d${END}(?!\\s*[:.]?\\d|${DECIMAL})(?!\\s+(?:of|di|dei|degli|delle|tra|fra)${END})|${SIGN}${END}|(?:${alternatives(all((w) => [...w.star, ...w.hash]))})${END})`;
const listOf = (key: string, joins: string) => `${key}(?:(?:\\s*,\\s*(?:(?:${joins})\\s+)?|\\s+(?:${joins})\\s+)${key})*`;
/**
 * The whole list after a "pick" word, taken as it stands: were a shorter list tried after the whole one failed,
 * "scegli 3 o 6 rate" would be read as "scegli 3" followed by "o".
 */
const wholeList = (name: string, joins: string) => `(?=(?<${name}>${listOf(PICKED_KEY, joins)}))\\k<${name}>`;
const DIGIT_WORDS = new Set(Object.values(LANGUAGES).flatMap((w) => w.digits.flat()));
/** A figure, a digit as a word or a quantity: after "3 o", "2 or", "1, 5," it makes the list a count ("2 or more items"). */
const COUNT_GOES_ON = `(?:\\d|(?:${alternatives([...DIGIT_WORDS, 'more', 'less', 'fewer', 'più', 'meno'])})${END})`;
/**
 * Where a phrase of "pick" words ends: a clause ("usa il tasto 6.", "scegli 7, ...", "key 6 for refunds"), not
 * a name or a count that goes on ("key 1 (open)", "select 2 plans", "scegli 6, 12 o 24 mesi", "choose 2 or
 * more", "choose 2 to 4"). Only the list itself is a count: what follows "per" or "for" is what the key is for,
 * and "scegli 9 per più opzioni", "choose 3 for one-off payments" announce the key.
 */
const PICK_END =
  `(?=\\s*(?:[.;:!?…]|$)|\\s*,(?!\\s*(?:(?:${OR})\\s+)?${COUNT_GOES_ON})` +
  `|\\s+(?:${OR}|${AND})${END}(?!\\s+${COUNT_GOES_ON})|\\s+(?:to|a)${END}(?!\\s+\\d)|\\s+(?:per|for)${END})`;
/**
 * "premi 6", and the keys listed after it: "premi 6 o 7", "press 6, 7 or 8", "premi 1 oppure 2"; or "scegli 6",
 * "choose 6 or 7"; or "tasto 6", "key 1 and 2".
 */
const PRESS = new RegExp(
  `${START}(?:(?:${alternatives(all((w) => w.press))})\\s+${listOf(KEY, OR)}` +
    `|(?:${alternatives(all((w) => w.pick))})\\s+${wholeList('picked', OR)}${PICK_END}` +
    `|(?:${alternatives(all((w) => w.keyName))})\\s+${wholeList('named', `${OR}|${AND}`)}${PICK_END})`,
  'giu',
);
/** Each language, and its words that start a phrase asking for a key. */
const ASKING_WORDS = Object.entries(LANGUAGES).map(([code, words]) => [code, new RegExp(`^(?:${alternatives([...words.press, ...words.pick, ...words.keyName])})${END}`, 'iu')] as const);
const KEY_IN_LIST = new RegExp(`${START}(\\d|${SIGN}|${alternatives([...KEY_WORDS.keys()])})${END}`, 'giu');

/** Each key mentioned after "press"/"premi" in `sentences`, alone or in a list, in the order first heard. */
export function offeredKeys(sentences: readonly string[]): string[] {
  return [...new Set(sentences.flatMap((sentence) => announcements(sentence).map((a) => a.key)))];
}

/** A key a sentence asks for, with the words that ask ("premi 6 o 7"). */
export interface Announcement {
  key: string;
  phrase: string;
  /** The languages whose words ask ("premi": it; "asterisco" after "pulse": es). */
  languages: readonly string[];
}

// Reading a sentence takes the whole pattern of every language's words (about 20 µs for a menu's prompt), and
// `ivr explore` reads what each of its thousands of calls hears: the same few prompts over and over. So each
// sentence is read once, and the readings kept (bounded: a flow has a few hundred sentences).
const READINGS = new Map<string, readonly Announcement[]>();
const READINGS_KEPT = 4096;

/** Each key `sentence` asks for, with the words that ask ("premi 6 o 7"). */
export function announcements(sentence: string): readonly Announcement[] {
  let found = READINGS.get(sentence);
  if (found === undefined) {
    found = read(sentence);
    if (READINGS.size >= READINGS_KEPT) READINGS.clear();
    READINGS.set(sentence, found);
  }
  return found;
}

function read(sentence: string): readonly Announcement[] {
  const found: Announcement[] = [];
  for (const phrase of sentence.matchAll(PRESS)) {
    // The phrase's own verb ("Taste", "touche") is no key; only the words after it are read.
    const [first, ...rest] = [...phrase[0].matchAll(KEY_IN_LIST)].map((m) => (m[1] as string).toLowerCase());
    // A list goes on in the first key's kind: after "premi 9" or "press star", a "sei" is "you are" and a "one" is "one of", not a digit.
    const listed = rest.filter((word) => !DIGIT_WORDS.has(word) || DIGIT_WORDS.has(first as string));
    const languages = ASKING_WORDS.filter(([, asks]) => asks.test(phrase[0])).map(([code]) => code);
    for (const word of [first as string, ...listed]) found.push({ key: KEY_WORDS.get(word) ?? word, phrase: phrase[0], languages });
  }
  return found;
}

/** How a prompt in `language` asks for `key`, e.g. "premi asterisco"; undefined for a language offeredKeys cannot read. */
export function pressWords(language: string, key: string): string | undefined {
  const words = Object.hasOwn(LANGUAGES, language) ? LANGUAGES[language] : undefined;
  if (!words) return undefined;
  return `${words.say.press} ${key === '*' ? words.say.star : key === '#' ? words.say.hash : key}`;
}
