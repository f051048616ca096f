// How a call ended, in words a customer-service lead reads without a key:
// the record's `outcome` is one word for queries to group by, and the page
// keeps it beside these (engineers query by it).

import type { CallOutcome } from '../records/callRecordSchema';

const WORDS: Record<CallOutcome, string> = {
  transferred: 'put through to an operator',
  // Its last words and the hang-up after them are one answer to Twilio: a caller who hung up during them is one too.
  'menu-hung-up': 'the menu ended the call after its last words (the goodbye), or the caller hung up during them',
  // The menu's words and its wait for a key are one answer to Twilio, which does not say how much the caller heard.
  'caller-hung-up-in-menu': 'hung up while the menu spoke or waited for a key',
  // While it rang, or during the words before the <Dial> (no dial status in the record): the caller was gone either way.
  'caller-hung-up-during-transfer': 'hung up during a transfer, while it rang or during the words before it',
  'app-error': 'heard the apology after an app error',
  unknown: 'not known: no path recorded',
  busy: 'busy',
  'no-answer': 'not answered',
  failed: 'failed to connect',
  canceled: 'hung up before the menu answered',
};

/** An outcome in plain words; one the app does not write (a record from another version) as it is. */
export function outcomeWords(outcome: string): string {
  return Object.hasOwn(WORDS, outcome) ? WORDS[outcome as CallOutcome] : outcome;
}

/** Outcomes said in short words where several stand in one line of the terminal summary. */
const SHORT: Partial<Record<CallOutcome, string>> = {
  'caller-hung-up-during-transfer': 'hung up during a transfer',
  'app-error': 'app error',
  unknown: 'not known',
};

export function outcomeShort(outcome: string): string {
  return SHORT[outcome as CallOutcome] ?? outcomeWords(outcome);
}
