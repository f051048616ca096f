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
  /** `callerId`: shown to the called party instead of the caller's number, when that cannot be shown (withheld, no valid number, a client): transferCallerId. */
  | { kind: 'dial'; number: string; timeoutSeconds: number; next: CallState; callerId?: string }
  | { kind: 'hangup' }
  /**
   * Send a text message, then ask the engine again with its result as input
   * (`sms-result`, at `next`). Always the last action of a plan, and never
   * rendered: the webhook performs it, so the engine stays free of I/O.
   */
  | { kind: 'send-sms'; to: string; body: string; next: CallState };

export type Plan = Action[];
