// A change of route that happens the same way in each language is one entry
// of `ivr diff`: two keys of the consumer menu swapped change the Italian
// call and the English one alike (the same key, the same nodes before and
// after), and said once per language the report was twice as long, with
// nothing new in the second half but the words. Each language's calls keep
// their words, which the report shows under the entry: what each caller was
// promised and now hears is what shows a clash.

import type { CallChange } from './diffFlows';

/** The calls of one language that change alike (keys at one node that now go the same way), under the first of them. */
export interface LanguageEntry {
  call: CallChange;
  alike: CallChange[];
}

/** An entry of the report: one language's, or several whose calls change alike. */
export type LanguagesEntry = [LanguageEntry, ...LanguageEntry[]];

/**
 * The entries that differ only in the call's language, together, each group in the order its first entry
 * came and its languages in the order met. One pass over the entries, each looked up by what it changes: a
 * change of the hours parts calls at every menu of a large tree. An entry whose call has no language (the call's first answer)
 * stays apart, and so does a second entry of a language the group already has.
 */
export function inEachLanguage(entries: LanguageEntry[]): LanguagesEntry[] {
  const byChange = new Map<string, LanguagesEntry[]>();
  const out: LanguagesEntry[] = [];
  for (const entry of entries) {
    const { language } = entry.call;
    const key = language === undefined ? undefined : changeOf(entry);
    const groups = key === undefined ? [] : (byChange.get(key) ?? []);
    const group = groups.find((languages) => languages.every(({ call }) => call.language !== language));
    if (group) {
      group.push(entry);
      continue;
    }
    const fresh: LanguagesEntry = [entry];
    out.push(fresh);
    if (key !== undefined) byChange.set(key, [...groups, fresh]);
  }
  return out;
}

/**
 * What an entry changes, in terms no language decides: where (the line, and the node of each choice), when,
 * which keys, and the nodes before and after. The earlier choices themselves differ (1 for English at the
 * welcome, 2 for Italian), and so do the routes' language tags and the operators each language reaches.
 */
function changeOf({ call, alike }: LanguageEntry): string {
  const shapes = [call.routes?.before.shape ?? call.before, call.routes?.after.shape ?? call.after];
  const instants = call.instants.map(({ label, at }) => `${label} ${at}`);
  return JSON.stringify([call.kind, call.line, call.choicesAt, call.at, alike.map(({ choices }) => choices.at(-1)), shapes, instants]);
}
