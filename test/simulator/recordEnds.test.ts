// How a <Record> ends, and what Twilio tells the app, per
// https://www.twilio.com/docs/voice/twiml/record: the action gets
// RecordingUrl, RecordingDuration, RecordingSid and `Digits`, "the key (if any)
// pressed to end the recording or 'hangup' if the caller hung up"; an empty
// recording requests nothing and the call continues with the next verb; a call
// the caller has left runs no more TwiML
// (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends).
// recordingStatusCallback gets RecordingSid, RecordingUrl, RecordingStatus,
// RecordingDuration, RecordingChannels, RecordingSource on the events of
// recordingStatusCallbackEvent (default completed); transcribeCallback gets
// TranscriptionSid, TranscriptionText, TranscriptionStatus, TranscriptionUrl,
// RecordingSid, RecordingUrl, for recordings over 2 s and under 120 s
// (https://www.twilio.com/docs/api/errors/13617). Each against a small TwiML
// app of the test's own, over HTTP.
import { describe, expect, it } from 'vitest';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';
import type { CallResult } from '../../src/simulator';

// 10 words: 4 s of speech at 150 words a minute.
const MESSAGE = 'I would like to know where my refund is please';
const VOICEMAIL = twiml(`
  <Say>Leave a message after the beep, then press the pound key</Say>
  <Record action="/recorded" finishOnKey="#" timeout="3" maxLength="60"/>
  <Say>I did not receive a recording</Say>`);
const ROUTES = { '/voice': VOICEMAIL, '/recorded': twiml('<Say>Thank you, goodbye</Say>') };

const said = (result: CallResult) => eventsOf(result, 'say').map((e) => e.text);

describe('<Record> ended by the caller', () => {
  it('speech then the finish key: the action gets Digits=# and the recording, and its TwiML runs', async () => {
    const result = await callOverHttp(ROUTES, { caller: [{ speech: MESSAGE, thenKey: '#' }] });
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(action.params).toMatchObject({ Digits: '#', RecordingDuration: '4' });
    expect(action.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(said(result)).toEqual(['Leave a message after the beep, then press the pound key', 'Thank you, goodbye']);
    // The key ends the recording at once: no silence timeout after the message.
    expect(eventsOf(result, 'request').at(-1)?.at).toBe(eventsOf(result, 'record')[0]!.at + 4 + 1);
  });

  it('a key that is not a finishOnKey does not end it: silence does, and no Digits are sent', async () => {
    const result = await callOverHttp(ROUTES, { caller: [{ speech: MESSAGE, thenKey: '*' }] });
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(action.params.Digits).toBeUndefined();
    expect(action.params.RecordingDuration).toBe('4');
  });

  it('a key with nothing said is an empty recording: no action, the next verb runs', async () => {
    const result = await callOverHttp(ROUTES, { caller: [{ digits: '#' }] });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(said(result).at(-1)).toBe('I did not receive a recording');
  });

  it('speech then a hang-up: the action is requested with Digits=hangup, its TwiML is never run', async () => {
    const result = await callOverHttp(ROUTES, { caller: [{ speech: MESSAGE, thenHangup: true }] });
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(action.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '4' });
    expect(said(result)).not.toContain('Thank you, goodbye');
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    const types = result.transcript.map((e) => e.type);
    expect(types.slice(types.indexOf('hangup'))).toEqual(['hangup', 'request', 'end']); // said once, where it happened
  });

  it('hangupAt in the middle of the message: what was recorded so far is sent with Digits=hangup', async () => {
    // The prompt's 12 words take 5 s; the caller speaks from 5 s and hangs up at 7 s.
    const result = await callOverHttp(ROUTES, { caller: [{ speech: MESSAGE }], hangupAt: 7 });
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(action.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '2' });
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(7);
  });

  it('hangupAt while the caller is silent: an empty recording, nothing requested', async () => {
    const result = await callOverHttp(ROUTES, { hangupAt: 6 });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(said(result)).not.toContain('I did not receive a recording');
  });
});

describe('<Record> callbacks, posted beside the call', () => {
  it('recordingStatusCallback on each event asked for, with the documented parameters, by its method', async () => {
    const result = await callOverHttp(
      {
        ...ROUTES,
        '/voice': twiml('<Record action="/recorded" finishOnKey="#" recordingStatusCallback="/recording-status" recordingStatusCallbackEvent="in-progress completed" recordingStatusCallbackMethod="GET"/>'),
        '/recording-status': twiml(''),
      },
      { caller: [{ speech: MESSAGE, thenKey: '#' }] },
    );
    const posted = result.received.filter((r) => r.path === '/recording-status');
    expect(posted.map((r) => [r.method, r.params.RecordingStatus])).toEqual([
      ['GET', 'in-progress'],
      ['GET', 'completed'],
    ]);
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(posted[1]!.params).toMatchObject({
      RecordingSid: action.params.RecordingSid,
      RecordingUrl: action.params.RecordingUrl,
      RecordingDuration: '4',
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
      CallSid: action.params.CallSid,
      AccountSid: action.params.AccountSid,
    });
    // The call itself goes on: the action's TwiML runs after the callbacks.
    expect(said(result)).toEqual(['Thank you, goodbye']);
    expect(eventsOf(result, 'callback').map((e) => [e.name, e.status])).toEqual([
      ['recordingStatusCallback', 200],
      ['recordingStatusCallback', 200],
    ]);
  });

  it('only "completed" by default; "absent" when asked for and nothing was recorded', async () => {
    const byDefault = await callOverHttp(
      { ...ROUTES, '/voice': twiml('<Record action="/recorded" recordingStatusCallback="/rs"/>'), '/rs': twiml('') },
      { caller: [{ speech: MESSAGE }] },
    );
    expect(byDefault.received.filter((r) => r.path === '/rs').map((r) => [r.method, r.params.RecordingStatus])).toEqual([['POST', 'completed']]);
    const empty = await callOverHttp({ '/voice': twiml('<Record action="/recorded" recordingStatusCallback="/rs" recordingStatusCallbackEvent="completed absent"/>'), '/rs': twiml('') });
    expect(empty.received.filter((r) => r.path === '/rs').map((r) => [r.params.RecordingStatus, r.params.RecordingDuration])).toEqual([['absent', '0']]);
  });

  it('transcribeCallback gets what the caller said as TranscriptionText', async () => {
    const result = await callOverHttp(
      { ...ROUTES, '/voice': twiml('<Record action="/recorded" transcribe="true" transcribeCallback="/transcribed"/>'), '/transcribed': twiml('') },
      { caller: [{ speech: MESSAGE }] },
    );
    const transcribed = result.received.find((r) => r.path === '/transcribed')!;
    const action = result.received.find((r) => r.path === '/recorded')!;
    expect(transcribed.method).toBe('POST');
    expect(transcribed.params).toMatchObject({ TranscriptionText: MESSAGE, TranscriptionStatus: 'completed', RecordingSid: action.params.RecordingSid, RecordingUrl: action.params.RecordingUrl });
    expect(transcribed.params.TranscriptionSid).toMatch(/^TR[0-9a-f]{32}$/);
    expect(transcribed.params.TranscriptionUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${action.params.AccountSid}/Recordings/${action.params.RecordingSid}/Transcriptions/${transcribed.params.TranscriptionSid}`);
  });

  it('a recording of 2 s or less is not transcribed: TranscriptionStatus=failed, no text', async () => {
    const result = await callOverHttp(
      { ...ROUTES, '/voice': twiml('<Record action="/recorded" transcribeCallback="/transcribed"/>'), '/transcribed': twiml('') },
      { caller: [{ speech: 'call me back' }] },
    );
    const transcribed = result.received.find((r) => r.path === '/transcribed')!;
    expect(transcribed.params.TranscriptionStatus).toBe('failed');
    expect(transcribed.params.TranscriptionText).toBeUndefined();
  });

  it('a caller who hangs up mid-message: the transcription holds the words said before', async () => {
    const result = await callOverHttp(
      { ...ROUTES, '/voice': twiml('<Record action="/recorded" transcribeCallback="/transcribed"/>'), '/transcribed': twiml('') },
      { caller: [{ speech: MESSAGE }], hangupAt: 3 },
    );
    expect(result.received.find((r) => r.path === '/transcribed')!.params.TranscriptionText).toBe('I would like to know where my'); // 3 s at 2.5 words a second
    expect(result.received.find((r) => r.path === '/recorded')!.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '3' });
  });
});
