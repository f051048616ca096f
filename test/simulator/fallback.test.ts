// The number's fallback URL: "If Twilio is unable to retrieve or execute TwiML
// from your web server, a request is immediately made to the number's
// Fallback URL. Twilio submits the ErrorCode and ErrorUrl parameters,
// indicating the error code of the failure and what URL the failure occurred
// on." (https://www.twilio.com/docs/usage/security/availability-reliability,
// "Fallback URLs"). Its method is VoiceFallbackMethod, POST by default
// (https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource).

import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/cli/renderTranscript';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

const FALLBACK = twiml('<Say>Sorry, we are having trouble. Please call back later.</Say><Hangup/>');

describe('the fallback URL', () => {
  it('is requested with ErrorCode 11200 and ErrorUrl when the primary URL answers 500, and its TwiML runs', async () => {
    const result = await callOverHttp(
      { '/voice': () => ({ status: 500, headers: { 'content-type': 'text/html' }, body: 'boom' }), '/fallback': FALLBACK },
      { fallbackUrl: '/fallback' },
    );
    expect(result.received.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/voice'],
      ['POST', '/fallback'],
    ]);
    expect(result.received[1]!.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${result.base}/voice`, CallStatus: 'ringing', From: '+393331112222' });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Sorry, we are having trouble. Please call back later.']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    const fallback = eventsOf(result, 'fallback');
    expect(fallback).toEqual([{ at: 0, type: 'fallback', url: `${result.base}/fallback`, code: 11200 }]);
    expect(describeEvent(fallback[0]!)).toBe("  (error 11200: trying the number's fallback URL /fallback)");
  });

  it('is requested after 11205 (the connection drops) and after 12100 (an action answers malformed XML)', async () => {
    const dropped = await callOverHttp({ '/voice': () => ({ body: '', drop: true }), '/fallback': FALLBACK }, { fallbackUrl: '/fallback' });
    expect(dropped.received[1]?.params).toMatchObject({ ErrorCode: '11205', ErrorUrl: `${dropped.base}/voice` });
    expect(dropped.outcome).toEqual({ kind: 'hangup', endOfDocument: false });

    const broken = await callOverHttp(
      {
        '/voice': twiml('<Gather numDigits="1" action="/menu"><Say>Press 1</Say></Gather>'),
        '/menu': '<Response><Say>unclosed</Response>',
        '/fallback': FALLBACK,
      },
      { fallbackUrl: '/fallback', caller: [{ digits: '1' }] },
    );
    expect(broken.received.map((r) => r.path)).toEqual(['/voice', '/menu', '/fallback']);
    expect(broken.received[2]?.params).toMatchObject({ ErrorCode: '12100', ErrorUrl: `${broken.base}/menu`, CallStatus: 'in-progress' });
    expect(broken.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('is not tried again when the fallback fails too: the call ends on its error', async () => {
    const result = await callOverHttp(
      { '/voice': () => ({ status: 503, body: 'down' }), '/fallback': () => ({ status: 503, body: 'down too' }) },
      { fallbackUrl: '/fallback' },
    );
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/fallback']);
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200, url: `${result.base}/fallback` });
  });

  it('without one, a failing primary URL ends the call', async () => {
    const result = await callOverHttp({ '/voice': () => ({ status: 500, body: 'boom' }), '/fallback': FALLBACK });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200 });
  });
});
