import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/simulator';
import { describeEvent } from '../../src/cli/renderTranscript';
import { twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

// Barge-in: Twilio's <Gather> listens while its nested <Say>/<Play> play, and
// "the timeout begins either after the audio completes or when the caller
// presses their first key"; speech stops the prompt unless bargeIn="false"
// ("bargeIn: stops playing media upon detection of speech", default true).
// https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs
// https://www.twilio.com/docs/voice/twiml/gather#bargein
// A small TwiML app of this test's own, over HTTP. The prompt lasts 8 s at the
// simulator's speaking pace: 4 s of welcome, then 2 s for each choice.

const menu = (attributes = '') =>
  twiml(`<Gather action="/choice" numDigits="1" ${attributes}><Say>Welcome to Acme, where every call matters to us.</Say><Say>Press 1 for sales.</Say><Say>Press 2 for support.</Say></Gather><Say>We did not hear a choice.</Say><Hangup/>`);
const routes = (attributes = '') => ({ '/voice': menu(attributes), '/choice': twiml('<Say>Thank you.</Say><Hangup/>') });

const said = (result: CallResult) => result.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : []));
const requestAt = (result: CallResult, path: string) => result.transcript.find((e) => e.type === 'request' && e.url.endsWith(path))?.at;

describe('barge-in: the caller interrupts a <Gather> prompt at a chosen moment', () => {
  it('keys 5 s into the prompt cut it there: the choice that had begun is heard, the rest is not, and the action comes at 6 s', async () => {
    const result = await callOverHttp(routes(), { caller: [{ digits: '1', after: 5 }] });
    expect(said(result)).toEqual(['Welcome to Acme, where every call matters to us.', 'Press 1 for sales.', 'Thank you.']);
    expect(result.transcript).toContainEqual({ at: 5, type: 'barge-in', input: 'keys', after: 5, cutSeconds: 3 });
    expect(result.received[1]?.params).toMatchObject({ Digits: '1' });
    // One key takes a second: the action is requested at 6 s, not after the 8 s prompt.
    expect(requestAt(result, '/choice')).toBe(6);
    const lines = result.transcript.map(describeEvent).filter(Boolean);
    expect(lines).toContain('  (caller interrupts the prompt 5s in with keys: the rest, 3s, is not played)');
    expect(lines).toContain('Caller presses 1 (5s into the prompt)');
  });

  it('without a moment the keys come after the whole prompt, as before', async () => {
    const result = await callOverHttp(routes(), { caller: [{ digits: '1' }] });
    expect(said(result)).toEqual(['Welcome to Acme, where every call matters to us.', 'Press 1 for sales.', 'Press 2 for support.', 'Thank you.']);
    expect(result.transcript.some((e) => e.type === 'barge-in')).toBe(false);
    expect(requestAt(result, '/choice')).toBe(9);
  });

  it('a moment after the prompt: the keys come that late; past the Gather\'s timeout Twilio has given up and the document goes on', async () => {
    const inTime = await callOverHttp(routes(), { caller: [{ digits: '2', after: 10 }] });
    expect(requestAt(inTime, '/choice')).toBe(11);
    const tooLate = await callOverHttp(routes(), { caller: [{ digits: '2', after: 14 }] });
    expect(said(tooLate).at(-1)).toBe('We did not hear a choice.');
    expect(tooLate.received).toHaveLength(1);
  });

  it('speech interrupts the prompt when bargeIn is true (the default), and not when bargeIn="false"', async () => {
    const speech = [{ speech: 'support', after: 2 }];
    const bargeIn = await callOverHttp(routes('input="speech" speechTimeout="1"'), { caller: speech });
    expect(said(bargeIn)).toEqual(['Welcome to Acme, where every call matters to us.', 'Thank you.']);
    expect(bargeIn.transcript).toContainEqual({ at: 2, type: 'barge-in', input: 'speech', after: 2, cutSeconds: 6 });
    expect(bargeIn.received[1]?.params).toMatchObject({ SpeechResult: 'support' });

    const noBargeIn = await callOverHttp(routes('input="speech" speechTimeout="1" bargeIn="false"'), { caller: speech });
    expect(said(noBargeIn)).toEqual(['Welcome to Acme, where every call matters to us.', 'Press 1 for sales.', 'Press 2 for support.', 'Thank you.']);
    expect(noBargeIn.transcript.some((e) => e.type === 'barge-in')).toBe(false);
    expect(noBargeIn.received[1]?.params).toMatchObject({ SpeechResult: 'support' });
  });

  it('keys do not interrupt a Gather that listens for speech only', async () => {
    const result = await callOverHttp(routes('input="speech"'), { caller: [{ digits: '1', after: 1 }] });
    expect(said(result)).toContain('Press 2 for support.');
    expect(result.received).toHaveLength(1);
  });

  it('a function script answering before the prompt decides on its text and its timeline, and barges in', async () => {
    const result = await callOverHttp(routes(), {
      caller: {
        beforePrompt: (prompt) => {
          if (prompt.verb !== 'Gather') return { silence: true };
          const support = prompt.timeline.find((part) => part.text?.includes('support'));
          return support ? { digits: '2', after: support.at + 1 } : { silence: true };
        },
      },
    });
    expect(said(result)).toEqual(['Welcome to Acme, where every call matters to us.', 'Press 1 for sales.', 'Press 2 for support.', 'Thank you.']);
    expect(result.transcript).toContainEqual({ at: 7, type: 'barge-in', input: 'keys', after: 7, cutSeconds: 1 });
    expect(result.received[1]?.params).toMatchObject({ Digits: '2' });
  });

  it('the caller who hangs up before the moment hangs up during the prompt', async () => {
    const result = await callOverHttp(routes(), { caller: [{ digits: '1', after: 6 }], hangupAt: 3 });
    expect(said(result)).toEqual(['Welcome to Acme, where every call matters to us.']);
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(3);
  });

  it('a script hanging up at a moment of the prompt puts the phone down there, with no input and no cut line', async () => {
    const result = await callOverHttp(routes(), { caller: [{ hangup: true, after: 5 }] });
    expect(said(result)).toEqual(['Welcome to Acme, where every call matters to us.', 'Press 1 for sales.']);
    expect(result.transcript.some((e) => e.type === 'barge-in' || e.type === 'input')).toBe(false);
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(5);
  });

  it('a loop="0" prompt, which never ends by itself, is cut at the moment', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Gather action="/choice" numDigits="1"><Say loop="0">Press 1 to continue.</Say></Gather>'), '/choice': twiml('<Hangup/>') },
      { caller: [{ digits: '1', after: 30 }] },
    );
    expect(result.transcript).toContainEqual({ at: 30, type: 'barge-in', input: 'keys', after: 30 });
    expect(requestAt(result, '/choice')).toBe(31);
  });
});
