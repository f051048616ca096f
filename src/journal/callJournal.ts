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
 * What one answer did with the chat-link SMS: its prompt was the offer (`offered`), it answered the caller's
 * refusal of the offer (`declined`: another key, or silence until the offer timed out), or it tried the message
 * the caller asked for (`sent`, `failed`).
 */
export type StepSms = 'offered' | 'declined' | 'sent' | 'failed';

/**
 * What the call journal gave back for a finished call: its answers in order
 * (`omitted` counts answers left out in the middle to keep memory bounded),
 * or null when the journal could not be read, or, with `takenBefore`, when
 * this call's answers were taken already: Twilio sent its status callback
 * again, and the call's `ivr.call` line is written.
 */
export type TakenSteps = { steps: readonly CallStep[]; omitted: number } | { steps: null; takenBefore?: true };
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
