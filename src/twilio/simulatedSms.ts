import type { Settings } from '../config/settings';
import type { SimulatedHttpClient } from './restClient';
import type { SmsSender } from './smsSender';
import { twilioSmsSender } from './smsSender';
import { DEFAULT_SMS_TIMEOUT_MS } from './smsSettings';

// Twilio's Messages API played in-process, for calls simulated in-process
// (`ivr call`, `ivr test`, callIvr). The app's own sender runs unchanged (the
// twilio client builds the request, our code reads the answer or the error);
// only the HTTP client underneath is replaced, so no request can reach the
// network, whatever the settings hold. The API's shape (POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json with To, From or
// MessagingServiceSid, Body; 201 and the Message resource, or a 4xx with
// code/message/more_info/status) is Twilio's:
// https://www.twilio.com/docs/messaging/api/message-resource

/** How the simulated API answers each message. */
export type SimulatedSmsResult = 'sent' | 'failed';

/** What a simulated call may ask of the Messages API (ivr call --sms, callIvr's sms, the dev phone): sent, refused, or no sender at all (no offer). */
export const SMS_CHOICES = ['sent', 'failed', 'off'] as const;
export type SmsChoice = (typeof SMS_CHOICES)[number];

/** One message the app asked the simulated API to send. */
export interface SimulatedMessage {
  to: string;
  /** The sender: IVR_SMS_FROM (a number, a sender ID or a Messaging Service SID). */
  from: string;
  body: string;
  status: SimulatedSmsResult;
  /** The message SID, when accepted. */
  sid?: string;
  /** Twilio's error, when refused. */
  error?: { code: number; message: string };
}

/** The account of every simulated call that may get an SMS: the app sends only for calls on its own account. */
export const SIMULATED_ACCOUNT_SID = `AC${'5a'.repeat(16)}`;

// A refusal the Messages API really gives for a mobile number: the recipient has replied STOP.
const REFUSAL = { code: 21610, message: 'Attempt to send to unsubscribed recipient' };

export interface SmsSimulation {
  /** The settings with the SMS turned on, on the simulated account; the rest as given. */
  settings: Settings;
  /** The app's own sender over the simulated API: give it to createApp. */
  sendSms: SmsSender;
  /** Put it on the simulated call (`call.accountSid`): the app texts only callers on its account. */
  accountSid: string;
  /** Every message, in order. */
  messages: SimulatedMessage[];
}

/**
 * Turns the chat-link SMS on for an in-process simulated call. The sender is
 * IVR_SMS_FROM when set, else `defaultFrom` (the number called); credentials
 * in the settings are never used.
 */
export function simulateSms(settings: Settings, result: SimulatedSmsResult, defaultFrom: string, onMessage?: (message: SimulatedMessage) => void): SmsSimulation {
  const messages: SimulatedMessage[] = [];
  const sms = {
    from: settings.sms?.from ?? defaultFrom,
    timeoutMs: settings.sms?.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS,
    credentials: { kind: 'auth-token' as const, accountSid: SIMULATED_ACCOUNT_SID, authToken: 'simulated' },
  };
  const httpClient = simulatedMessagesApi(result, (message) => {
    messages.push(message);
    onMessage?.(message);
  });
  return { settings: { ...settings, sms }, sendSms: twilioSmsSender(sms.credentials, sms, { httpClient }), accountSid: SIMULATED_ACCOUNT_SID, messages };
}

let sequence = 0;

/** An HTTP client for the twilio package that answers the Messages API itself and refuses anything else. */
function simulatedMessagesApi(result: SimulatedSmsResult, onMessage: (message: SimulatedMessage) => void): SimulatedHttpClient {
  const json = (statusCode: number, body: object) => Promise.resolve({ statusCode, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return {
    request({ method, uri, data = {} }) {
      const path = new URL(uri).pathname;
      const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(path)?.[1];
      if (method.toLowerCase() !== 'post' || account === undefined) {
        return json(404, { code: 20404, message: `The simulated Twilio API answers only POST .../Messages.json, not ${method.toUpperCase()} ${path}`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
      }
      const to = String(data.To ?? '');
      const from = String(data.From ?? data.MessagingServiceSid ?? '');
      const body = String(data.Body ?? '');
      if (result === 'failed') {
        onMessage({ to, from, body, status: 'failed', error: REFUSAL });
        return json(400, { ...REFUSAL, more_info: `https://www.twilio.com/docs/errors/${REFUSAL.code}`, status: 400 });
      }
      const sid = `SM${(++sequence).toString(16).padStart(32, '0')}`;
      onMessage({ to, from, body, status: 'sent', sid });
      return json(201, {
        sid,
        account_sid: account,
        to,
        from: data.From ?? null,
        messaging_service_sid: data.MessagingServiceSid ?? null,
        body,
        status: data.MessagingServiceSid ? 'accepted' : 'queued',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        num_segments: '1',
        num_media: '0',
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
      });
    },
  };
}

/** The transcript line of one message: who it went to and what it said. */
export function describeSms(message: SimulatedMessage): string {
  return message.status === 'sent'
    ? `SMS to ${message.to}: ${message.body}`
    : `SMS to ${message.to} failed (Twilio error ${message.error?.code}, ${message.error?.message}): ${message.body}`;
}
