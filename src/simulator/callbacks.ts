// Callbacks Twilio posts beside the call, not in it: status callbacks of a
// <Dial> noun, recordingStatusCallback, transcribeCallback, the number's
// final status. Twilio sends them asynchronously and ignores the answer, so
// they never change what the caller hears; the simulator sends each when it
// happens (so a transcript stays in order) and notes the answer for the user.

import type { EventBody } from './events';
import type { HttpMethod, Transport } from './types';
import { buildWebhookRequest } from './webhookRequest';

export interface CallbackRequest {
  /** The TwiML attribute (or number setting) that asked for it, e.g. "recordingStatusCallback". */
  name: string;
  /** Absolute, or relative to the document that asked for it. */
  url: string;
  method: HttpMethod;
  /** The callback's own parameters; the call's parameters are added before them. */
  params: Record<string, string>;
}

export interface CallbackSender {
  transport: Transport;
  /** Only URLs of this origin are ever contacted, as for the webhooks. */
  origin: string;
  authToken?: string;
  emit?(event: EventBody): void;
}

/** What became of a callback: the answer's status, or why it was not sent. */
export type CallbackNote = Extract<EventBody, { type: 'callback' }>;

/** Sends one callback, notes it, and says what became of it; whatever happens, the call goes on. */
export async function sendCallback(sender: CallbackSender, callback: CallbackRequest, baseUrl: string): Promise<CallbackNote> {
  const note = await sent(sender, callback, baseUrl);
  sender.emit?.(note);
  return note;
}

async function sent(sender: CallbackSender, callback: CallbackRequest, baseUrl: string): Promise<CallbackNote> {
  const url = URL.canParse(callback.url, baseUrl) ? new URL(callback.url, baseUrl).href : undefined;
  const noted = { type: 'callback', name: callback.name, url: url ?? callback.url, method: callback.method } as const;
  if (!url) return { ...noted, notSent: 'not a URL' };
  if (new URL(url).origin !== sender.origin) return { ...noted, notSent: `outside ${sender.origin}, the origin this call was pointed at` };
  try {
    const response = await sender.transport(buildWebhookRequest(url, callback.method, callback.params, sender.authToken).request);
    return { ...noted, status: response.status };
  } catch (error) {
    // Twilio notes a failed callback in its debugger; the call is not affected.
    return { ...noted, notSent: error instanceof Error ? error.message : String(error) };
  }
}
