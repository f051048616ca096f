// The keys callers pressed at each menu and SMS offer, for the report's table
// of them (keysTable) and the terminal's summary (keysSummary): by line, menu,
// key and whether it was the last failed try the menu allows, each with its
// calls and how many times it was pressed. The arrows of the map cannot say
// this: the arrow to the operator counts the callers who pressed 2 with those
// the menu sent there after three failed tries, and a wrong key that asked the
// menu again is on its arrow back with silence. Only what menuChoices pairs
// with the path is counted, and the calls it could not pair are counted apart.

import type { Flow } from '../flow/schema';
import type { CallRecord } from '../records/callRecordSchema';
import { isFallback, isLastTry, type MenuChoice } from './keysPressed';
import { offerAt } from './smsOffers';

/** The calls that pressed one key at one menu, on the last failed try it allows or not, and went on to one node. */
export interface KeyPressed {
  /** The key, "none" for silence, or ANOTHER_KEY for the keys not listed one by one. */
  key: string;
  /** A failed try that was the last the menu allows (isLastTry): this flow sends it on to the menu's `exhausted`. */
  lastTry: boolean;
  /** Where the calls went: the node after the menu on their path (undefined for ANOTHER_KEY, which lumps them). */
  to: string | undefined;
  /** The calls that pressed it so, each once. */
  calls: number;
  /** How often it was pressed so, a call that pressed it again counted again. */
  times: number;
}

/** The keys pressed at one menu or SMS offer. */
export interface MenuKeys {
  /** Each key, try and node gone on to, by KeyPressed's key, lastTry and to. */
  rows: Map<string, KeyPressed>;
  /** The calls that pressed each key there, each once whatever the try: the terminal's "keys pressed most". */
  callsByKey: Map<string, number>;
  /** The calls the menu sent on to its `exhausted` node after the last failed try it allows, not by a key for it. */
  exhausted: number;
}

export interface KeyCounts {
  /** Per line of the flow, per menu or SMS offer, the keys pressed there. */
  byLine: Map<string, Map<string, MenuKeys>>;
  /** Calls with an answer at a menu or an offer that menuChoices could not pair with it: their keys from there on are not counted. */
  unpaired: number;
}

/** The row of the keys a record holds that are not a phone's (cut, forged), or more kinds than a menu's table lists. */
export const ANOTHER_KEY = 'another key';

/** A key as a phone has them, said by name: what a Gather with no numDigits takes, up to 8 keys ("22" pressed fast). */
const LISTED = /^[0-9*#]{1,8}$|^none$/;

/** The rows kept by name per menu: a forged file's every key cannot grow the tally; the rest are ANOTHER_KEY. */
const MAX_ROWS_PER_MENU = 40;

export function newKeyCounts(): KeyCounts {
  return { byLine: new Map(), unpaired: 0 };
}

/**
 * Adds one call's keys: `choices` are its answers as menuChoices paired them with its `path`. Calls on a line the
 * flow does not have are left out, as from the maps. Twilio's fallback is no key of the caller's: left out, as
 * fallbackNote says.
 */
export function countKeys(counts: KeyCounts, flow: Flow, line: string, path: readonly string[], sms: CallRecord['sms'], choices: readonly MenuChoice[]): void {
  if (!Object.hasOwn(flow.lines, line)) return;
  const answered = choices.filter(({ menu }) => takesAnswers(flow, menu));
  if (answered.length < answersOn(flow, path, sms)) counts.unpaired++;
  let menus = counts.byLine.get(line);
  if (!menus) counts.byLine.set(line, (menus = new Map()));
  const rowsSeen = new Set<KeyPressed>();
  const keysSeen = new Set<string>();
  const exhausted = new Set<string>();
  for (const { menu, key, to, tries } of answered) {
    if (isFallback(key)) continue;
    let keys = menus.get(menu);
    if (!keys) menus.set(menu, (keys = { rows: new Map(), callsByKey: new Map(), exhausted: 0 }));
    const lastTry = isLastTry(flow, menu, key, tries);
    const row = rowOf(keys, key, lastTry, to);
    row.times++;
    if (!rowsSeen.has(row)) {
      rowsSeen.add(row);
      row.calls++;
    }
    const once = JSON.stringify([menu, row.key]);
    if (!keysSeen.has(once)) {
      keysSeen.add(once);
      keys.callsByKey.set(row.key, (keys.callsByKey.get(row.key) ?? 0) + 1);
    }
    const node = flow.nodes[menu];
    if (lastTry && node?.type === 'menu' && to === node.retry?.exhausted && !exhausted.has(menu)) {
      exhausted.add(menu);
      keys.exhausted++;
    }
  }
}

/** The row of `key` pressed on the last try or not, going on to `to`: made if new, ANOTHER_KEY's once the menu has its fill. */
function rowOf(keys: MenuKeys, key: string, lastTry: boolean, to: string): KeyPressed {
  const id = JSON.stringify([key, lastTry, to]);
  const known = keys.rows.get(id);
  if (known) return known;
  if (LISTED.test(key) && keys.rows.size < MAX_ROWS_PER_MENU) {
    const row = { key, lastTry, to, calls: 0, times: 0 };
    keys.rows.set(id, row);
    return row;
  }
  const other = JSON.stringify([ANOTHER_KEY]);
  let row = keys.rows.get(other);
  if (!row) keys.rows.set(other, (row = { key: ANOTHER_KEY, lastTry: false, to: undefined, calls: 0, times: 0 }));
  return row;
}

/** Whether `node` is one of the flow's menus or SMS offers, which take a caller's answer (not a dial, whose end menuChoices may pair too). */
function takesAnswers(flow: Flow, node: string): boolean {
  const type = Object.hasOwn(flow.nodes, node) ? flow.nodes[node]?.type : undefined;
  return type === 'menu' || type === 'sms-offer';
}

/**
 * How many answers the call gave along `path`: one at each menu it went on from, and at each SMS offer it went on
 * from that its record does not say it passed without an offer (a landline caller presses nothing there). A node
 * the flow lacks, or a gap ("…"), took one or not: counted as one, as menuChoices cannot pair past it anyway.
 */
function answersOn(flow: Flow, path: readonly string[], sms: CallRecord['sms']): number {
  let answers = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const node = path[i] as string;
    if (!Object.hasOwn(flow.nodes, node)) answers++;
    else if (flow.nodes[node]?.type === 'menu') answers++;
    else if (flow.nodes[node]?.type === 'sms-offer' && offerAt(flow, path, sms, node) !== 'not offered') answers++;
  }
  return answers;
}
