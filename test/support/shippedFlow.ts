import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadFlowFile, type Flow } from '../../src/testing';
import { dayOffOn } from '../../src/schedule/dayOff';
import { successors } from '../../src/flow/successors';
import { OPERATOR_NUMBERS } from './operatorNumbers';
import { projectDir } from './runIvr';

// The menu as shipped (flows/klarna-italia.json), read the way the app reads
// it, for the tests of the app's workings (the webhooks, the local host, the
// commands) that make their calls through it; the dev phone's tests run on the
// fixed copy instead (test/support/fixedMenu.ts). Those tests take
// what callers hear, and when the line is open, from the flow itself: an
// editor's change of wording or hours then fails only the menu's own tests
// (test/scenarios/, test/calls/) and the docs that quote the menu, which say
// what the menu is, and not every test that merely calls through it. Each
// such test still fails when the app says anything other than what the flow
// says.

export const SHIPPED_FLOW_FILE = path.join(projectDir, 'flows/klarna-italia.json');

let shipped: Flow | undefined;

/**
 * Why a test that names a node of the shipped flow cannot run: the node is gone (renamed or removed by an editor),
 * and how to mend the test, which is of the app's workings, not of the menu.
 */
function noNode(kind: string, node: string): Error {
  return new Error(
    `flows/klarna-italia.json has no ${kind} "${node}" (renamed or removed?): this test takes what it checks from that node of the shipped flow. ` +
      'Name the node as the flow now calls it, or run the test on the fixed copy of the menu (test/support/fixedMenu.ts), which keeps its node names.',
  );
}

/** The shipped flow, loaded and checked once per test file. */
export function shippedFlow(): Flow {
  return (shipped ??= loadFlowFile(SHIPPED_FLOW_FILE));
}

/** Node `node` of the shipped flow; a test that names one the flow no longer has fails saying so, and how to mend it. */
export function shippedNode(node: string): Flow['nodes'][string] {
  return nodeOf(shippedFlow(), node, 'node');
}

/** Node `node` of `flow`: of the shipped flow, failing as shippedNode does; of another (the fixed copy), saying which flow lacks it. */
function nodeOf(flow: Flow, node: string, kind: string): Flow['nodes'][string] {
  const found = flow.nodes[node];
  if (found) return found;
  throw flow === shippedFlow() ? noNode(kind, node) : new Error(`the flow the test runs on has no ${kind} "${node}"`);
}

/**
 * The node a call on `line` of the shipped flow starts at (on the consumer line, consumer-welcome), as the flow's
 * "lines" names it: a test that takes what a call hears first reads the node from there, so renaming it does not
 * reach the test.
 */
export function startOf(line: string): string {
  const start = shippedFlow().lines[line]?.start;
  if (start === undefined) throw new Error(`flows/klarna-italia.json has no line "${line}": name in this test a line the flow has (${shippedLines().join(', ')})`);
  return start;
}

/**
 * The transfer a call on `line` of the shipped flow can reach in the fewest steps from the line's start (on the
 * consumer line, consumer-operator; on the merchant line, merchant-operator), found as a call finds it: a test that
 * checks what the app says of a transfer names the node from here, so renaming it does not reach the test.
 */
export function firstTransferOn(line: string): string {
  const nodes = shippedFlow().nodes;
  const queue = [startOf(line)];
  const seen = new Set<string>();
  for (const id of queue) {
    const node = nodes[id];
    if (seen.has(id) || !node) continue;
    seen.add(id);
    if (node.type === 'dial') return id;
    queue.push(...successors(node));
  }
  throw new Error(`flows/klarna-italia.json: no call on line "${line}" reaches a transfer; this test needs one`);
}

/** The shipped flow's lines, as its "lines" names them, in its order (e.g. consumer, merchant). */
export function shippedLines(): string[] {
  return Object.keys(shippedFlow().lines);
}

/**
 * The app settings of the operators' numbers a dial node of the shipped flow transfers to, by the caller's
 * language, in the order its "destination" gives them: for consumer-operator,
 * { it: 'DEST_CONSUMER_OPERATOR_IT', en: 'DEST_CONSUMER_OPERATOR_EN' }, and one more for each language an
 * editor adds. A destination without a setting is left out.
 */
export function operatorSettings(node: string): Record<string, string> {
  const flow = shippedFlow();
  const found = flow.nodes[node];
  if (found?.type !== 'dial') throw noNode('dial node', node);
  const byLanguage = typeof found.destination === 'string' ? { [flow.defaultLanguage]: found.destination } : found.destination;
  return Object.fromEntries(
    Object.entries(byLanguage).flatMap(([language, destination]) => {
      const setting = flow.destinations[destination]?.setting;
      return setting === undefined ? [] : [[language, setting]];
    }),
  );
}

/**
 * The settings of operatorSettings(node), each once, in order, as the app and `ivr explore` name them: languages that
 * share a destination (German callers put through to the English-speaking operators, say) share its setting.
 */
export function operatorSettingList(node: string, languages?: string[]): string[] {
  const byLanguage = operatorSettings(node);
  return [...new Set(Object.entries(byLanguage).flatMap(([language, setting]) => (languages === undefined || languages.includes(language) ? [setting] : [])))];
}

/** The shipped flow's lines with their numbers, as its "lines" gives them: "consumer +390237921240, merchant +390237921250" and any line an editor adds. */
export function shippedLineNumbers(): string {
  return Object.entries(shippedFlow().lines).map(([line, { number }]) => `${line} ${number}`).join(', ');
}

/** The shipped flow's languages, as its "languages" names them, in its order (e.g. it, en). */
export function shippedLanguages(): string[] {
  return Object.keys(shippedFlow().languages);
}

/**
 * An operators' number for every destination setting of the shipped flow, as a deployment sets them: OPERATOR_NUMBERS
 * for those it names, and a number of its own for each one more an editor adds (DEST_CARD_OPERATOR_IT for a card line,
 * say), so a call through a line or language added since still reaches an operator, never the placeholder the app refuses.
 */
export function shippedOperatorNumbers(): Record<string, string> {
  const numbers: Record<string, string> = { ...OPERATOR_NUMBERS };
  const settings = Object.values(shippedFlow().destinations).flatMap((destination) => (destination.setting === undefined ? [] : [destination.setting]));
  for (const setting of settings) numbers[setting] ??= `+3902000001${String(Object.keys(numbers).length).padStart(2, '0')}`;
  return numbers;
}

/**
 * The texts a call in `language` hears from `node`'s prompt, in order, as the flow writes them (a placeholder
 * such as {hours} left as written): a part written for one language (`{ "language": "en", "text": … }`) is
 * said as it is, whatever the call's language; a part with a text per language says the call's. Of the shipped
 * flow, unless the test runs on another (`flow`: the fixed copy of the menu, fixedFlow()).
 */
export function promptSaid(node: string, language: string, flow: Flow = shippedFlow()): string[] {
  const found = nodeOf(flow, node, 'node');
  const prompt = 'prompt' in found ? (found.prompt ?? []) : [];
  return prompt.map((part) => {
    const text = 'language' in part && 'text' in part ? part.text : (part as Record<string, string>)[language];
    if (typeof text !== 'string') throw new Error(`node "${node}" has no ${language} text in its prompt`);
    return text;
  });
}

/**
 * What a call in `language` hears from `node`'s prompt as a scenario's failure shows it: each sentence with the tag of
 * the language it is said in ("[it-IT] Benvenuto …", "[en-GB] For English, press 1."), in order.
 */
export function promptHeard(node: string, language: string): string[] {
  const flow = shippedFlow();
  const found = flow.nodes[node];
  const prompt = found && 'prompt' in found ? (found.prompt ?? []) : [];
  const said = promptSaid(node, language);
  return prompt.map((part, i) => {
    const spoken = 'language' in part && 'text' in part ? part.language : language;
    return `[${flow.languages[spoken]?.tag}] ${said[i]}`;
  });
}

/**
 * What a call in `language` hears when it fails a try at menu `node` of the shipped flow (or of `flow`, as
 * promptSaid), as the flow writes it: `invalid` after a key the menu does not offer, `noInput` after silence.
 */
export function retrySaid(node: string, why: 'invalid' | 'noInput', language: string, flow: Flow = shippedFlow()): string[] {
  const found = nodeOf(flow, node, 'menu with a retry');
  if (found.type !== 'menu' || !found.retry) throw flow === shippedFlow() ? noNode('menu with a retry', node) : new Error(`node "${node}" is no menu with a retry`);
  return found.retry[why].map((part) => {
    const text = 'language' in part && 'text' in part ? part.text : (part as Record<string, string>)[language];
    if (typeof text !== 'string') throw new Error(`menu "${node}" has no ${language} text in its retry.${why}`);
    return text;
  });
}

/** The first opening range of a weekday (`mon` … `sun`) in the shipped flow's weekly hours, or undefined when the line is closed all day. */
export function openingOn(day: Weekday): { open: string; close: string } | undefined {
  return shippedFlow().hours.weekly[day]?.[0];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
/** The Monday the search for an ordinary week starts from: fixed, so a test never depends on today. */
const FIRST_MONDAY = DateTime.fromISO('2026-11-23', { zone: 'Europe/Rome' });

/**
 * An instant when the shipped flow's line is open on `day`, as 'YYYY-MM-DDTHH:MM' in the flow's time zone: that
 * weekday of the first week from Monday 23 November 2026 with no holiday or closure on any day, in the middle of the
 * day's first opening range (so neither a moved opening nor a moved closing time reaches it).
 */
export function openInstant(day: Weekday): string {
  const range = openingOn(day);
  if (!range) throw new Error(`the shipped flow's line is closed all day on ${day}`);
  const hours = shippedFlow().hours;
  for (let week = 0; week < 53; week++) {
    const monday = FIRST_MONDAY.plus({ weeks: week });
    const days = WEEKDAYS.map((_, i) => monday.plus({ days: i }).toISODate() as string);
    if (days.some((date) => dayOffOn(hours, date, 'it'))) continue;
    const [openH, openM] = range.open.split(':').map(Number) as [number, number];
    const [closeH, closeM] = range.close.split(':').map(Number) as [number, number];
    const middle = Math.floor((openH * 60 + openM + closeH * 60 + closeM) / 2);
    const time = `${String(Math.floor(middle / 60)).padStart(2, '0')}:${String(middle % 60).padStart(2, '0')}`;
    return `${days[WEEKDAYS.indexOf(day)]}T${time}`;
  }
  throw new Error('the shipped flow has a holiday or closure in every week of a year');
}

/**
 * The shipped flow's file text with the consumer welcome's first words replaced by `words`: a save of the menu that
 * changes what the next call hears first and nothing else (for the tests of reloading a saved flow).
 */
export function shippedFlowWithWelcome(words: string): string {
  const flow = JSON.parse(readFileSync(SHIPPED_FLOW_FILE, 'utf8'));
  flow.nodes[flow.lines.consumer.start].prompt[0].text = words;
  return JSON.stringify(flow, null, 2);
}

/** XML text as TwiML carries it: "&", "<", ">" escaped (https://www.twilio.com/docs/voice/twiml/say). */
function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The `<Say>` element the app answers with for a text written for `language` in the shipped flow: the language's
 * tag and voice from the flow's "languages", the text escaped as XML.
 */
export function sayElement(text: string, language: string): string {
  const spoken = shippedFlow().languages[language];
  if (!spoken) throw new Error(`the shipped flow has no language "${language}"`);
  return `<Say language="${spoken.tag}" voice="${spoken.voice}">${xmlText(text)}</Say>`;
}

/** The first `<Say>` of `node`'s prompt in the shipped flow, in `language`: for the consumer welcome, the Italian greeting. */
export function firstSayOf(node: string, language: string): string {
  return sayElement(promptSaid(node, language)[0] as string, language);
}
