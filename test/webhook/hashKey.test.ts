import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { encodeCallState } from '../../src/engine/callState';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { fixedFlow } from '../support/fixedMenu';
import { promptSaid, retrySaid } from '../support/shippedFlow';

// "#" reaches the webhook only because the app's <Gather> sets finishOnKey=""
// (test/calls/consumerLine.test.ts, test/simulator/gather.test.ts): once it
// does, Digits=# is a key the menu does not offer, answered like any other.

const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
// On the fixed copy of the menu, whose consumer-menu a rename in the shipped one does not move.
const app = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }), flow: fixedFlow(), clock, logger: quiet });
const CALL = { AccountSid: 'AC0123456789abcdef0123456789abcdef', CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress' };

async function pressAtMenu(digits: string): Promise<string> {
  const state = encodeCallState({ line: 'consumer', node: 'consumer-menu', language: 'it', tries: 0 });
  const { request } = buildWebhookRequest(`http://localhost:7071/api/voice/continue?${state}`, 'POST', { ...CALL, Digits: digits }, undefined);
  const response = await app.handle(request);
  expect(response.status).toBe(200);
  return String(response.body);
}

describe('Digits=# at a menu', () => {
  it('is answered as a wrong key: the choice is not valid, and the menu asks again, listening for # as a key', async () => {
    const twiml = await pressAtMenu('#');
    for (const text of retrySaid('consumer-menu', 'invalid', 'it', fixedFlow())) expect(twiml).toContain(`>${text}</Say>`);
    for (const text of retrySaid('consumer-menu', 'noInput', 'it', fixedFlow())) expect(twiml).not.toContain(text);
    expect(twiml).toContain(`>${promptSaid('consumer-menu', 'it', fixedFlow())[0]}</Say></Gather>`);
    expect(twiml).toMatch(/<Gather input="dtmf" numDigits="1" finishOnKey="" /);
  });
});
