// The simulator's public vocabulary: what goes in (options, caller actions,
// the transport) and what comes out (CallResult: plain data, so the CLI can
// print it and serialise it as JSON unchanged; its events and outcome are in
// events.ts and outcome.ts).

import type { PlainRequest, PlainResponse } from '../http/plainHttp';
import type { VirtualClock } from './virtualClock';

/** How a webhook request reaches the app: its in-process `handle`, real HTTP, or a file. */
export type Transport = (request: PlainRequest) => Promise<PlainResponse>;

/** What the caller does when Twilio waits for input. */
export type CallerAction =
  | { digits: string; after?: number }
  | {
      speech: string;
      after?: number;
      /** During a <Record>: the key pressed once the words are said (it ends the recording when it is a finishOnKey). */
      thenKey?: string;
      /** During a <Record>: the caller hangs up once the words are said. */
      thenHangup?: true;
    }
  | { silence: true }
  | { hangup: true; after?: number };

/*
 * `after` (on keys and speech) is the moment of the input, in seconds into a
 * <Gather>'s nested prompt: keys (or speech, unless bargeIn="false") before
 * the prompt ends interrupt it there, as Twilio does; later than the prompt,
 * they come that long after it began (past the Gather's timeout, too late).
 * Without it the input comes as soon as the prompt has played. On a hang-up
 * it is the moment the caller puts the phone down during the prompt. Only a script
 * that answers before the prompt plays can interrupt it: an array, or
 * `{ beforePrompt }`; a plain function has heard the whole prompt already.
 */

export interface SaidText {
  text: string;
  language: string;
}

/** A <Gather> waiting for the caller: what was asked and how it will listen. */
export interface GatherPrompt {
  verb: 'Gather';
  /** 1-based count of input prompts (Gather or Record) so far in this call. */
  index: number;
  input: Array<'dtmf' | 'speech'>;
  numDigits?: number;
  finishOnKey: string;
  timeout: number;
  speechTimeout?: string;
  /** Language expected for speech recognition (Gather's own attribute). */
  language: string;
  hints?: string;
  /** The <Say> texts nested in this Gather, in the order the caller heard them. */
  says: SaidText[];
  /** The <Play> URLs (or DTMF digits) nested in this Gather. */
  plays: string[];
  /**
   * The nested prompt in order, each part with the second (into the prompt)
   * it starts and how long it lasts: what a script needs to pick a moment to
   * interrupt (a <Pause> is a silence). A loop="0" part lasts for ever (null).
   */
  timeline: PromptPart[];
  /**
   * How long the nested prompt plays: to the end of its last part, null when a
   * part repeats for ever. The figure the simulator cuts the prompt by (an
   * `after` at or beyond it cuts nothing) and waits for the first key after.
   */
  promptSeconds: number | null;
  /** The second of the call at which the prompt began: `timeline`'s parts start this much later. */
  startedAt: number;
  /** Whether speech stops the nested prompt (Twilio's bargeIn, default true); keys always do. */
  bargeIn: boolean;
  action: string;
  method: HttpMethod;
  actionOnEmptyResult: boolean;
}

export interface PromptPart {
  verb: 'Say' | 'Play' | 'Pause';
  at: number;
  seconds: number | null;
  /** What a <Say> says, or what a <Play> plays (URL or digits). */
  text?: string;
}

/** A <Record> waiting for the caller to speak after the beep. */
export interface RecordPrompt {
  verb: 'Record';
  index: number;
  finishOnKey: string;
  timeout: number;
  maxLength: number;
  playBeep: boolean;
  action: string;
  method: HttpMethod;
}

export type CallerPrompt = GatherPrompt | RecordPrompt;

export type CallerScript =
  | CallerAction[]
  | ((prompt: CallerPrompt) => CallerAction | Promise<CallerAction>)
  /**
   * Asked when a <Gather> begins, before its nested prompt plays (the prompt
   * still carries every text it will say, and its timeline), so the answer
   * can interrupt it with `after`; a <Record> is asked at the beep as usual.
   */
  | { beforePrompt: (prompt: CallerPrompt) => CallerAction | Promise<CallerAction> };

export type HttpMethod = 'POST' | 'GET';

export type DialNounKind = 'number' | 'sip' | 'client' | 'queue';

export interface DialTarget {
  kind: DialNounKind;
  /** Phone number, SIP URI, client identity or queue name. */
  to: string;
}

/** A <Dial> about to ring: all its targets ring at once, as on Twilio. */
export interface DialAttempt {
  /** The first target, for the common single-target case. */
  to: string;
  noun: DialNounKind;
  targets: DialTarget[];
  timeout: number;
  timeLimit: number;
  callerId?: string;
  action?: string;
}

/** How a <Dial> ends: Twilio's DialCallStatus values (https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus). */
export const DIAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type DialStatus = (typeof DIAL_STATUSES)[number];

export interface DialResult {
  status: DialStatus;
  durationSeconds?: number;
}

/**
 * Twilio's QueueResult values (https://www.twilio.com/docs/voice/twiml/enqueue):
 * why the caller left the queue, sent to <Enqueue action>.
 */
export type QueueResult =
  | 'bridged'
  | 'bridging-in-process'
  | 'error'
  | 'hangup'
  | 'leave'
  | 'redirected'
  | 'redirected-from-bridged'
  | 'queue-full'
  | 'system-error';

/**
 * The endings the world outside the TwiML decides, so a script can choose them:
 * `leave` comes from a <Leave> in the wait TwiML, and `bridging-in-process` is
 * a moment on the way to `bridged`, not an end.
 */
export type ScriptedQueueResult = Exclude<QueueResult, 'leave' | 'bridging-in-process'>;

/** An <Enqueue> about to put the caller in a queue. */
export interface QueueAttempt {
  /** The queue's name; empty for a TaskRouter task with no name. */
  queue: string;
  workflowSid?: string;
  /** The <Task> attributes, parsed from its JSON. */
  task?: Record<string, unknown>;
}

/** How a queue ends for the caller; the wait music plays for `waitSeconds` first. */
export interface QueueEnd {
  result: ScriptedQueueResult;
  /** Seconds in the queue before it ends (default 30); ignored for queue-full and system-error, which never enqueue. */
  waitSeconds?: number;
  /** For bridged and redirected-from-bridged: seconds the caller talks with the agent (default 60). */
  talkSeconds?: number;
}

export interface CallIdentity {
  to: string;
  from: string;
  callSid?: string;
  accountSid?: string;
}

export interface SimulateCallOptions {
  /** The first webhook URL, e.g. http://127.0.0.1:7071/api/voice. */
  url: string;
  transport: Transport;
  call: CallIdentity;
  /** Answers each input prompt (<Gather> or <Record>) in order; silent when exhausted. */
  caller?: CallerScript;
  /** Decides how each <Dial> ends; default: answered, 60 s conversation. */
  dial?: (dial: DialAttempt) => DialResult | Promise<DialResult>;
  /**
   * Decides how each <Enqueue> ends; default: bridged to an agent after 30 s
   * in the queue, 60 s conversation. The caller hanging up first (hangupAt)
   * wins, with QueueResult=hangup.
   */
  queue?: (attempt: QueueAttempt) => QueueEnd | Promise<QueueEnd>;
  /**
   * What the called party does on their own leg of a <Dial>, when a noun's
   * `url` runs TwiML there before the two are joined (whisper, screening):
   * answers its input prompts in order, across the call's dials; silent when
   * exhausted. A `hangup` declines the call.
   */
  calledParty?: CallerScript;
  /** The wall-clock instant the call starts, for the Timestamp of dial callbacks and of the final status callback (default: now). */
  startedAt?: Date;
  /**
   * The call's virtual clock (default: a new one). Give one to read how long
   * the call has lasted while it runs: an app answering in-process reads its
   * time from it, as a real call's webhooks see time pass between requests.
   */
  clock?: VirtualClock;
  /** When given, every request carries X-Twilio-Signature as Twilio computes it. */
  authToken?: string;
  /**
   * The number's status callback URL: when the call ends, its final status
   * (CallStatus, CallDuration) is posted there, signed like the webhooks, as
   * Twilio does. Not posted when not given.
   */
  statusCallback?: string;
  /**
   * Request parameters added to (or replacing) the ones Twilio sends on every
   * webhook request, e.g. { FromCity: 'MILANO' }. A verb's own parameters
   * (Digits, DialCallStatus, ...) still come last.
   */
  params?: Record<string, string>;
  /**
   * The number's fallback URL (absolute, or relative to `url`): when a request
   * fails or its TwiML cannot run, Twilio requests it with ErrorCode and
   * ErrorUrl added. Not tried for a failure of the fallback itself.
   */
  fallbackUrl?: string;
  /**
   * The second of the call (virtual time) at which the caller hangs up,
   * wherever the call is then: during a prompt, a <Dial>, a <Record>, a queue.
   * Default: the caller stays until the call ends.
   */
  hangupAt?: number;
  /**
   * Loop guard: the most webhook fetches one call may make with no caller
   * input (keys or speech) between them (default 50). Menu rounds the caller
   * drives are not a loop, however many.
   */
  maxRequests?: number;
  onEvent?: (event: TranscriptEvent) => void;
}

import type { TranscriptEvent } from './events';
import type { Outcome } from './outcome';

export interface CallResult {
  outcome: Outcome;
  transcript: TranscriptEvent[];
  /** HTTP requests sent, including followed HTTP redirects. */
  requests: number;
  virtualSeconds: number;
  callSid: string;
  /**
   * What became of the final status callback, when the call had one: the answer's HTTP status, or why it was
   * not sent (nothing listening, a dropped connection). Our app writes the call's record there, so a call
   * whose status callback failed has none.
   */
  statusCallback?: { url: string; status?: number; notSent?: string };
}
