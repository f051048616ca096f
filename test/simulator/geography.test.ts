// Twilio "attempts to look up geographic data based on the To and From phone
// numbers" and sends FromCity, FromState, FromZip, FromCountry, ToCity,
// ToState, ToZip, ToCountry (and the Caller*/Called* copies) with every voice
// webhook request (https://www.twilio.com/docs/voice/twiml#request-parameters;
// https://www.twilio.com/docs/usage/webhooks/voice-webhooks). The simulator
// tells the country from the E.164 number; the rest stays empty unless a test
// sets it, and a test may set or replace any parameter.

import { describe, expect, it } from 'vitest';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

// An app that branches on the caller's country, as a real one might.
const BY_COUNTRY = {
  '/voice': (request: { params: Record<string, string> }) => ({
    body: twiml(request.params.FromCountry === 'IT' ? '<Say>Benvenuto</Say>' : `<Say>Welcome, caller from ${request.params.FromCountry || 'nowhere'} ${request.params.FromCity}</Say>`),
  }),
};

describe('geographic request parameters', () => {
  it('carry each number\'s country, telling apart countries that share a calling code', async () => {
    const cases = [
      ['+393401234567', 'IT'],
      ['+14155550100', 'US'],
      ['+16135550123', 'CA'],
      ['+77011234567', 'KZ'],
      ['+390669812345', 'VA'],
      ['client:alice', ''],
    ] as const;
    for (const [from, country] of cases) {
      const result = await callOverHttp(BY_COUNTRY, { call: { to: '+390237921240', from } });
      expect(result.received[0]!.params).toMatchObject({ FromCountry: country, CallerCountry: country, ToCountry: 'IT', CalledCountry: 'IT', FromCity: '', FromState: '', FromZip: '', ToZip: '' });
    }
  });

  it('let an app that branches on FromCountry be tested both ways', async () => {
    const italian = await callOverHttp(BY_COUNTRY, { call: { to: '+390237921240', from: '+393401234567' } });
    expect(eventsOf(italian, 'say').map((e) => e.text)).toEqual(['Benvenuto']);
    const canadian = await callOverHttp(BY_COUNTRY, { call: { to: '+390237921240', from: '+16135550123' } });
    expect(eventsOf(canadian, 'say').map((e) => e.text)).toEqual(['Welcome, caller from CA']);
  });

  it('params add or replace any parameter on every request; a verb\'s own (Digits) still come from the caller', async () => {
    const result = await callOverHttp(
      { ...BY_COUNTRY, '/voice': twiml('<Gather numDigits="1" action="/next"/>'), '/next': twiml('<Hangup/>') },
      { params: { FromCity: 'OTTAWA', FromCountry: 'CA', CallToken: 'tok' }, caller: [{ digits: '4' }] },
    );
    for (const request of result.received) expect(request.params).toMatchObject({ FromCity: 'OTTAWA', FromCountry: 'CA', CallToken: 'tok' });
    expect(result.received[1]!.params.Digits).toBe('4');
  });
});
