// The seam between the interpreter loop and the verb handlers. A handler gets
// one element and this context, does what Twilio would do, and says what
// happens next: carry on with the next verb, fetch a URL, or end the call.

import type { EventBody } from './events';
import type { Outcome } from './outcome';
import type { VirtualClock } from './virtualClock';
import type { CallerAction, CallerPrompt, DialAttempt, DialResult, HttpMethod, QueueAttempt, QueueEnd } from './types';
import type { Fetched } from './webhookClient';
import type { TwimlElement } from './twimlDocument';
import { TwilioError } from './twilioErrors';
import type { CallbackRequest } from './callbacks';
import type { MediaFetched } from './mediaClient';
import type { DialLegs } from './calledLeg';

export type VerbStep =
  | { kind: 'fetch'; url: string; method: HttpMethod; params: Record<string, string> }
  | { kind: 'end'; outcome: Outcome };

/** Prompt fields the handler knows; the context numbers the prompt. */
export type PromptDraft = CallerPrompt extends infer P ? (P extends CallerPrompt ? Omit<P, 'index'> : never) : never;

export interface CallContext {
  /** URL of the TwiML document being executed: the base for relative URLs. */
  readonly documentUrl: string;
  readonly accountSid: string;
  readonly callSid: string;
  readonly clock: VirtualClock;
  /** `at`: when the event began, for one said when it ends (a <Dial>'s line); default now. */
  emit(event: EventBody, at?: number): void;
  /**
   * Asks a caller script that answers before a prompt plays (so it can
   * interrupt it) for its answer to `prompt`; undefined for a script that
   * answers only after hearing it. The answer is then given to `ask`.
   */
  foresee(prompt: PromptDraft): Promise<CallerAction | undefined>;
  /**
   * Emits the prompt event, asks the caller (unless `foreseen` answers), emits the input event, unless `reached`
   * says the caller hung up before the moment of that input.
   */
  ask(prompt: PromptDraft, foreseen?: CallerAction, reached?: (action: CallerAction) => boolean): Promise<CallerAction>;
  dial(attempt: DialAttempt): Promise<DialResult>;
  /** How an <Enqueue> ends (the `queue` option, or its default). */
  queue(attempt: QueueAttempt): Promise<QueueEnd>;
  /** Records that the caller was connected somewhere (a dial, an agent from a queue): the call's outcome from now on. */
  connected(outcome: Extract<Outcome, { kind: 'dial' | 'enqueue' }>): void;
  /**
   * Requests a document that runs beside the main flow (a queue's wait
   * music): a webhook request like any other, but driven by the clock, so the
   * loop guard does not count it.
   */
  fetchBeside(url: string, method: HttpMethod, params: Record<string, string>): Promise<Fetched>;
  /** Runs one verb of another document of this call (`documentUrl`), as the interpreter would. */
  runVerb(verb: TwimlElement, documentUrl: string): Promise<VerbStep | undefined>;
  /**
   * Posts a callback beside the call (recordingStatusCallback, a Dial noun's
   * statusCallback, ...), signed, with the call's parameters; its answer never
   * changes the call. A transcript line says where it went and what came back.
   */
  callback(request: CallbackRequest): Promise<unknown>;
  /** GETs a <Play> URL (absolute) once per call, on the call's own origin only. */
  media(url: string): Promise<MediaFetched>;
  /** The called parties' legs of a <Dial>: their parameters, and TwiML run on them (a noun's url). */
  readonly dialLegs: DialLegs;
  /** Set when this TwiML runs on the called party's leg (a Dial noun's url), to that party. */
  readonly calledParty?: string;
}

export type VerbHandler = (element: TwimlElement, context: CallContext) => Promise<VerbStep | undefined> | VerbStep | undefined;

export function endWith(outcome: Outcome): VerbStep {
  return { kind: 'end', outcome };
}

export function schemaError(message: string): VerbStep {
  return endWith({ kind: 'error', code: TwilioError.schemaValidation, message: `Schema validation: ${message}` });
}

/** The caller put the phone down: said once, where it happened. */
export function callerHungUp(context: CallContext): VerbStep {
  context.emit({ type: 'hangup', by: 'caller' });
  return endWith({ kind: 'caller-hangup' });
}
