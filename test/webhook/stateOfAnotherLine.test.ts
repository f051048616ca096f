import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { encodeCallState } from '../../src/engine/callState';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { promptSaid, startOf } from '../support/shippedFlow';

// The call's state travels in the action URLs the app gives Twilio. One that
// pairs a line with a node its calls never reach was not made by the app (forged,
// or signatures off): the app starts the call over on the line dialled, as for
// any state it did not issue, instead of running the consumer welcome on the
// merchant line (which then counts, times and records the call as a merchant's).
// The merchant menu's 9 leads merchant-line calls on to the consumer menu, but
// never to the consumer line's welcome.

const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const app = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }), clock, logger: quiet });
// The consumer line's Italian welcome, and the English one its key 1 leads to, as the flow words them.
const WELCOME_IT = promptSaid(startOf('consumer'), 'it')[0] as string;
const WELCOME_EN = promptSaid('consumer-welcome-en', 'en')[0] as string;
const CALL = { AccountSid: 'AC0123456789abcdef0123456789abcdef', CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress' };

async function pressAt(line: string, node: string, digits: string): Promise<string> {
  const state = encodeCallState({ line, node, language: 'it', tries: 0 });
  const { request } = buildWebhookRequest(`http://localhost:7071/api/voice/continue?${state}`, 'POST', { ...CALL, Digits: digits }, undefined);
  const response = await app.handle(request);
  expect(response.status).toBe(200);
  return String(response.body);
}

describe('a call state pairing one line with the other line’s node', () => {
  it('is not resumed: the call starts over at the welcome of the line dialled', async () => {
    const forged = await pressAt('merchant', startOf('consumer'), '1');
    expect(forged).toContain(WELCOME_IT);
    expect(forged).not.toContain(WELCOME_EN);
    // The same key with the state the app itself issues goes on to the English welcome.
    expect(await pressAt('consumer', startOf('consumer'), '1')).toContain(WELCOME_EN);
  });
});
