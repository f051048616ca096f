import type { CallState } from './callState';

/** One sentence as the caller hears it. */
export interface Speech {
  text: string;
  /** BCP-47 tag, e.g. it-IT. */
  language: string;
  voice: string;
}

/**
 * What the engine wants Twilio to do, as data: the TwiML renderer turns it
 * into XML, and tests can read it without parsing XML.
 */
export type Action =
  | { kind: 'say'; speech: Speech }
  | { kind: 'gather'; prompts: Speech[]; timeoutSeconds: number; next: CallState }
  | { kind: 'redirect'; next: CallState }
  | { kind: 'dial'; number: string; timeoutSeconds: number; next: CallState }
  | { kind: 'hangup' };

export type Plan = Action[];
