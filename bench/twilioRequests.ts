import { createHmac } from 'node:crypto';
import type { PlainRequest } from '../src/http/plainHttp';

// What Twilio sends: a form-encoded POST with the call's parameters (the
// geographic ones included, as on real calls), signed with X-Twilio-Signature
// over the public URL. Each request has its own CallSid, so nothing on the
// server can get away with answering from a cache of whole requests.

export const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
/** The origin Twilio calls; the host is told it through PUBLIC_BASE_URL. */
export const PUBLIC_BASE_URL = 'https://klarna-ivr.example.net';
export const CONSUMER_LINE = '+390237921240';

export interface WebhookCall {
  name: string;
  /** Path and query, as the server sees it. */
  path: string;
  /** Parameters beyond the call's own (Digits after a Gather). */
  extra: Record<string, string>;
}

/** The first webhook of a call to the consumer line: the welcome menu. */
/**
 * The operators' numbers as a deployment sets them (the DEST_* app settings). Without them the flow's
 * placeholders are the lines' own numbers, and the app refuses to transfer a call to the number it came
 * in on: the benchmark's calls end in a transfer, as a deployed app's do.
 */
export const OPERATOR_SETTINGS = {
  DEST_CONSUMER_OPERATOR_IT: '+390200000001',
  DEST_CONSUMER_OPERATOR_EN: '+390200000002',
  DEST_MERCHANT_OPERATOR_IT: '+390200000003',
  DEST_MERCHANT_OPERATOR_EN: '+390200000004',
} as const;

export const FIRST_WEBHOOK: WebhookCall = { name: 'first webhook', path: '/api/voice', extra: {} };

/** A key press deep in the menu: English consumer menu, key 3 (complaints). */
export const DEEP_WEBHOOK: WebhookCall = {
  name: 'deep-menu webhook',
  path: '/api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0',
  extra: { Digits: '3', FinishedOnKey: '', msg: 'Gather End' },
};

export function callParams(index: number, extra: Record<string, string>): Record<string, string> {
  const sid = index.toString(16).padStart(32, '0');
  return {
    AccountSid: `AC${'a1'.repeat(16)}`,
    ApiVersion: '2010-04-01',
    CallSid: `CA${sid}`,
    CallStatus: Object.keys(extra).length > 0 ? 'in-progress' : 'ringing',
    Called: CONSUMER_LINE,
    CalledCity: '',
    CalledCountry: 'IT',
    CalledState: '',
    CalledZip: '',
    Caller: '+393401234567',
    CallerCity: '',
    CallerCountry: 'IT',
    CallerState: '',
    CallerZip: '',
    Direction: 'inbound',
    From: '+393401234567',
    FromCity: '',
    FromCountry: 'IT',
    FromState: '',
    FromZip: '',
    To: CONSUMER_LINE,
    ToCity: '',
    ToCountry: 'IT',
    ToState: '',
    ToZip: '',
    ...extra,
  };
}

/** Twilio's signature: HMAC-SHA1 over the URL followed by each parameter name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** `count` raw HTTP/1.1 requests for one webhook, each with its own CallSid, ready to write to a socket. */
export function rawWebhookRequests(call: WebhookCall, count: number, authToken = AUTH_TOKEN): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const params = callParams(i, call.extra);
    const body = new URLSearchParams(params).toString();
    const signature = twilioSignature(authToken, PUBLIC_BASE_URL + call.path, params);
    const head =
      `POST ${call.path} HTTP/1.1\r\n` +
      'Host: 127.0.0.1\r\n' +
      'User-Agent: TwilioProxy/1.1\r\n' +
      'Accept: */*\r\n' +
      'Cache-Control: max-age=259200\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `I-Twilio-Idempotency-Token: ${i.toString(36).padStart(8, '0')}-bench\r\n` +
      `X-Twilio-Signature: ${signature}\r\n` +
      'X-Home-Region: us1\r\n' +
      'Connection: keep-alive\r\n\r\n';
    return new Uint8Array(Buffer.from(head + body));
  });
}

/** The same call as the app's plain request (what the hosts hand it), for the in-process measurements. */
export function plainRequest(call: WebhookCall, index: number, authToken = AUTH_TOKEN): PlainRequest {
  const params = callParams(index, call.extra);
  const url = PUBLIC_BASE_URL + call.path;
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
