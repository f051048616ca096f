import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings';
import { localSmsDescription, localSmsMode } from '../../src/server/localSms';

// Which Messages API a local host's webhooks text: a simulated one only when
// nothing says real calls may come; a wrong value stops start-up with the fix.

const mode = (env: Record<string, string>) => localSmsMode(readSettings(env));
const REAL = { TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`, TWILIO_AUTH_TOKEN: 'f00dfeedf00dfeedf00dfeedf00dfeed' };

describe('IVR_LOCAL_SMS', () => {
  it('defaults to simulated on a bare local host, off with Twilio credentials or a tunnel, twilio with a real sender', () => {
    expect(mode({})).toBe('simulated');
    expect(mode(REAL)).toBe('off');
    expect(mode({ PUBLIC_BASE_URL: 'https://abc.ngrok.app' })).toBe('off');
    expect(mode({ ...REAL, IVR_SMS_FROM: '+390212345678' })).toBe('twilio');
    expect(mode({ ...REAL, IVR_LOCAL_SMS: 'Simulated' })).toBe('simulated');
  });

  it('refuses a value it does not know, and twilio with nothing to send with, saying what to set', () => {
    expect(() => mode({ IVR_LOCAL_SMS: 'fake' })).toThrow('IVR_LOCAL_SMS is "fake"; set it to simulated, failed, twilio or off');
    expect(() => mode({ IVR_LOCAL_SMS: 'twilio' })).toThrow('IVR_LOCAL_SMS=twilio sends real messages, from IVR_SMS_FROM, which is not set; set IVR_SMS_FROM and the Twilio credentials too');
    // The problem and the fix apart, as every setting's, for whatever prints them.
    expect(() => mode({ IVR_LOCAL_SMS: 'fake' })).toThrow(expect.objectContaining({ problem: 'IVR_LOCAL_SMS is "fake"', fix: 'set it to simulated, failed, twilio or off (or leave it unset: simulated on a host with no Twilio credentials and no PUBLIC_BASE_URL)' }));
  });
});

describe('the start-up line on a host whose SMS is off by default', () => {
  const why = (env: Record<string, string>) => /, as (.*) without IVR_SMS_FROM\)/.exec(localSmsDescription(readSettings(env)))?.[1];

  it('names the settings that turned it off, not every one that could have', () => {
    expect(why({ PUBLIC_BASE_URL: 'https://abc.ngrok.app' })).toBe('PUBLIC_BASE_URL is set');
    expect(why(REAL)).toBe('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set');
    expect(why({ TWILIO_ACCOUNT_SID: REAL.TWILIO_ACCOUNT_SID, TWILIO_API_KEY: `SK${'2b'.repeat(16)}`, TWILIO_API_SECRET: 'secret' })).toBe('TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET are set');
    expect(why({ ...REAL, PUBLIC_BASE_URL: 'https://abc.ngrok.app' })).toBe('PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set');
  });
});
