import type { TwilioCredentials } from './credentials';
import { createRestClient, type RestClientOptions, type TwilioClient } from './restClient';
import { withDeadline } from './deadline';
import { classifyTwilioError, MalformedResponseError, type TwilioFailure } from './twilioFailure';

export interface SmsSettings {
  /** IVR_SMS_FROM: a Twilio number (E.164), an alphanumeric sender ID, or a Messaging Service SID (MG...). */
  from: string;
  /** IVR_SMS_TIMEOUT_MS: the longest a caller waits on the line for Twilio to accept the message. */
  timeoutMs: number;
}

export type SmsOutcome =
  | { sent: true; sid: string; status: string; elapsedMs: number }
  | { sent: false; failure: TwilioFailure; elapsedMs: number };

/**
 * Sends one text message; never throws, and settles within the configured
 * bound. `call` says which call asked for it (a simulated API files the
 * message under it; Twilio's ignores it) and where Twilio is to report the
 * message's delivery (`statusCallback`).
 */
export type SmsSender = (to: string, body: string, call?: { callSid: string; statusCallback?: string }) => Promise<SmsOutcome>;

/**
 * An SmsSender on Twilio's Messages API. The twilio client is created (and the
 * package loaded) on the first message, then reused, keeping its connection.
 * A caller is waiting on the line, so a 429 is not retried and the whole send
 * is bounded by `timeoutMs`; a message that arrives after the bound is harmless.
 */
export function twilioSmsSender(credentials: TwilioCredentials, settings: SmsSettings, rest: Pick<RestClientOptions, 'httpClient'> = {}): SmsSender {
  let client: TwilioClient | undefined;
  return async (to, body, call) => {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    try {
      client ??= createRestClient(credentials, { ...rest, timeoutMs: settings.timeoutMs });
      const sender = /^MG[0-9a-fA-F]{32}$/.test(settings.from) ? { messagingServiceSid: settings.from } : { from: settings.from };
      const delivery = call?.statusCallback ? { statusCallback: call.statusCallback } : {};
      const message = await withDeadline(client.messages.create({ to, body, ...sender, ...delivery }), settings.timeoutMs);
      if (typeof message?.sid !== 'string' || !message.sid.startsWith('SM') && !message.sid.startsWith('MM')) {
        throw new MalformedResponseError(`the Messages API answered without a message SID: ${JSON.stringify(message)?.slice(0, 120)}`);
      }
      return { sent: true, sid: message.sid, status: String(message.status ?? 'queued'), elapsedMs: elapsedMs() };
    } catch (err) {
      return { sent: false, failure: classifyTwilioError(err), elapsedMs: elapsedMs() };
    }
  };
}
