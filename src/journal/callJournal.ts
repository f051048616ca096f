import type { CallStep, TakenSteps } from '../webhook/callRecords';

/**
 * Where a call's answers wait for its status callback. The call state travels
 * in the action URLs, but Twilio calls the status callback at the number's
 * fixed URL without it, possibly on another instance: so each answer is
 * recorded here, and the status callback takes the finished call's answers
 * back to write one `ivr.call` line.
 */
export interface CallJournal {
  /**
   * Keeps one webhook answer. Called on the caller's path, so it returns at
   * once, never throws and never waits for storage; a failure to keep it is
   * the journal's to report (once, not per call).
   */
  record(step: CallStep): void;
  /** A finished call's answers in order, forgotten as they are taken; resolves within a bounded time and never rejects. */
  take(callSid: string): Promise<TakenSteps>;
  /**
   * Claims the call's one chat-link SMS, before it is sent: the first request to ask sends it and says what
   * became of it (`settle`); a later one (Twilio sending a request again when the first was slow, its
   * fallback, another instance) sends nothing and learns whether it was sent: `sent` is true only when the
   * first's send worked. Never rejects, and resolves within what Twilio waits for a request (the table
   * journal waits there for a claim made on another instance to settle, or takes over one abandoned); a
   * journal that cannot tell (storage failing) lets the request send.
   */
  claimSms(callSid: string): Promise<SmsClaim>;
}

/** What claimSms answers: send it and settle, or it was claimed already and `sent` tells what became of it. */
export type SmsClaim = { first: true; settle(sent: boolean): void } | { first: false; sent: Promise<boolean> };

/**
 * Answers of one call that reach its `ivr.call` line: the first ones and the
 * latest, with "…" for those between. A caller who goes round a menu for an
 * hour must not make a line longer than Application Insights keeps (32,768
 * characters).
 */
export const MAX_STEPS_PER_CALL = 30;

/**
 * The latest answers kept whole, past the gap: the call's end and language,
 * and the answers before it that say how it got there. A transfer's last
 * answer (how the dial ended) enters no node: the one before entered the
 * transfer, and without it a long call put through shows no destination.
 */
export const LATEST_STEPS_KEPT = 3;

const CALL_SID = /^CA[0-9a-f]{32}$/i;

/** Only a real CallSid is journaled: anything else in a request must not become a key (or a table partition). */
export function isCallSid(value: string): boolean {
  return CALL_SID.test(value);
}

/** A request's CallSid as a log line may show it: anything else a request sends there is not repeated into the log. */
export function loggableCallSid(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return isCallSid(value) ? value : '(not a CallSid)';
}
