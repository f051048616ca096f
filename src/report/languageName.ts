// A language in English words for the report's reader ("Italian"), from the
// flow's tag for it: a flow with two Englishes (en-GB, en-US) gets both
// told apart ("British English", "American English"), so two columns or two
// reasons never read the same.

import type { Flow } from '../flow/schema';
import { displayedLanguage } from '../flow/languageName';

/** `language` (a key of the flow's languages, or as recorded) in English words; the key itself when no tag names a language. */
export function languageName(flow: Flow, language: string): string {
  const tag = flow.languages[language]?.tag ?? language;
  const base = (of: string) => of.split('-')[0]?.toLowerCase();
  // The region only when another language of the flow shares the base: "Italian", not "Italian (Italy)".
  const shared = Object.entries(flow.languages).some(([other, { tag: otherTag }]) => other !== language && base(otherTag) === base(tag));
  return displayedLanguage(shared ? tag : (base(tag) as string)) ?? language;
}
