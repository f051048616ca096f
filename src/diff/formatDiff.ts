// The report of `ivr diff` for people: on the terminal, or as Markdown for a
// pull-request comment. Changes are grouped by line and by the node where
// calls first part, each with a before/after line and commands that play it.
// Choices at one node that change the same way are one entry naming them all,
// with the commands of the first, and a change alike in each language is one
// entry with each language's words under it. Changes of route come first; then each
// sentence said in other words, once, with its changed words marked, how many
// places hear it and the quickest call that does: one reworded goodbye is
// heard at the end of dozens of paths, and listing each buried the routes.
// Then what callers hear on each day off the change adds or renames (a new
// closure's calls part where the hours check sends them to the holiday
// message, so its words are in no change of route), and the words of each
// node the change adds, which have no old words to be "said in other words"
// against.
// Flow text is shown as written, never as the report's own: on the terminal
// each line's control characters are escaped (printableLine), and in Markdown
// every piece of text is escaped (markdownText).

import { DateTime } from 'luxon';
import type { FlowChange } from './flowChanges';
import type { CallChange, DiffReport, NotCompared, SentenceChange } from './diffFlows';
import type { DayOffHeard } from './dayOffHeard';
import type { NewNodeKey } from './newNodesHeard';
import { wordDiff, wordDiffParts } from './wordDiff';
import { markdownText as md } from './markdownText';
import { printableLine } from '../text/terminalText';
import { counted } from '../text/counted';
import type { WordsPart } from './wordsPart';
import { inEachLanguage, type LanguageEntry, type LanguagesEntry } from './inEachLanguage';
import { routeInLanguages, type RouteParts } from './routeText';
import { listed } from '../text/listed';

export function formatDiff(report: DiffReport): string {
  const out = [`ivr diff ${report.before} -> ${report.after}`, report.summary];
  if (report.notCompared) {
    const { head, files, more, check } = notComparedParts(report.notCompared);
    out.push('', `${head}:`, ...files.map((file) => `  ${file}`), ...(more ? [`  ${more}`] : []), check);
  }
  for (const [title, calls] of groups(routeChanges(report))) {
    out.push('', `${title}:`);
    for (const languages of entries(calls)) out.push(...(languages.length === 1 ? routeEntry(languages[0]) : languagesEntry(languages)));
  }
  if (report.sentences.length > 0) {
    out.push('', 'Said in other words ([-removed-]{+added+}):');
    for (const sentence of report.sentences) {
      out.push(`  ${wordDiff(sentence.before, sentence.after)}`);
      out.push(`    heard ${placesOf(sentence)}; e.g. ${exampleOf(sentence.example)}`);
      out.push(...hear(sentence.example));
    }
  }
  if (report.daysOff.length > 0) {
    out.push('', `${DAYS_OFF_TITLE}:`);
    for (const heard of report.daysOff) out.push(`  ${dayOffOf(heard)}`, ...heard.said.map(({ language, text }) => `    ${language}: ${text}`));
  }
  if (report.newNodes.length > 0) {
    out.push('', 'Heard at new nodes:');
    for (const { node, said, keys } of report.newNodes) {
      out.push(`  ${node}`, ...said.map(({ language, text }) => `    ${language}: ${text}`), ...keys.map((key) => `    key ${key.key}: ${leadsTo(node, key)}`));
    }
    const note = placeholdersLeft(report);
    if (note) out.push(`  ${note}`);
  }
  if (report.unpairedLines.length > 0) out.push('', `Not compared (a line of one flow only): ${report.unpairedLines.join(', ')}`);
  if (report.flowChanges.length > 0) {
    out.push('', 'In the flow file:');
    for (const change of report.flowChanges) out.push(`  ${describeFlowChange(change)}`);
  }
  // Each entry is one line by construction: a prompt's line break shows as \n inside it.
  return out.map(printableLine).join('\n');
}

/** `ranIn`: the folder `ivr diff` ran in, in words: its commands' paths are relative to it, and a pull request's reader runs them elsewhere unless told. */
export function formatDiffMarkdown(report: DiffReport, ranIn = "the repository's root"): string {
  const out = [`### Menu change: ${md(report.before)} → ${md(report.after)}`, '', `**${md(report.summary)}**`];
  if (report.notCompared) {
    const { head, files, more, check } = notComparedParts(report.notCompared);
    out.push('', `**${md(head)}:**`, '', ...files.map((file) => `- ${md(file)}`), ...(more ? [`- ${md(more)}`] : []), '', checkMarkdown(check));
  }
  for (const [title, calls] of groups(routeChanges(report))) {
    out.push('', `#### ${md(title)}`, '', '| caller | when | before | after |', '|---|---|---|---|');
    const merged = entries(calls);
    for (const languages of merged) out.push(routeRow(languages));
    // A change in each language is played in the first: the others differ in the choice of language only.
    out.push(...hearThem(ranIn, merged.map(([{ call, alike }]) => [`${describeChoices(alike)} (${instantsOf(call)})`, call])));
  }
  if (report.sentences.length > 0) {
    out.push('', '#### Said in other words', '', '| sentence | heard | e.g. |', '|---|---|---|');
    for (const sentence of report.sentences) {
      out.push(`| ${markdownWordDiff(sentence.before, sentence.after)} | ${md(placesOf(sentence))} | ${md(exampleOf(sentence.example))} |`);
    }
    out.push(...hearThem(ranIn, report.sentences.map((s) => [exampleOf(s.example), s.example])));
  }
  if (report.daysOff.length > 0) {
    out.push('', `#### ${DAYS_OFF_TITLE}`, '', '| day | language | words |', '|---|---|---|');
    for (const heard of report.daysOff) for (const { language, text } of heard.said) out.push(`| ${md(dayOffOf(heard))} | ${md(language)} | ${md(text)} |`);
  }
  if (report.newNodes.length > 0) {
    out.push('', '#### Heard at new nodes', '', '| node | language | words |', '|---|---|---|');
    for (const { node, said } of report.newNodes) for (const { language, text } of said) out.push(`| ${md(node)} | ${md(language)} | ${md(text)} |`);
    const keys = report.newNodes.flatMap(({ node, keys }) => keys.map((key) => `| ${md(node)} | ${md(key.key)} | ${md(leadsTo(node, key))} |`));
    if (keys.length > 0) out.push('', '| node | key | leads to |', '|---|---|---|', ...keys);
    const note = placeholdersLeft(report);
    if (note) out.push('', md(note));
  }
  if (report.unpairedLines.length > 0) out.push('', `Not compared (a line of one flow only): ${md(report.unpairedLines.join(', '))}`);
  if (report.flowChanges.length > 0) {
    out.push('', '<details><summary>In the flow file</summary>', '');
    for (const change of report.flowChanges) out.push(`- ${md(describeFlowChange(change))}`);
    out.push('', '</details>');
  }
  return out.join('\n');
}

const FILES_SHOWN = 20;

/**
 * "consumer-written": where a new node's key leads, as the route table names nodes. A copy's hear-again key
 * left pointing at the original is said so, since its calls are not compared and nothing else would show it.
 */
function leadsTo(node: string, { key, next, language, hearsAgainOriginal, originalMenu, ownMessage }: NewNodeKey): string {
  const switches = language ? ` (language ${language})` : '';
  return hearsAgainOriginal ? `${next}${switches}: hears ${next} again, as ${originalMenu ?? next}'s own key ${key} does, not ${ownMessage ?? node}` : `${next}${switches}`;
}

/** What each placeholder a new node's words keep stands for: the hours check a call passed fills it from that call's moment. */
const FILLED_BY_THE_CALL: Record<string, string> = { reopens: 'when the line opens again', holiday: "the day off's name" };

/**
 * Said under "Heard at new nodes" when their words keep "{reopens}" or "{holiday}" (newNodesHeard.ts): as
 * written, the placeholder would read as words callers hear.
 */
function placeholdersLeft({ newNodes }: DiffReport): string | undefined {
  const names = Object.keys(FILLED_BY_THE_CALL).filter((name) => newNodes.some(({ said }) => said.some(({ text }) => text.includes(`{${name}}`))));
  if (names.length === 0) return undefined;
  const what = names.map((name) => `{${name}} (${FILLED_BY_THE_CALL[name]})`).join(' and ');
  return `${what} ${names.length === 1 ? 'is' : 'are'} left as written: each call fills ${names.length === 1 ? 'it' : 'them'} from the moment it is made; ivr call --at plays one.`;
}

const DAYS_OFF_TITLE = 'Heard on the days off the change adds or renames';

/**
 * "closure 2026-12-07, consumer and merchant lines, at holiday-closed": the day, whose calls hear it, and the
 * node the words begin at. Days in a row that hear the same words are one entry, and say how many they are.
 */
function dayOffOf({ day, first, last, lines, node }: DayOffHeard): string {
  const days = DateTime.fromISO(last).diff(DateTime.fromISO(first), 'days').days + 1;
  const alike = days > 1 ? ` (${days} days, the same words each day)` : '';
  return `${day}${alike}, ${lines.join(' and ')} line${lines.length === 1 ? '' : 's'}, at ${node}`;
}

/** What `ivr diff --git` did not compare, and how to check it: said right under the summary, so "No change" is never all a reviewer reads. */
function notComparedParts({ ref, files }: NotCompared): { head: string; files: string[]; more?: string; check: string } {
  return {
    head: `Not compared: both sides ran this checkout's code and holiday table, and ${files.length === 1 ? 'this file differs' : 'these files differ'} from ${ref}`,
    files: files.slice(0, FILES_SHOWN),
    ...(files.length > FILES_SHOWN ? { more: `and ${files.length - FILES_SHOWN} more (git diff --stat ${ref})` } : {}),
    check:
      `What callers hear from ${files.length === 1 ? 'it' : 'them'}: \`npx ivr test\` plays the scenarios (test/scenarios/) on this checkout, ` +
      `\`npm test\` also checks that they reach every node and transition, and \`npx ivr explore\` walks every path; ` +
      `to hear ${ref} as it was, run the same in a checkout of it (\`git worktree add ../before ${ref}\`).`,
  };
}

/** The check sentence in Markdown: its commands stay code, the rest (a ref's name among it) is escaped. */
function checkMarkdown(check: string): string {
  return check
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? `\`${part.slice(1, -1).replace(/`/g, '')}\`` : md(part)))
    .join('');
}

/**
 * The commands that play each call on the old flow and on the new one, as the terminal report gives them,
 * as a block to copy into a shell: a comment names the entry and the side, so a reviewer hears both.
 */
function hearThem(ranIn: string, entries: [label: string, call: CallChange][]): string[] {
  const commands = entries.flatMap(([label, { reproduce }]) => [
    ...(reproduce.before ? [`# ${label}, before:`, reproduce.before] : []),
    ...(reproduce.after ? [`# ${label}, after:`, reproduce.after] : []),
  ]);
  // A fence longer than any run of backticks in them (a file's name may have some), so none ends the block early.
  const fence = '`'.repeat(Math.max(3, ...commands.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length + 1)))));
  return commands.length > 0 ? ['', `Hear them, from ${md(ranIn)}:`, '', `${fence}sh`, ...commands, fence] : [];
}

/** Where calls go differently: listed first, so a real change of route is not buried under reworded sentences. */
function routeChanges(report: DiffReport): CallChange[] {
  return report.calls.filter((call) => call.kind === 'route');
}

const SAME_WORDS = 'both say the same words: only where the call goes differs';

/**
 * The sentence of the menu's prompt that asks for the key pressed, for an entry of one key: beside where the
 * key now leads, it shows what the caller was promised ("To learn how to use the chat, press 1."), so a swap
 * of two keys' targets whose words stay the same reads as the clash it is.
 */
function announcedOf(alike: CallChange[]): string | undefined {
  return alike.length === 1 ? alike[0]?.announced : undefined;
}

/**
 * 'says: "Per presentare un reclamo…"': the first sentence one side says differently, after the
 * sentences both say first, so a reviewer reads what callers now hear, not only which nodes.
 */
function says({ same, ...words }: WordsPart, side: 'before' | 'after'): string {
  const sentence = words[side];
  const after = same > 0 ? `, after ${counted(same, 'sentence')} both say` : '';
  return sentence === undefined ? `says nothing${same > 0 ? ' more' : ''}${after}` : `says${after}: "${sentence}"`;
}

/** `language`: in an entry alike in several languages, the one the commands play. */
function hear(call: CallChange, language?: string): string[] {
  // Labelled apart from the words above, so a command never reads as a third state.
  const [before, after] = language ? [`hear before (${language}):`, `hear after (${language}): `] : ['hear before:', 'hear after: '];
  return [...(call.reproduce.before ? [`    ${before} ${call.reproduce.before}`] : []), ...(call.reproduce.after ? [`    ${after} ${call.reproduce.after}`] : [])];
}

/**
 * "at 3 places on the consumer and merchant lines"; a sentence said before the caller's first choice (the
 * welcome) is heard "by every call on the consumer line": "at 1 place" understated a sentence every caller hears.
 */
function placesOf({ places, lines, everyCallOn }: SentenceChange): string {
  const onLines = (names: string[]) => `the ${names.join(' and ')} line${names.length === 1 ? '' : 's'}`;
  const everyCall = everyCallOn.length > 0 ? `by every call on ${onLines(everyCallOn)}` : '';
  if (everyCall && everyCallOn.length === lines.length) return everyCall;
  const atPlaces = `at ${counted(places, 'place')} on ${onLines(lines)}`;
  return everyCall ? `${atPlaces}, ${everyCall}` : atPlaces;
}

/** "consumer line, choices 2 at consumer-welcome, 5 at consumer-menu, at open" */
function exampleOf(call: CallChange): string {
  const choices = call.choices.length > 0 ? `choices ${choicesWhere(call.choices, call.choicesAt)}` : 'the call itself';
  return `${call.line} line, ${choices}, at ${instantsOf(call)}`;
}

/**
 * "2 at consumer-welcome, 5 at consumer-menu": each choice with the node it
 * was made at, so a 2 that chose Italian at the welcome is not read as the
 * menu's 2 for an operator. The call's first answer has no node to name.
 */
function choicesWhere(choices: string[], at: string[]): string {
  return choices.map((choice, i) => (at[i] && at[i] !== '(call start)' ? `${choice} at ${at[i]}` : choice)).join(', ');
}

/** The word diff in Markdown: struck-out old words, bold new ones, the words themselves escaped inside the marks. */
function markdownWordDiff(before: string, after: string): string {
  return wordDiffParts(before, after)
    .map((part) => ('same' in part ? md(part.same) : `${part.removed ? `~~${md(part.removed)}~~` : ''}${part.added ? `**${md(part.added)}**` : ''}`))
    .join(' ');
}

/**
 * One place's changes of route as the report lists them: calls that differ only in the caller's last choice
 * are one entry (sameChange), and entries that differ only in the call's language are one (inEachLanguage).
 */
function entries(calls: CallChange[]): LanguagesEntry[] {
  return inEachLanguage([...sameChange(calls)].map(([call, alike]) => ({ call, alike })));
}

/** A change in one language: the choices, what the menu promised, where the call goes and says on each side, and commands that play it. */
function routeEntry({ call, alike }: LanguageEntry): string[] {
  const announced = announcedOf(alike);
  return [
    `  ${describeChoices(alike)} (${instantsOf(call)})`,
    ...(announced ? [`    asked for by: "${announced}"`] : []),
    `    before: ${call.before}`,
    ...(call.words ? [`      ${says(call.words, 'before')}`] : []),
    `    after:  ${call.after}`,
    `      ${call.words ? says(call.words, 'after') : SAME_WORDS}`,
    ...hear(call),
  ];
}

/**
 * A change alike in several languages: the keys and where the call goes on each side once, then each
 * language's own words (what the menu promised, what each side says), then the commands of the first.
 */
function languagesEntry(languages: LanguagesEntry): string[] {
  const [{ call, alike }] = languages;
  const out = [
    `  ${inLanguages(alike, languages)} (${instantsOf(call)})`,
    `    before: ${routeInLanguages(languages.map((entry) => routeOf(entry.call, 'before')))}`,
    `    after:  ${routeInLanguages(languages.map((entry) => routeOf(entry.call, 'after')))}`,
  ];
  for (const entry of languages) {
    const announced = announcedOf(entry.alike);
    out.push(`    ${languageOf(entry)}:`, ...(announced ? [`      asked for by: "${announced}"`] : []), ...wordsOf(entry.call).map((words) => `      ${words}`));
  }
  return [...out, ...hear(call, call.language)];
}

/** The Markdown table's row of an entry: the same parts as on the terminal, each language's on lines of its own in each cell. */
function routeRow(languages: LanguagesEntry): string {
  const [{ call, alike }] = languages;
  if (languages.length === 1) {
    const [before, after] = call.words ? [says(call.words, 'before'), says(call.words, 'after')] : ['', SAME_WORDS];
    const announced = announcedOf(alike);
    const caller = `${md(describeChoices(alike))}${announced ? `<br>${md(`asked for by: "${announced}"`)}` : ''}`;
    return `| ${caller} | ${md(instantsOf(call))} | ${md(call.before)}${before && `<br>${md(before)}`} | ${md(call.after)}<br>${md(after)} |`;
  }
  const caller = [
    inLanguages(alike, languages),
    ...languages.map((entry) => {
      const announced = announcedOf(entry.alike);
      return `${languageOf(entry)}${announced ? `: asked for by: "${announced}"` : ''}`;
    }),
  ];
  const side = (name: 'before' | 'after') => [
    routeInLanguages(languages.map((entry) => routeOf(entry.call, name))),
    ...languages.flatMap(({ call: each }) => (each.words ? [`${each.language}: ${says(each.words, name)}`] : name === 'after' ? [`${each.language}: ${SAME_WORDS}`] : [])),
  ];
  const cell = (lines: string[]) => lines.map(md).join('<br>');
  return `| ${cell(caller)} | ${md(instantsOf(call))} | ${cell(side('before'))} | ${cell(side('after'))} |`;
}

/** "key 1, in en and it": the last choices of an entry alike in several languages, and those languages. */
function inLanguages(alike: CallChange[], languages: LanguageEntry[]): string {
  const names = languages.map(({ call }) => `${call.language}`);
  return `${lastChoices(alike)}, in ${listed(names)}`;
}

/** "en, after 1 at consumer-welcome": a language of an entry, with the choices that led its calls there. */
function languageOf({ call }: LanguageEntry): string {
  return afterEarlierChoices(`${call.language}`, call);
}

/** `what` (the call's last choice, or its language), then the choices that came before it: "…, after 1 at consumer-welcome". */
function afterEarlierChoices(what: string, call: CallChange): string {
  return call.choices.length > 1 ? `${what}, after ${choicesWhere(call.choices.slice(0, -1), call.choicesAt)}` : what;
}

/** What each side says, for one language of an entry: 'before says: "…"' and 'after  says: "…"', or that both say the same words. */
function wordsOf(call: CallChange): string[] {
  return call.words ? [`before ${says(call.words, 'before')}`, `after  ${says(call.words, 'after')}`] : [SAME_WORDS];
}

/** A side's route in parts, which every change of route has (a change of words has none, and is not listed here). */
function routeOf(call: CallChange, side: 'before' | 'after'): RouteParts {
  return call.routes?.[side] ?? { shape: call[side] };
}

function groups(calls: CallChange[]): Map<string, CallChange[]> {
  const byPlace = new Map<string, CallChange[]>();
  for (const call of calls) {
    const title = `${call.line} line, at ${call.at}`;
    byPlace.set(title, [...(byPlace.get(title) ?? []), call]);
  }
  return byPlace;
}

/** The calls of one group that differ only in the caller's last choice, under the first of them. */
function sameChange(calls: CallChange[]): Map<CallChange, CallChange[]> {
  const byChange = new Map<string, CallChange[]>();
  for (const call of calls) {
    const key = JSON.stringify([call.kind, call.before, call.after, instantsOf(call), call.choices.slice(0, -1)]);
    byChange.set(key, [...(byChange.get(key) ?? []), call]);
  }
  return new Map([...byChange.values()].map((alike) => [alike[0] as CallChange, alike]));
}

/** "keys 1, 3 or silence, after 2 at consumer-welcome": the last choices of calls alike, after what they share. */
function describeChoices(alike: CallChange[]): string {
  const first = alike[0] as CallChange;
  if (first.choices.length === 0) return 'the call itself';
  return afterEarlierChoices(lastChoices(alike), first);
}

/** "keys 1, 3 or silence": the last choices of calls alike. */
function lastChoices(alike: CallChange[]): string {
  const lasts = alike.map((call) => call.choices.at(-1) as string);
  const keys = lasts.filter((c) => c !== 'silence' && !c.startsWith('dial '));
  const dials = lasts.filter((c) => c.startsWith('dial ')).map((c) => c.slice(5));
  const parts = [
    ...(keys.length > 0 ? [`${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}`] : []),
    ...(dials.length > 0 ? [`transfer ends ${dials.join(', ')}`] : []),
    ...(lasts.includes('silence') ? ['silence'] : []),
  ];
  return listed(parts, 'or');
}

/**
 * The instants' labels; those sharing a prefix before ", " say it once ("hours changed, fri 16:00, fri 16:59").
 * An instant picked for several reasons names the others after its own: "closure 2026-12-12 to 2026-12-13 (also weekend)".
 */
function instantsOf(call: CallChange): string {
  const said = new Set<string>();
  const alsoOf = new Map(call.instants.map(({ label, also }) => [label, also ? ` (also ${also.join(', ')})` : '']));
  // Both flows may pick an instant of the same name at other times (a holiday's noon, and its first open minute): named once.
  return [...alsoOf]
    .map(([label, also]) => {
      const comma = label.indexOf(', ');
      if (comma === -1) return `${label}${also}`;
      const prefix = label.slice(0, comma);
      if (said.has(prefix)) return `${label.slice(comma + 2)}${also}`;
      said.add(prefix);
      return `${label}${also}`;
    })
    .join(', ');
}

const SHOWN = 80;
/** A text inside an added or removed value is shown this far: a closure's or holiday's name whole, a prompt's first words (its words are heard in full above). */
const TEXT_SHOWN = 50;

function describeFlowChange(change: FlowChange): string {
  const show = (text: string, from = 0) => {
    const room = SHOWN - (from > 0 ? 6 : 3);
    return `${from > 0 ? '...' : ''}${text.slice(from, from + room)}${from + room < text.length ? '...' : ''}`;
  };
  if (change.change === 'added') return `added    ${change.path}: ${showAll(change.after)}`;
  if (change.change === 'removed') return `removed  ${change.path}: ${showAll(change.before)}`;
  if (change.change === 'renamed') {
    const references = change.references ? ` (and the ${change.references === 1 ? 'reference' : `${change.references} references`} to it)` : '';
    return `renamed  node ${String(change.before)} to ${String(change.after)}${references}`;
  }
  // Two long values that begin alike are shown from a little before where they part, or both would read the same.
  const [before, after] = [JSON.stringify(change.before), JSON.stringify(change.after)];
  let same = 0;
  while (same < before.length && before[same] === after[same]) same++;
  const from = Math.max(before.length, after.length) > SHOWN && same > SHOWN / 2 ? same - 20 : 0;
  return `changed  ${change.path}: ${show(before, from)} -> ${show(after, from)}`;
}

/**
 * An added or removed value has nothing to part from: it is shown whole, its dates, keys and the nodes they
 * lead to, each text in it cut at TEXT_SHOWN. Cut as one line at SHOWN, an added closure lost its English
 * name ("en":"for t...), which callers hear.
 */
function showAll(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' && field.length > TEXT_SHOWN ? `${field.slice(0, TEXT_SHOWN - 3)}...` : field));
}
