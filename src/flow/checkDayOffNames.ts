import { jsonPath, type FlowProblem } from './problem';
import { flowPromptTexts } from './promptTexts';
import type { Flow } from './schema';

// A holiday's spoken name or a closure's name is said in place of "{holiday}",
// after the words the prompt puts before it ("chiuso per {holiday}", "closed
// for {holiday}"). A name that starts with those same words ("per la festa di
// Sant'Ambrogio") has callers hear them twice: "chiuso per per la festa...".
// The words are taken from the flow's own prompts, in each language, so a
// prompt reworded ("chiuso in occasione di {holiday}") is checked as it reads.

/** Words before "{holiday}" compared with a name's first words: "chiuso per" and "per chiuso" are both caught, one word or two. */
const WORDS_COMPARED = 3;

// An elided article is a word of its own, its apostrophe kept and either apostrophe alike: "per l’{holiday}"
// ends in "l’", which a name "l'Epifania" repeats.
const WORDS = /[\p{L}\p{N}]+['’]?/gu;
const words = (text: string) => (text.match(WORDS) ?? []).map((w) => w.toLowerCase().replace("'", '’'));
/**
 * The words of the clause that goes on into "{holiday}": after "Oggi è festa: " or "Closed today – " the name
 * starts a clause of its own, so no words are said before it.
 */
const leadInWords = (before: string) => words(before.slice(before.search(/[^.,;:!?–—]*$/u)));

interface LeadIn {
  /** The words just before "{holiday}", last one last. */
  words: string[];
  path: PropertyKey[];
}

export function checkDayOffNames(flow: Flow): FlowProblem[] {
  const leadIns = new Map<string, LeadIn[]>();
  for (const { path, language, text } of flowPromptTexts(flow)) {
    for (const at of text.matchAll(/\{holiday\}/g)) {
      const before = leadInWords(text.slice(0, at.index)).slice(-WORDS_COMPARED);
      if (before.length > 0) leadIns.set(language, [...(leadIns.get(language) ?? []), { words: before, path }]);
    }
  }
  const problems: FlowProblem[] = [];
  const check = (path: PropertyKey[], language: string, name: string, what: string) => {
    const first = words(name).slice(0, WORDS_COMPARED);
    for (const leadIn of leadIns.get(language) ?? []) {
      const repeated = repeatedWords(leadIn.words, first);
      if (repeated === 0) continue;
      const said = first.slice(0, repeated).join(' ');
      const rest = name.replace(new RegExp(`^\\s*${first.slice(0, repeated).map(escape).join('[^\\p{L}\\p{N}]*')}[^\\p{L}\\p{N}]*`, 'iu'), '');
      const heard = `${leadIn.words.join(' ')}${leadIn.words.at(-1)?.endsWith('’') ? '' : ' '}${name}`;
      problems.push({
        path: jsonPath(path),
        message: `${what} starts with "${said}", which ${jsonPath(leadIn.path)} already says before "{holiday}": callers would hear "${heard}"`,
        fix: `${rest === '' ? `write the name without "${said}"` : `write "${rest}"`}: the prompt says "${leadIn.words.slice(-Math.max(2, repeated)).join(' ')}" before it`,
      });
      return;
    }
  };
  for (const [language, names] of Object.entries(flow.hours.holidays.spokenNames ?? {})) {
    for (const [holiday, spoken] of Object.entries(names)) check(['hours', 'holidays', 'spokenNames', language, holiday], language, spoken, 'the spoken name');
  }
  flow.hours.closures.forEach((closure, i) => {
    for (const [language, name] of Object.entries(closure.name)) check(['hours', 'closures', i, 'name', language], language, name, "the closure's name");
  });
  return problems;
}

/** How many of `first` (a name's first words) repeat the last words of `before`, most first; 0 for none. */
function repeatedWords(before: string[], first: string[]): number {
  for (let n = Math.min(before.length, first.length); n > 0; n--) {
    if (before.slice(-n).every((word, i) => word === first[i])) return n;
  }
  return 0;
}

/** `word` as a pattern, its apostrophe either kind. */
function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('’', "['’]");
}
