import type { DateTime } from 'luxon';
import type { CallOutcome, CallRecord as SchemaCallRecord } from '../records/callRecordSchema';
import type { Flow } from '../flow/schema';
import { transferAnswered, type CallInput } from '../engine/step';
import type { Plan } from '../engine/plan';
import { LATEST_STEPS_KEPT } from '../journal/callJournal';

// Structured log lines, one JSON object each, that Application Insights keeps
// in `traces` (docs/call-records.md has the queries). Twilio calls the status callback
// at the number's fixed URL, without our call state, so each webhook answer
// hands a `CallStep` to the call journal (src/journal) and the status callback
// takes a finished call's steps back from it: one `ivr.call` line then tells
// the whole call, with no join in the query.

export const CALL_EVENT = 'ivr.call';
export const SMS_EVENT = 'ivr.sms';

/** The input a record shows where the app refused a transfer to a number that rings itself. */
export const DIAL_REFUSED = 'dial:refused';

/**
 * How a webhook answer left the call: waiting for keys, ringing a transfer,
 * put through, ended by the menu, or the apology after the app failed.
 */
export type StepEnd = 'gather' | 'dial' | 'transferred' | 'hangup' | 'error';

/** One webhook answer, as the call journal keeps it until the status callback. */
export interface CallStep {
  callSid: string;
  line: string;
  language: string;
  /** What Twilio reported: "call" for the first request, keys, "none" for silence, "dial:<status>". */
  input: string;
  /** Nodes entered while answering this request, in order. */
  nodes: readonly string[];
  end: StepEnd;
  /** This answer refused a transfer to a number that rings this app (ownNumbers.ts): the record's inputs say "dial:refused" after its input. */
  dialRefused?: true;
  /** The chat-link SMS in this answer: sent or failed (the caller took the offer), or offered (this answer's prompt was the offer). */
  sms?: StepSms;
  /** The call's first answer only: its instant in epoch milliseconds, when the call began (the status callback writes it as ISO 8601, off the caller's path). */
  startedAtMs?: number;
  /** The request answered, as requestKey gives it, and when it arrived (epoch ms): a request Twilio sent again is told by them (isSentAgain). */
  request?: { key: number; atMs: number };
  /** This answer started the call over: its request asked for this node, which the flow does not have (or cannot resume); at most MAX_INPUT_CHARACTERS of it. */
  startedOver?: string;
  /**
   * The request came after the caller hung up: its CallStatus was final (`completed`, ...), as on the <Dial> action
   * Twilio requests when a transfer ends with the caller gone. Such a request can reach the app after the call's
   * status callback, which nothing in Twilio's documentation orders: see awaitsLastAnswer and the journals' late answers.
   */
  afterHangUp?: true;
}

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

/**
 * What one answer did with the chat-link SMS: its prompt was the offer (`offered`), it answered the caller's
 * refusal of the offer (`declined`: another key, or silence until the offer timed out), or it tried the message
 * the caller asked for (`sent`, `failed`).
 */
export type StepSms = 'offered' | 'declined' | 'sent' | 'failed';

/**
 * Characters of one input a call's record keeps. Digits and DialCallStatus are
 * whatever the request said (a caller can key dozens of digits, a forged
 * request with checking off anything): MAX_STEPS_PER_CALL answers of
 * 64,000 characters each would make an `ivr.call` line far past what
 * Application Insights keeps (32,768 characters).
 */
export const MAX_INPUT_CHARACTERS = 64;

/** A node id a request asked for, as a record may keep it (see `bounded`). */
export function describeNode(node: string): string {
  return bounded(node);
}

export function describeInput(input: CallInput | undefined): string {
  if (input === undefined) return 'call';
  switch (input.kind) {
    case 'keys':
      return bounded(input.digits);
    case 'silence':
      return 'none';
    case 'dial-ended':
      return `dial:${bounded(input.status)}`;
    case 'sms-result':
      return input.sent ? 'sms:sent' : 'sms:failed';
  }
}

/** The input a record shows where Twilio's fallback URL answered after one of the call's continue requests failed. */
export const FALLBACK_INPUT = 'fallback:';

/**
 * A fallback request's input: "fallback:" and Twilio's ErrorCode (11200 for an HTTP failure, ...), from the request,
 * so bounded. The failed request's key was lost: the fallback answered it by asking the prompt again.
 */
export function describeFallback(errorCode: string | undefined): string {
  return `${FALLBACK_INPUT}${bounded(errorCode ?? '')}`;
}

/** What follows the first MAX_INPUT_CHARACTERS of an input that was cut, before its length. */
export const CUT_INPUT = '…(cut from ';

/** The input whole, or its first MAX_INPUT_CHARACTERS and how long it was: a record that cannot be replayed says why. */
function bounded(text: string): string {
  return text.length <= MAX_INPUT_CHARACTERS ? text : `${text.slice(0, MAX_INPUT_CHARACTERS)}${CUT_INPUT}${text.length} characters)`;
}

/** How the plan leaves the call; a hang-up right after an answered dial means the caller was put through. */
export function stepEnd(plan: Plan, input: CallInput | undefined): StepEnd {
  const last = plan.at(-1);
  if (!last || last.kind === 'hangup') {
    const answered = input?.kind === 'dial-ended' && (input.status === 'completed' || input.status === 'answered');
    return answered && plan.length === 1 ? 'transferred' : 'hangup';
  }
  if (last.kind === 'dial') return 'dial';
  return 'gather';
}

/**
 * How a request made after the caller hung up (`afterHangUp`: its CallStatus is final, isFinished) leaves the call;
 * undefined for a call still on the line.
 * Twilio requests a <Dial> action "when the <Dial> call ends" (https://www.twilio.com/docs/voice/twiml/dial#action),
 * the caller hanging up included, and then says the call is over: its CallStatus is final (`completed`, "the call
 * was answered and has ended", https://www.twilio.com/docs/voice/twiml#callstatus-values, where a call still
 * on the line is `in-progress`), and nothing answered to it is run. A transfer that was answered (the caller
 * spoke with the operator, then hung up) put the call through; any other ended while it rang. Any other answer
 * (a key Twilio reports once the caller is gone) leaves the call where it was, in the menu: no transfer rings,
 * no SMS is sent, and the record names no node the caller did not hear.
 */
export function endAfterHangUp(input: CallInput | undefined, afterHangUp: boolean): StepEnd | undefined {
  if (!afterHangUp) return undefined;
  if (input?.kind !== 'dial-ended') return 'gather';
  return transferAnswered(input.status) ? 'transferred' : 'dial';
}

/** The flow's code ("it", "en") of the language a sentence is said in, by its speech tag ("it-IT", "en-GB"); undefined for a tag of none. */
export function languageCodeOf(flow: Flow, tag: string): string | undefined {
  return Object.entries(flow.languages).find(([, language]) => language.tag === tag)?.[0];
}

/** The language the call is in after this answer: the state it carries on, else the last sentence said. */
export function languageAfter(plan: Plan, flow: Flow, fallback: string): string {
  for (let i = plan.length - 1; i >= 0; i--) {
    const action = plan[i];
    if (action && 'next' in action) return action.next.language;
    if (action?.kind === 'say') {
      const code = languageCodeOf(flow, action.speech.language);
      // A sentence fixed to one language ("For English, press 1") says nothing of the caller's.
      if (code !== undefined && i === plan.length - 2) return code;
    }
  }
  return fallback;
}

const FINISHED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** Whether a status callback reports a call that is over (Twilio's final CallStatus values). */
export function isFinished(status: string | undefined): status is string {
  return status !== undefined && FINISHED.has(status);
}

const OUTCOME_OF_LAST_END: Record<StepEnd, CallOutcome> = {
  transferred: 'transferred',
  hangup: 'menu-hung-up',
  gather: 'caller-hung-up-in-menu',
  dial: 'caller-hung-up-during-transfer',
  error: 'app-error',
};

/**
 * What the call journal gave back for a finished call: its answers in order
 * (`omitted` counts answers left out in the middle to keep memory bounded),
 * or null when the journal could not be read, or, with `takenBefore`, when
 * this call's answers were taken already: Twilio sent its status callback
 * again, and the call's `ivr.call` line is written.
 */
export type TakenSteps = { steps: readonly CallStep[]; omitted: number } | { steps: null; takenBefore?: true };

/** Written where an answer was left out of the path, so a reader sees the gap. */
export const OMITTED = '…';

/** An `ivr.call` line without its event name: the schema in src/records/callRecordSchema.ts says what each field is. */
export type CallRecord = Omit<SchemaCallRecord, 'event'>;

/** The journal's part of the record: the path, language, inputs and how the menu left the call. */
export function journalFields(status: string, taken: TakenSteps): Pick<CallRecord, 'outcome' | 'language' | 'path' | 'inputs' | 'pathMissing' | 'sms' | 'startedOver'> & { startedAtMs?: number } {
  const steps = taken.steps ?? [];
  const last = steps.at(-1);
  const completed = status === 'completed';
  if (!last) {
    return { outcome: completed ? 'unknown' : (status as CallOutcome), language: null, path: null, inputs: null, pathMissing: taken.steps ? 'not-recorded' : 'journal-unavailable' };
  }
  const omitted = taken.steps ? taken.omitted : 0;
  // Every call's first answer is to its first request, "call": a journal whose first answer is a later one missed the start.
  const partial = steps[0]!.input !== 'call';
  const path: string[] = partial ? [OMITTED] : [];
  const inputs: string[] = partial ? [OMITTED] : [];
  const startedOver: string[] = [];
  steps.forEach((step, i) => {
    if (omitted > 0 && i === steps.length - LATEST_STEPS_KEPT) {
      path.push(OMITTED);
      inputs.push(OMITTED);
    }
    // Twilio makes one start request per call, but sends a request again when its connection failed (or as a URL's
    // `#rp=` asks: REPEAT_WINDOW_MS), or calls the fallback URL, the start URL, when the start request failed
    // (ErrorUrl the start URL): a second start is that retry or that fallback, and the caller heard the welcome once.
    if (i > 0 && isFreshStart(step)) return;
    path.push(...step.nodes);
    // "call" is the first request, not something the caller did.
    if (step.input !== 'call') inputs.push(step.input);
    // Where "dial:busy" would be, had the transfer been made: the path alone reads like a failed transfer.
    if (step.dialRefused) inputs.push(DIAL_REFUSED);
    if (step.startedOver !== undefined) startedOver.push(step.startedOver);
  });
  const sms = smsOf(steps);
  const startedAtMs = steps[0]?.startedAtMs;
  return {
    outcome: completed ? OUTCOME_OF_LAST_END[last.end] : (status as CallOutcome),
    language: last.language,
    path,
    inputs,
    ...(partial ? { pathMissing: 'partial' as const } : {}),
    ...(sms ? { sms } : {}),
    ...(startedOver.length > 0 ? { startedOver } : {}),
    ...(startedAtMs !== undefined ? { startedAtMs } : {}),
  };
}

/**
 * A start request that began the call: "call", with the instant it began. Twilio's fallback to the start URL
 * after a continue request failed carries no such instant: the caller may really hear the menu again. A fallback
 * after the start request itself failed carries one: the caller heard the welcome once, from one of the two.
 */
function isFreshStart(step: CallStep): boolean {
  return step.input === 'call' && step.startedAtMs !== undefined;
}

/**
 * The call's SMS: the last message tried (sent or failed); else what became of
 * the last offer: `declined` when the caller answered it otherwise (another
 * key, or silence until it timed out), `unanswered` when the call ended before
 * any answer to it came (the caller hung up during the offer, or before it was
 * said: the app sends a prompt's TwiML whole, and Twilio does not say how much
 * of it was heard). `ivr replay` needs to know the offer was made: only a
 * mobile caller with a sender configured is offered it.
 */
function smsOf(steps: readonly CallStep[]): CallRecord['sms'] {
  let offer: 'declined' | 'unanswered' | undefined;
  let tried: 'sent' | 'failed' | undefined;
  for (const step of steps) {
    if (step.sms === 'offered') offer = 'unanswered';
    else if (step.sms === 'declined') offer = 'declined';
    else if (step.sms) tried = step.sms;
  }
  return tried ?? offer;
}

/** An instant as call records give it: to the second, ISO 8601 with the offset of `timeZone` (e.g. 2026-11-24T10:00:00+01:00). */
export function recordInstant(instant: DateTime, timeZone: string): string | undefined {
  return instant.setZone(timeZone).startOf('second').toISO({ suppressMilliseconds: true }) ?? undefined;
}

export function callLine(record: CallRecord): string {
  return JSON.stringify({ event: CALL_EVENT, ...record });
}

// `"event":"ivr.call"`, or with its quotes escaped as in an export's `message` string: other lines name
// ivr.call in words (the host's start-up line, the journal's warnings) and are no record, whole or cut.
const CALL_LINE_MARK = new RegExp(`\\\\?"event\\\\?"\\s*:\\s*\\\\?"${CALL_EVENT.replace('.', '\\.')}\\\\?"`);

/** Whether a line holds a call's record (callLine's), as the hosts, replay, report and tests pick them out. */
export function isCallLine(message: string): boolean {
  return CALL_LINE_MARK.test(message);
}
