import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { callIvr } from '../../src/testing';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { openInstant } from '../support/shippedFlow';

const TOKEN = 'test-auth-token-0123456789abcdef';
// While the shipped menu's consumer line is open, whatever its hours.
const OPEN = openInstant('tue');
const clock = () => DateTime.fromISO(OPEN, { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const params = { CallSid: 'CA0123456789abcdef0123456789abcdef', AccountSid: 'AC0123456789abcdef0123456789abcdef', From: '+393401234567', To: '+390237921240', CallStatus: 'ringing' };

function post(url: string, signature: string | undefined, body = params) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== undefined) headers['x-twilio-signature'] = signature;
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(body).toString() });
}

describe('X-Twilio-Signature', () => {
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, ...OPERATOR_NUMBERS }), clock, logger: quiet });
  const url = 'http://localhost:7071/api/voice';

  it('a correctly signed request gets TwiML', async () => {
    const res = await app.fetch(post(url, getExpectedTwilioSignature(TOKEN, url, params)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toContain('<Response>');
  });

  it.each([
    ['no signature', undefined],
    ['a signature made with another token', getExpectedTwilioSignature('another-token', url, params)],
    ['a signature for another URL', getExpectedTwilioSignature(TOKEN, 'http://localhost:7071/api/voice/continue', params)],
  ])('%s gets 403 and no TwiML', async (_label, signature) => {
    const res = await app.fetch(post(url, signature));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('<Response');
  });

  it('a changed parameter gets 403', async () => {
    const signature = getExpectedTwilioSignature(TOKEN, url, params);
    const res = await app.fetch(post(url, signature, { ...params, To: '+390237921250' }));
    expect(res.status).toBe(403);
  });

  it('behind a proxy, the configured public base URL is the one that must be signed', async () => {
    const proxied = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://ivr.example.com' }), clock, logger: quiet });
    const signature = getExpectedTwilioSignature(TOKEN, 'https://ivr.example.com/api/voice', params);
    expect((await proxied.fetch(post('http://10.0.0.4:8080/api/voice', signature))).status).toBe(200);
    const wrong = getExpectedTwilioSignature(TOKEN, 'http://10.0.0.4:8080/api/voice', params);
    expect((await proxied.fetch(post('http://10.0.0.4:8080/api/voice', wrong))).status).toBe(403);
  });

  it('a whole call signed by the simulator goes through with checking on', async () => {
    const c = await callIvr({ at: OPEN, press: ['1', '2'], env: { TWILIO_AUTH_TOKEN: TOKEN, ...OPERATOR_NUMBERS } });
    expect(c.connectedTo).toBe(OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_EN);
  });

  it('during a rotation, a secondary token pasted with a trailing newline still accepts what Twilio signs with it', async () => {
    const next = 'next-auth-token-fedcba9876543210';
    const rotating = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_AUTH_TOKEN_SECONDARY: `${next}\n`, ...OPERATOR_NUMBERS }), clock, logger: quiet });
    expect((await rotating.fetch(post(url, getExpectedTwilioSignature(next, url, params)))).status).toBe(200);
  });

  it('with checking off (a local run), an unsigned request gets TwiML', async () => {
    const local = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS }), clock, logger: quiet });
    expect((await local.fetch(post(url, undefined))).status).toBe(200);
  });

  it('deployed (requireAuthToken) without a token, the app refuses to start', () => {
    expect(() => createApp({ settings: readSettings({}), clock, logger: quiet, requireAuthToken: true })).toThrow(/TWILIO_AUTH_TOKEN is not set/);
  });

  it('deployed with validation explicitly off, it starts', () => {
    expect(() => createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }), clock, logger: quiet, requireAuthToken: true })).not.toThrow();
  });
});
