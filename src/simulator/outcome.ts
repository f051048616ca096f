// How a simulated call ended, discriminated on `kind`.

import type { DialNounKind } from './types';

/** Every `kind` an outcome has (a Record, so the compiler checks none is missing or extra): what a scenario's `expect.outcome` may name. */
const KINDS: Record<Outcome['kind'], true> = { dial: true, hangup: true, 'caller-hangup': true, reject: true, enqueue: true, unsupported: true, error: true, loop: true, 'not-followed': true };
export const OUTCOME_KINDS = Object.keys(KINDS) as [Outcome['kind'], ...Outcome['kind'][]];

export type Outcome =
  /** A <Dial> was answered: the caller was connected there. Later TwiML still runs. */
  | { kind: 'dial'; to: string; noun: DialNounKind; status: 'completed'; durationSeconds: number }
  /** <Hangup>, or the last document ran out of verbs (endOfDocument). */
  | { kind: 'hangup'; endOfDocument: boolean }
  | { kind: 'caller-hangup' }
  | { kind: 'reject'; reason: 'busy' | 'rejected' }
  /** The caller waited in a queue and was bridged to an agent there (the first connection of the call). Later TwiML still runs. */
  | { kind: 'enqueue'; queue: string; queueSeconds: number; durationSeconds: number }
  /** A verb or noun this simulator does not emulate (Pay, Connect, Conference, ...). */
  | { kind: 'unsupported'; verb: string }
  /** What Twilio would log in its debugger, with its error code. */
  | { kind: 'error'; code: number; message: string; url?: string }
  /** maxRequests webhook fetches with no caller input between them: almost certainly a redirect loop. */
  | {
      kind: 'loop';
      maxRequests: number;
      /** The caller kept answering: the simulator's cap on one call's requests, not a redirect loop. */
      callerDriven?: true;
    }
  /** The call needed a URL the simulator may not fetch (another origin, or beyond a TwiML file). */
  | { kind: 'not-followed'; url: string; reason: string };
