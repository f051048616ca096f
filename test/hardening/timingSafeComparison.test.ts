import { describe, expect, it, vi } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { signaturesMatch, signatureMatchOf } from '../../src/webhook/twilioSignature';
import { parseForm } from '../../src/webhook/readForm';

// vi.mock is hoisted above the imports, so twilioSignature gets the wrapped crypto.
// The signature check must compare in constant time, so an attacker timing
// our 403s learns nothing about how much of a forged signature was right.
const compared = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls++;
      return real.timingSafeEqual(a, b);
    },
  };
});


describe('signature comparison', () => {
  it('goes through crypto.timingSafeEqual for every signature of the right length', () => {
    const url = 'https://ivr.klarna-italia.example/api/voice';
    const good = getExpectedTwilioSignature('token', url, { To: '+390237921240' });
    const almost = `${good.slice(0, -2)}${good.endsWith('A=') ? 'B=' : 'A='}`;
    compared.calls = 0;
    const request = { method: 'POST', url, headers: { 'x-twilio-signature': almost }, body: '' };
    expect(signatureMatchOf(request, parseForm('To=%2B390237921240'), ['token'], undefined) !== undefined).toBe(false);
    expect(compared.calls).toBe(2); // the URL as called, then its port variant
    compared.calls = 0;
    expect(signaturesMatch(good, good)).toBe(true);
    expect(compared.calls).toBe(1);
  });

  it('refuses a signature of another length without throwing', () => {
    expect(signaturesMatch('short', 'a-much-longer-expected-signature')).toBe(false);
    expect(signaturesMatch('', 'x')).toBe(false);
    expect(signaturesMatch('é', 'ee')).toBe(false); // same length in characters, not in bytes
  });
});
