// Whether a call's record says the chat-link SMS offer (an sms-offer node) was
// made to it. The app offers it to mobile callers only, with a sender set
// (canOfferSms): a landline caller passes the node without hearing an offer or
// pressing anything, the transition `ivr test --coverage` calls "not offered".
// The record's `sms` says whether an offer was made: sent, failed, declined or
// unanswered when it was, nothing when it was not. Records written before
// early December 2026 say nothing of a declined offer either: in them such a
// call reads as not offered (docs/cli.md, "ivr report").
//
// "unanswered" says less than it seems: the offer goes to Twilio with the
// message before it (closed, the apology), and Twilio does not say how much of
// either the caller heard. A caller who hung up 12 s into the closed message
// is "unanswered" at the offer: the report says such calls ended before
// answering, perhaps before hearing it, never that they hung up at the offer.

import type { Flow } from '../flow/schema';
import type { CallRecord } from '../records/callRecordSchema';

/** What a record says of an SMS offer node on its path. */
export type OfferSeen = 'offered' | 'not offered';

/** The words the report uses for a call that passed an SMS offer node without an offer, as `ivr test --coverage` names that transition. */
export const NOT_OFFERED = 'not offered';

/** What the records cannot say of a call through two offer nodes: which of them made the offer its `sms` speaks of. */
export const OFFER_NOT_KNOWN = 'offered or not: not known';

/**
 * The words for calls offered the SMS that ended before any answer (`sms` unanswered), which may have hung up
 * before hearing it: the map's box says the second part on a line of its own, to be no wider than the others.
 */
export const ENDED_BEFORE_ANSWERING = 'ended before answering';
export const PERHAPS_UNHEARD = '(perhaps before hearing it)';

/**
 * Whether the call ended at the SMS offer `last`, its path's last node, before answering it: its record says
 * `unanswered`, or, written before 7 December 2026, `declined` of a caller who hung up there (a declined
 * offer goes on to the offer's next node, so a record of today that says so does not end at it).
 */
export function endedBeforeAnswering(flow: Flow, last: string, record: Pick<CallRecord, 'sms' | 'outcome'>): boolean {
  if (!isSmsOffer(flow, last)) return false;
  return record.sms === 'unanswered' || (record.sms === 'declined' && record.outcome === 'caller-hung-up-in-menu');
}

/** Whether `node` is an SMS offer node of `flow` (a record's node id is checked as the flow's own, never as an Object property). */
export function isSmsOffer(flow: Flow, node: string): boolean {
  return Object.hasOwn(flow.nodes, node) && flow.nodes[node]?.type === 'sms-offer';
}

/**
 * Whether the call was offered the SMS at `node`, an sms-offer node on its `path`: "not offered" when the record
 * has no `sms`; "offered" when it has one and `node` is the only offer node on the path; undefined when the path
 * passes two offer nodes (a flow may have one per line), and the record does not say which of them made the offer.
 */
export function offerAt(flow: Flow, path: readonly string[], sms: CallRecord['sms'], node: string): OfferSeen | undefined {
  if (sms === undefined) return 'not offered';
  return offerNodesOn(flow, path).every((offer) => offer === node) ? 'offered' : undefined;
}

/** The sms-offer nodes on `path`, in order, each time the call entered one. */
export function offerNodesOn(flow: Flow, path: readonly string[]): string[] {
  return path.filter((node) => isSmsOffer(flow, node));
}
