// What callers pressed at each menu, and where it took them, read from a
// record's inputs and path, and whether the flow the report is drawn with
// sends that key there. A record keeps its inputs and its path apart: each
// menu node on the path (but the last, where the call may have ended) was
// answered by the next key input, and the node after it on the path is where
// that answer led. Right after a deploy that swapped two keys, the default
// flow labels an arrow "3" that these callers reached by pressing 4: the
// report says so (wrongKeysNote) and labels such arrows with what they pressed.

import type { Flow } from '../flow/schema';
import type { CallRecord } from '../records/callRecordSchema';
import { FALLBACK_INPUT, OMITTED } from '../webhook/callRecords';
import { offerAt, offerNodesOn } from './smsOffers';

/** One answer at a menu: the key pressed ("none" for silence) and the node the path went on to. */
export interface MenuChoice {
  menu: string;
  key: string;
  to: string;
}

/**
 * The menu answers of a call, in order, as far as the record lets them be paired without guessing: up to a gap
 * ("…"), Twilio's fallback, a node the flow lacks, or an SMS offer the record cannot place; none for a call that
 * started over (its path begins again mid-way).
 *
 * An SMS offer is made to mobile callers only; the record's `sms` says whether it was (smsOffers). An offer made
 * and passed (sent, failed: the caller pressed its key; declined: another key, or "none" for silence) took the next
 * input, paired like a menu's. With no `sms` the call may have passed without an offer (a landline) or, in a record
 * written before the app recorded declined offers, declined it with a key: which, the record does not say, so the
 * pairing stops there. With `sms`, the first offer on the path was made (the caller is on a mobile, and no SMS was
 * sent before it) and, the path going on, answered; a later one is not made once the SMS was sent, so whether it
 * took an input the record does not say: the pairing stops at it, and at any offer of a path through two offer
 * nodes (the one `sms` does not say which made the offer). An offer the path passes on from though the record
 * says the call ended during it (unanswered) and no other offer follows is a record that contradicts itself: not
 * paired either.
 */
export function menuChoices(flow: Flow, path: readonly string[], inputs: readonly string[], startedOver: boolean, sms?: CallRecord['sms']): MenuChoice[] {
  if (startedOver) return [];
  // A transfer's end ("dial:busy", "dial:refused") answers its dial node, never a menu.
  const keys = inputs.filter((input) => !input.startsWith('dial:'));
  const choices: MenuChoice[] = [];
  const offers = offerNodesOn(flow, path);
  let offersPassed = 0;
  let next = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const menu = path[i] as string;
    const node = flow.nodes[menu];
    if (menu === OMITTED || !node) break;
    if (node.type === 'sms-offer') {
      const answered = offersPassed++ === 0 && offerAt(flow, path, sms, menu) === 'offered' && (sms !== 'unanswered' || offers.length > 1);
      if (!answered) break;
    } else if (node.type !== 'menu') continue;
    const key = keys[next++];
    const to = path[i + 1] as string;
    // Twilio's fallback ("fallback:11200") answered a request that failed, at a menu or a transfer: from there on
    // the inputs no longer pair with the path's menus in order.
    if (key === undefined || key === OMITTED || key.startsWith('sms:') || key.startsWith(FALLBACK_INPUT) || to === OMITTED) break;
    // The menu again where this key leads elsewhere: Twilio's fallback asked it again with no answer. Not paired.
    if (to === menu && !sendsTo(flow, menu, key).includes(to)) break;
    choices.push({ menu, key, to });
  }
  return choices;
}

/** Where `flow` sends `key` at the menu `menu`: its option's node, else where a wrong key or silence goes. */
export function sendsTo(flow: Flow, menu: string, key: string): string[] {
  const node = flow.nodes[menu];
  if (node?.type !== 'menu') return [];
  const option = node.options.find((o) => o.key === key);
  if (option) return [option.next];
  if (node.otherwise) return [node.otherwise];
  return node.retry ? [menu, node.retry.exhausted] : [];
}

/** A key as the report says it: "no key" for silence. */
export function keyWords(key: string): string {
  return key === 'none' ? 'no key' : key;
}

/** Where the flow sends a key, in words: "sends 3 to consumer-written", "has no key 6 there (the menu asks again)". */
export function flowSendsWords(flow: Flow, menu: string, key: string, show: (value: string) => string): string {
  const node = flow.nodes[menu];
  if (node?.type !== 'menu') return `has no menu ${show(menu)}`;
  const option = node.options.find((o) => o.key === key);
  if (option) return `sends ${show(keyWords(key))} to ${show(option.next)}`;
  if (key === 'none') return node.otherwise ? `sends no key to ${show(node.otherwise)}` : 'asks again when no key is pressed';
  return `has no key ${show(key)} there (${node.otherwise ? `it goes on to ${show(node.otherwise)}` : 'the menu asks again'})`;
}
