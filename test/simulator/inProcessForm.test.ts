import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { PlainRequest } from '../../src/http/plainHttp';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';

// The simulator calling the app in this process hands over the form it built
// (request.form) instead of encoding it for the app to parse back. Whatever
// the parameters, the app must answer exactly as it answers the same request
// read off the wire, where only the body exists, and the body an HTTP
// transport sends must stay the form's encoding.

const TOKEN = 'test-auth-token-0123456789abcdef';
const URL_CALLED = 'https://ivr.example.com/api/voice';
const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://ivr.example.com' }), clock, logger: quiet });

const CALL = { AccountSid: 'AC0123456789abcdef0123456789abcdef', CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress' };

/** The same request as a host reads it off the network: a body, no form. */
function asReadOffTheWire(request: PlainRequest): PlainRequest {
  return { method: request.method, url: request.url, headers: request.headers, body: request.body };
}

const text = fc.array(fc.constantFrom('&', '=', '+', '%', '%2B', ' ', '1', '#', '*', 'è', '😀', 'sì, grazie', '\n'), { maxLength: 12 }).map((parts) => parts.join(''));

describe('the simulator hands its form to the app in this process', () => {
  it('its body is the form encoded, as an HTTP transport sends it', () => {
    const params = { ...CALL, Digits: '1#', SpeechResult: 'sì & no = 100%' };
    const { request } = buildWebhookRequest(URL_CALLED, 'POST', params, TOKEN);
    expect(request.body).toBe(new URLSearchParams(params).toString());
  });

  it('the app answers it exactly as the same request read off the wire, signature checked, for any input', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom('/api/voice', '/api/voice?s=welcome'), async (digits, speech, path) => {
        const url = `https://ivr.example.com${path}`;
        const { request } = buildWebhookRequest(url, 'POST', { ...CALL, Digits: digits, SpeechResult: speech }, TOKEN);
        const inProcess = await app.handle(request);
        const fromTheWire = await app.handle(asReadOffTheWire(request));
        expect(inProcess.status).toBe(200);
        expect(inProcess).toEqual(fromTheWire);
      }),
      { numRuns: 60 },
    );
  });

  it('a form over the 64 KiB body limit is refused with 413, as on the wire; one just under it is answered', async () => {
    for (const [size, status] of [[70_000, 413], [60_000, 200]] as const) {
      const { request } = buildWebhookRequest(URL_CALLED, 'POST', { ...CALL, SpeechResult: 'è'.repeat(size / 6) }, TOKEN);
      expect((await app.handle(request)).status, String(size)).toBe(status);
      expect((await app.handle(asReadOffTheWire(request))).status, String(size)).toBe(status);
    }
  });

  it('a form that does not match its signature is refused with 403, as on the wire', async () => {
    const { request } = buildWebhookRequest(URL_CALLED, 'POST', CALL, TOKEN);
    const tampered = { ...request, form: { ...CALL, To: '+390237921250' } };
    expect((await app.handle(tampered)).status).toBe(403);
  });
});
