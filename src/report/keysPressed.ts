// What callers pressed at each menu, and where it took them, read from a
// record's inputs and path, and whether the flow the report is drawn with
// sends that key there. A record keeps its inputs and its path apart: each
// menu node on the path (but the last, where the call may have ended) was
// answered by the next key input, and the node after it on the path is where
// that answer led. Right after a deploy that swapped two keys, the default
// flow labels an arrow "3" that these callers reached by pressing 4: the
// report says so (wrongKeysNote) and labels such arrows with what they pressed.

import type { Flow, MenuNode } from '../flow/schema';
import type { CallRecord } from '../records/callRecordSchema';
import { FALLBACK_INPUT, OMITTED } from '../webhook/callRecords';
import { offerAt, offerNodesOn } from './smsOffers';
import { ordinal } from '../text/ordinal';

/**
 * One answer at a menu: the key pressed ("none" for silence) and the node the path went on to. `tries` is how many
 * failed tries the caller had made at the menu before it (the engine's count: a key no option takes, or silence,
 * at a menu with no `otherwise`; any option, `*` to hear it again included, starts it again at 0), which decides
 * where a key the menu lacks goes: the menu again, or on the last try its `exhausted` node.
 *
 * A `key` that is Twilio's fallback ("fallback:11200") is no key of the caller's: a request failed and Twilio's
 * fallback URL answered it, the key in it lost (isFallback). At a menu the menu was said again (`to` is the menu,
 * the tries unchanged); at an SMS offer the call went on as if it was declined; at a transfer (`menu` is then the
 * dial node, `to` the node the call started over at) the call began again at the line's start.
 */
export interface MenuChoice {
  menu: string;
  key: string;
  to: string;
  tries: number;
}

/** Whether a record's input is Twilio's fallback answering a failed request, not something the caller did. */
export function isFallback(input: string): boolean {
  return input.startsWith(FALLBACK_INPUT);
}

/**
 * The menu answers of a call, in order, as far as the record lets them be paired without guessing: up to a gap
 * ("…"), a node the flow lacks, an SMS offer the record cannot place, or a menu said again after a key this flow
 * sends elsewhere in a record an input short from there (answersLeft); none for a call that started over (its
 * path begins again mid-way). Twilio's fallback is paired where the record places it (MenuChoice), and the pairing
 * goes on past it; where it does not (the path does not say the prompt again), the pairing stops there.
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
  const choices: MenuChoice[] = [];
  const offers = offerNodesOn(flow, path);
  let offersPassed = 0;
  let next = 0;
  // A transfer's end ("dial:busy", "dial:refused") answers its dial node, never a menu: passed over, and counted,
  // to tell a transfer whose end the record lacks (its request failed: Twilio's fallback answered it).
  let dialEnds = 0;
  let dialsPassed = 0;
  let dialBefore: string | undefined;
  const nextAnswer = (): string | undefined => {
    while (inputs[next]?.startsWith('dial:')) {
      next++;
      dialEnds++;
    }
    return inputs[next++];
  };
  let tries = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const menu = path[i] as string;
    const node = Object.hasOwn(flow.nodes, menu) ? flow.nodes[menu] : undefined;
    if (menu === OMITTED || !node) break;
    if (node.type === 'dial') {
      dialsPassed++;
      dialBefore = menu;
      continue;
    }
    if (node.type === 'sms-offer') {
      const answered = offersPassed++ === 0 && offerAt(flow, path, sms, menu) === 'offered' && (sms !== 'unanswered' || offers.length > 1);
      if (!answered) break;
    } else if (node.type !== 'menu') continue;
    let key = nextAnswer();
    const to = path[i + 1] as string;
    // A transfer's request failed (its end is not in the inputs): Twilio's fallback started the call again at the
    // line's start, where this node is. The fallback answered the transfer, and the next input is this node's.
    if (key !== undefined && isFallback(key) && dialBefore !== undefined && dialEnds < dialsPassed) {
      choices.push({ menu: dialBefore, key, to: menu, tries: 0 });
      dialEnds = dialsPassed;
      tries = 0;
      key = nextAnswer();
    }
    dialBefore = undefined;
    if (key === undefined || key === OMITTED || key.startsWith('sms:') || to === OMITTED) break;
    if (isFallback(key)) {
      // The menu said again, the tries as they were; an SMS offer passed as declined. Anywhere else the record
      // does not say where the fallback answered: the inputs may no longer pair with the path's menus in order.
      if (node.type === 'menu' ? to !== menu : to !== node.next) break;
      choices.push({ menu, key, to, tries: node.type === 'menu' ? tries : 0 });
      continue;
    }
    if (node.type === 'menu') {
      // The menu again where this flow sends the key elsewhere: either the flow then had no such key (a key added
      // since, "add key 6"), or, in a record written before the app recorded Twilio's fallback, the fallback asked
      // the menu again with no input, and the key is the second asking's. The second leaves the inputs one short of
      // the nodes that took one: paired only when they are not (answersLeft).
      if (to === menu && !isFailedTry(node, key) && sendsTo(flow, menu, key, tries) !== menu && !answersLeft(flow, path, i, inputs, next - 1, sms)) break;
      choices.push({ menu, key, to, tries });
      // Back at the menu, not by an option of this flow that leads there (* to hear it again): a failed try,
      // counted towards the menu's last (a key this flow sends elsewhere was one the calls' flow lacked). Any other
      // answer left the menu, or said it again by its own key, and starts the tries again.
      const option = node.options.find((o) => o.key === key);
      tries = to === menu && option?.next !== menu ? tries + 1 : 0;
    } else {
      choices.push({ menu, key, to, tries: 0 });
      tries = 0;
    }
  }
  return choices;
}

/**
 * Whether the inputs from `inputs[from]` on can answer every node of `path` from `at` on that took one: each menu
 * and SMS offer the call went on from (a dial's end is a "dial:" input of its own, not counted). A record written
 * before the app recorded Twilio's fallback (7 December 2026) that lost one has an input fewer than those nodes
 * from the menu said again; a record with a "fallback:" input records them all, and lost none. Not known (false)
 * past a gap ("…") or a node the flow lacks, and where an SMS offer may have taken an input or not (a record with no
 * `sms`, before declined offers were recorded, or a path through two offers): whether one is short, the record
 * does not say.
 */
function answersLeft(flow: Flow, path: readonly string[], at: number, inputs: readonly string[], from: number, sms: CallRecord['sms']): boolean {
  if (inputs.some(isFallback)) return true;
  let nodes = 0;
  for (let i = at; i + 1 < path.length; i++) {
    const id = path[i] as string;
    const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    if (id === OMITTED || !node) return false;
    if (node.type === 'sms-offer' && (sms === undefined || offerAt(flow, path, sms, id) !== 'offered')) return false;
    if (node.type === 'menu' || node.type === 'sms-offer') nodes++;
  }
  const answers = inputs.slice(from).filter((input) => !input.startsWith('dial:'));
  return !answers.includes(OMITTED) && answers.length >= nodes;
}

/** Whether `key` is a failed try at a menu: no option takes it, and there is no `otherwise` (silence is "none"). */
function isFailedTry(node: MenuNode, key: string): boolean {
  return !node.otherwise && !node.options.some((o) => o.key === key);
}

/** Whether a failed try after `tries` others at `node` is the last it allows, which goes on to its `exhausted` node (as the engine counts). */
function endsTries(node: MenuNode, tries: number): boolean {
  return !!node.retry && tries + 1 >= node.retry.maxAttempts;
}

/** Whether `key` at `menu`, after `tries` failed tries there, is the last try the flow allows: it goes on to the menu's `exhausted`. */
export function isLastTry(flow: Flow, menu: string, key: string, tries: number): boolean {
  const node = flow.nodes[menu];
  return node?.type === 'menu' && isFailedTry(node, key) && endsTries(node, tries);
}

/**
 * Where `flow` sends `key` at the menu `menu` after `tries` failed tries there, as the engine does: its option's
 * node, else `otherwise`, else the menu again, or on the last try allowed its `exhausted` node. Undefined at a node
 * that is not a menu.
 */
export function sendsTo(flow: Flow, menu: string, key: string, tries: number): string | undefined {
  const node = flow.nodes[menu];
  if (node?.type !== 'menu') return undefined;
  const option = node.options.find((o) => o.key === key);
  if (option) return option.next;
  if (node.otherwise) return node.otherwise;
  if (!node.retry) return undefined;
  return endsTries(node, tries) ? node.retry.exhausted : menu;
}

/** A key as the report says it: "no key" for silence. */
export function keyWords(key: string): string {
  return key === 'none' ? 'no key' : key;
}

/**
 * Where the flow sends a key, in words: "sends 3 to consumer-written", "has no key 6 there (the menu asks again)";
 * `lastTry` when the caller pressed it on the last try the menu allows, which goes on to its `exhausted` node:
 * "has no key 6 there (a 3rd failed try, which goes on to consumer-operator-hours)". At an SMS offer, whether it
 * sends the SMS: "sends the SMS, then goes on to goodbye", "takes no key as declining the SMS, and goes on to goodbye".
 */
export function flowSendsWords(flow: Flow, menu: string, key: string, lastTry: boolean, show: (value: string) => string): string {
  const node = flow.nodes[menu];
  if (node?.type === 'sms-offer') return key === node.key ? `sends the SMS, then goes on to ${show(node.next)}` : `takes ${show(keyWords(key))} as declining the SMS, and goes on to ${show(node.next)}`;
  if (node?.type !== 'menu') return `has no menu ${show(menu)}`;
  const option = node.options.find((o) => o.key === key);
  if (option) return `sends ${show(keyWords(key))} to ${show(option.next)}`;
  if (node.otherwise) return key === 'none' ? `sends no key to ${show(node.otherwise)}` : `has no key ${show(key)} there (it goes on to ${show(node.otherwise)})`;
  const exhausted = lastTry && node.retry ? `a ${ordinal(node.retry.maxAttempts)} failed try, which goes on to ${show(node.retry.exhausted)}` : '';
  if (key === 'none') return exhausted ? `takes no key as ${exhausted}` : 'asks again when no key is pressed';
  return `has no key ${show(key)} there (${exhausted || 'the menu asks again'})`;
}
