import type { CallStep, StepEnd, StepSms } from './callJournal';

// The order of a call's answers, which Twilio does not promise: a request it
// sends again is kept once (isSentAgain), and an answer still to come when the
// call's status callback arrives is waited for, briefly (awaitsLastAnswer), or
// logged when it comes too late (lateAnswerMessage). Both journals ask here.

/**
 * Whether a finished call has yet to keep an answer, so its status callback waits for it (LAST_ANSWER_WAIT_MS):
 *
 * - the action of the <Dial> its latest answer started. Twilio requests the action "when the <Dial> call ends"
 *   (https://www.twilio.com/docs/voice/twiml/dial#action), the caller hanging up included, and calls the status
 *   callback when the call ends: nothing documents which comes first, and without the action a caller who spoke with
 *   the operator would be "caller-hung-up-during-transfer". The action after a hang-up that found the transfer
 *   unanswered ends at the dial too (endAfterHangUp), but is the action itself: nothing more to wait for.
 * - the answer that says what became of the chat-link SMS the call claimed (`sms` sent or failed, answersSms). A
 *   caller who presses the key and hangs up at once is gone while the app waits for Twilio's Messages API, and the
 *   status callback can come meanwhile: without that answer the record would say `sms: unanswered` of a message that
 *   was sent. A request that ended in an app error after the claim is all there is to wait for.
 */
export function awaitsLastAnswer(latest: { end: StepEnd; afterHangUp?: boolean }, sms: { claimed: boolean; answered: boolean }): boolean {
  const dialing = latest.end === 'dial' && latest.afterHangUp !== true;
  return dialing || (sms.claimed && !sms.answered && latest.end !== 'error');
}

/** Whether an answer says what became of the call's chat-link SMS: the one a status callback may wait for (awaitsLastAnswer). */
export function answersSms(step: { sms?: StepSms | '' }): boolean {
  return step.sms === 'sent' || step.sms === 'failed';
}

/**
 * The longest a status callback waits for the call's last answer still to come, a <Dial>'s action or an SMS's
 * (awaitsLastAnswer), before it writes the record without it. Twilio sends the action and the status
 * callback at the end of the call, within moments; an SMS answer comes once Twilio's Messages API has answered,
 * which takes under a second nearly always (IVR_SMS_TIMEOUT_MS allows more). Twilio waits 15 s for the status
 * callback's answer (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides), which the table
 * journal's read and delete share with this wait. An answer later still is logged as a late answer and kept out of
 * the journal.
 */
export const LAST_ANSWER_WAIT_MS = 3000;

/** The line a journal logs for an answer that came after its call's record was written: the record lacks it. */
export function lateAnswerMessage(step: Pick<CallStep, 'callSid' | 'input'>): string {
  return (
    `CallSid=${step.callSid} answered a request (input ${JSON.stringify(step.input)}) after the call's status callback had written its ivr.call line: ` +
    'the record was written without that answer (Twilio does not order the two: docs/call-records.md, "Late answers")'
  );
}

/**
 * How long after a request an identical one (same URL, same body, same CallSid) may be Twilio sending it again
 * rather than the caller doing the same thing again. Twilio sends a request again only when its connection to
 * the app failed, once by default (`rc` 1), and makes all the tries within its total time, 15 s at most (`tt`,
 * https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides). A late answer is not asked again
 * by default: the read timeout (`rt`, 15 s) spends the whole total time, and Twilio turns to the fallback URL.
 * So the app sees one request twice only when a try reached it before the connection failed, or when a URL
 * asks for retries on read timeouts or error answers (`#rp=`). Merging guards the record against showing such
 * a step twice (and `ivr replay` against pressing its key twice).
 *
 * Twilio's requests carry an `I-Twilio-Idempotency-Token` header, but its documentation (searched for this)
 * does not say that a retry keeps it, so it decides nothing here. The cost of going by the request alone: a
 * caller who presses the same key at the same menu twice in a row within 15 s (`*`, to hear it again) is
 * counted once in the record (not in what they hear). One who goes elsewhere and comes back to press it again
 * is not (isSentAgain).
 */
const REPEAT_WINDOW_MS = 15_000;

/**
 * The parameters of Twilio's voice request that are the call's own, the same in each of its requests
 * (https://www.twilio.com/docs/voice/twiml#request-parameters): who called whom, where from, on which account.
 * What a request adds (CallStatus, Digits, SpeechResult, DialCallStatus, ...) is not among them.
 */
const SAME_ALL_CALL: ReadonlySet<string> = new Set([
  'AccountSid', 'ApiVersion', 'CallSid', 'CallToken', 'Direction', 'ForwardedFrom', 'CallerName', 'ParentCallSid', 'StirVerstat',
  'From', 'FromCity', 'FromState', 'FromZip', 'FromCountry', 'To', 'ToCity', 'ToState', 'ToZip', 'ToCountry',
  'Caller', 'CallerCity', 'CallerState', 'CallerZip', 'CallerCountry', 'Called', 'CalledCity', 'CalledState', 'CalledZip', 'CalledCountry',
]);

/**
 * A number for a request: its URL (path and query, where the call state rides) and its form, names and values
 * in the order sent. Twilio sends the same request again byte for byte; a 32-bit FNV-1a hash is compared only
 * with the call's answer just before, within REPEAT_WINDOW_MS, and keeps the journal from holding request text.
 * The parameters that say which call it is (SAME_ALL_CALL) are left out: two requests of one call always agree
 * on them, so they could tell none apart, and they are most of the form (hashing them was 6% of a simulated call).
 */
export function requestKey(pathAndQuery: string, names: readonly string[], values: readonly string[]): number {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    // A separator no text holds, so ("ab", "c") and ("a", "bc") differ.
    hash ^= 0xffff;
    hash = Math.imul(hash, 0x01000193);
  };
  add(pathAndQuery);
  names.forEach((name, i) => {
    if (SAME_ALL_CALL.has(name)) return;
    add(name);
    add(values[i] ?? '');
  });
  return hash >>> 0;
}

/**
 * Whether `request` is the one answered just before (`earlierKey`, arriving at `earlierAtMs`), sent again by
 * Twilio. Only the call's previous request can be: Twilio sends no later request of a call before it has an
 * answer to this one, so its retry comes before any. A caller who goes back to a menu and presses the same key
 * again makes the same request as before, but with another between: both presses are kept. The earlier
 * request as numbers (NaN for none), so the memory journal compares without making an object per answer.
 */
export function isSentAgain(request: CallStep['request'], earlierKey: number, earlierAtMs: number): boolean {
  return request !== undefined && request.key === earlierKey && Math.abs(request.atMs - earlierAtMs) <= REPEAT_WINDOW_MS;
}

/** A call's answers, in order, with each request Twilio sent again kept once (the first answer of it to reach the journal; isSentAgain). */
export function withoutRepeats(steps: readonly CallStep[]): CallStep[] {
  const kept: CallStep[] = [];
  for (const step of steps) {
    const previous = kept.at(-1)?.request;
    if (!(previous && isSentAgain(step.request, previous.key, previous.atMs))) kept.push(step);
  }
  return kept;
}
