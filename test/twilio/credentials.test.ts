import { describe, expect, it } from 'vitest';
import { twilioCredentials } from '../../src/twilio/credentials';
import { retryAfterMs } from '../../src/twilio/restClient';
import { ACCOUNT_SID, API_KEY } from './fakeTwilio';

describe('Twilio REST credentials from app settings', () => {
  it('none set: no credentials, no complaint (the webhooks need only the auth token)', () => {
    expect(twilioCredentials({ TWILIO_AUTH_TOKEN: 'x' })).toBeUndefined();
  });

  it('an API key wins over the auth token', () => {
    expect(twilioCredentials({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 't', TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: 's' })).toEqual({
      kind: 'api-key',
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiSecret: 's',
    });
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, /TWILIO_ACCOUNT_SID is "AC123"; it is 34 characters/],
    [{ TWILIO_ACCOUNT_SID: API_KEY, TWILIO_AUTH_TOKEN: 't' }, /that is an API key SID: put it in TWILIO_API_KEY/],
    [{ TWILIO_ACCOUNT_SID: ACCOUNT_SID }, /nothing to prove it; set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET/],
    [{ TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: 's' }, /need TWILIO_ACCOUNT_SID, which is not set; set it too/],
    [{ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: 'key', TWILIO_API_SECRET: 's' }, /TWILIO_API_KEY is "key"; an API key SID is SK/],
  ])('%j is refused, saying what to set', (env, message) => {
    expect(() => twilioCredentials(env)).toThrow(message);
  });
});

describe('how long a 429 asks to wait', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it.each([
    [{ 'retry-after': '2' }, 1, 2000],
    [{ 'Retry-After': '0.5' }, 1, 500],
    [{ 'retry-after': 'Tue, 24 Nov 2026 10:00:07 GMT' }, 1, 7000],
    [{}, 1, 1000],
    [{}, 3, 4000],
    [{ 'retry-after': 'soon' }, 2, 2000],
  ])('%j on retry %i: %i ms', (headers, retry, ms) => {
    expect(retryAfterMs(headers, retry, now)).toBe(ms);
  });
});
