import type { DateTime } from 'luxon';
import type { CallOutcome, CallRecord as SchemaCallRecord } from '../records/callRecordSchema';
import type { Flow } from '../flow/schema';
import { transferAnswered, type CallInput } from '../engine/step';
import type { Plan } from '../engine/plan';
import { LATEST_STEPS_KEPT, type CallStep, type StepEnd, type TakenSteps } from '../journal/callJournal';

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
 * Characters of one input a call's record keeps. Digits and DialCallStatus are
 * whatever the request said (a caller can key dozens of digits, a forged
 * request with checking off anything): MAX_STEPS_PER_CALL answers of
 * 64,000 characters each would make an `ivr.call` line far past what
 * Application Insights keeps (32,768 characters).
 */
export const MAX_INPUT_CHARACTERS = 64;

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

/** An input or a node id a request asked for, whole, or its first MAX_INPUT_CHARACTERS and how long it was: a record that cannot be replayed says why. */
export function bounded(text: string): string {
  return text.length <= MAX_INPUT_CHARACTERS ? text : `${text.slice(0, MAX_INPUT_CHARACTERS)}${CUT_INPUT}${text.length} characters)`;
}

/** How the plan leaves the call; a hang-up right after an answered dial means the caller was put through. */
export function stepEnd(plan: Plan, input: CallInput | undefined): StepEnd {
  const last = plan.at(-1);
  if (!last || last.kind === 'hangup') {
    const answered = input?.kind === 'dial-ended' && transferAnswered(input.status);
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
