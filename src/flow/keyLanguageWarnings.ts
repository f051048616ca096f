import { ANNOUNCING_LANGUAGES } from './announcedKeys';
import { languageName } from './languageName';
import { jsonPath, type FlowProblem } from './problem';
import type { Flow } from './schema';

// checkMenuKeys holds each menu's options to the keys its prompt names, but
// only in languages whose words for "press" it reads (announcedKeys.ts). In
// any other language a menu that names a key it lacks ("premere 6" with no
// option 6), or never names one it has, passes unseen: lint says so, once per
// language, rather than let an editor believe those prompts were checked.

/** A warning at `languages.<code>` for each language of the flow whose key announcements lint cannot read. */
export function keyLanguageWarnings(flow: Flow): FlowProblem[] {
  const read = ANNOUNCING_LANGUAGES.map((code) => `${code} (${languageName(code)})`).join(', ');
  return Object.keys(flow.languages)
    .filter((code) => !ANNOUNCING_LANGUAGES.includes(code))
    .map((code) => ({
      path: jsonPath(['languages', code]),
      message: `the "${code}" (${languageName(code)}) prompts are not checked for the keys they announce: lint reads the words for "press" only in ${read}, so a "${code}" menu that names a key it has no option for, or never names one it has, passes`,
      fix: `check each "${code}" menu by ear (npx ivr call --press KEYS, or the dev phone): every key it names must be an option, every option named; or add the ${languageName(code)} words for "press", the digits, star and hash to src/flow/announcedKeys.ts`,
    }));
}
