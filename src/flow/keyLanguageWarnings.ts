import { announcements, ANNOUNCING_LANGUAGES, pressWords } from './announcedKeys';
import { languageName } from './languageName';
import { jsonPath, type FlowProblem } from './problem';
import { flowPromptTexts } from './promptTexts';
import type { Flow } from './schema';

// What lint can tell of a prompt's language from its words for "press"
// (announcedKeys.ts), without refusing the flow:
//
// - checkMenuKeys holds each menu's options to the keys its prompt names, but
//   only in languages whose words for "press" it reads. In any other language
//   a menu that names a key it lacks ("premere 6" with no option 6), or never
//   names one it has, passes unseen: lint says so, once per language, rather
//   than let an editor believe those prompts were checked.
// - A text that asks for keys only in another language of the flow ("premi 1"
//   in an "en" text) is most likely that language's text pasted in the wrong
//   place: its callers hear words they may not know, read by a voice of
//   another language. Its keys still count as announced (callers hear every
//   language's words), so checkMenuKeys alone says nothing of it.

/** Warnings about the languages of `flow`'s prompts, as their words for "press" show them. */
export function keyLanguageWarnings(flow: Flow): FlowProblem[] {
  return [...unreadLanguages(flow), ...textsInAnotherLanguage(flow)];
}

/** A warning at `languages.<code>` for each language of the flow whose key announcements lint cannot read. */
function unreadLanguages(flow: Flow): FlowProblem[] {
  const read = ANNOUNCING_LANGUAGES.map((code) => `${code} (${languageName(code)})`).join(', ');
  return Object.keys(flow.languages)
    .filter((code) => !ANNOUNCING_LANGUAGES.includes(code))
    .map((code) => ({
      path: jsonPath(['languages', code]),
      message: `the "${code}" (${languageName(code)}) prompts are not checked for the keys they announce: lint reads the words for "press" only in ${read}, so a "${code}" menu that names a key it has no option for, or never names one it has, passes`,
      fix: `check each "${code}" menu by ear (npx ivr call --press KEYS, or the dev phone): every key it names must be an option, every option named; or add the ${languageName(code)} words for "press", the digits, star and hash to src/flow/announcedKeys.ts`,
    }));
}

/** A warning at each text that asks for keys in another language of the flow, and never in its own. */
function textsInAnotherLanguage(flow: Flow): FlowProblem[] {
  const languages = Object.keys(flow.languages);
  return flowPromptTexts(flow).flatMap(({ path, language, text }) => {
    if (!ANNOUNCING_LANGUAGES.includes(language)) return [];
    const asked = announcements(text);
    if (asked.length === 0 || asked.some((a) => a.languages.includes(language))) return [];
    const other = asked.find((a) => a.languages.some((code) => code !== language && languages.includes(code)));
    const code = other?.languages.find((c) => languages.includes(c));
    if (!other || code === undefined) return [];
    const fixed = path.at(-1) === 'text';
    return [
      {
        path: jsonPath(path),
        message: `reads like ${languageName(code)} ("${other.phrase}"), not ${languageName(language)}: "${language}" callers would hear it read by the ${languageName(language)} voice`,
        fix: fixed
          ? `write it in ${languageName(language)} (e.g. "${pressWords(language, other.key)}"), or set its "language" to "${code}"`
          : `put the ${languageName(language)} text here (e.g. "... ${pressWords(language, other.key)}."); the ${languageName(code)} one belongs in "${code}"`,
      },
    ];
  });
}
