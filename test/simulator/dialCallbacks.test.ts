// What Twilio posts beside a <Dial>: each noun's call progress events, the
// recording of a <Dial record>, and what the app hears when the caller hangs
// up while the dial rings or talks. Twilio sends these asynchronously and
// ignores their answers.
//
// statusCallbackEvent: "When dialing out to a number using <Dial>, an
// outbound call is initiated. The call transitions from the initiated state
// to the ringing state when the phone starts ringing. It transitions to the
// answered state when the call is picked up, and finally to the completed
// state when the call is over ... If a statusCallback is provided and no
// status callback events are specified the completed event will be sent by
// default." https://www.twilio.com/docs/voice/twiml/number#statuscallbackevent
// (the same on <Client> and <Sip>). Each request carries the child call's
// parameters with ParentCallSid, plus CallbackSource, SequenceNumber and
// Timestamp (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
//
// record / recordingStatusCallback on <Dial>: the action request gets
// RecordingUrl, RecordingSid and RecordingDuration; recordingStatusCallback
// gets the recording's events, CallSid being the parent call's
// (https://www.twilio.com/docs/voice/twiml/dial#record,
// https://www.twilio.com/docs/voice/twiml/dial#recordingstatuscallback).
//
// The caller hanging up: "Twilio will make a request to the action URL
// (if provided) when the <Dial> call ends" (https://www.twilio.com/docs/voice/twiml/dial#action),
// and nothing it answers runs once the call is over
// (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends).
import { describe, expect, it } from 'vitest';
import { CALL, twiml } from './fakeApp';
import { callOverHttp, type Heard } from './loopbackApp';
import { dialScript } from '../../src/simulator';

const AGENT = '+390299998888';
const STARTED_AT = new Date('2026-12-05T10:00:00Z');

const postsTo = (received: Heard[], path: string) => received.filter((r) => r.path === path).map((r) => r.params);

describe('<Dial> noun status callbacks', () => {
  it('posts each subscribed progress event of the child call, in order, with its parameters', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml(`<Dial><Number statusCallback="/dial-status" statusCallbackEvent="initiated ringing answered completed">${AGENT}</Number></Dial>`),
        '/dial-status': twiml(''),
      },
      { startedAt: STARTED_AT },
    );
    const posts = postsTo(result.received, '/dial-status');
    expect(posts.map((p) => p.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(posts.map((p) => p.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    for (const post of posts) {
      expect(post).toMatchObject({ CallbackSource: 'call-progress-events', ParentCallSid: CALL.callSid, Direction: 'outbound-dial', To: AGENT, From: CALL.from });
      expect(post.CallSid).toBe(posts[0]!.CallSid);
    }
    expect(posts[0]!.CallSid).not.toBe(CALL.callSid);
    expect(posts[0]!.Timestamp).toBe('Sat, 05 Dec 2026 10:00:00 +0000');
    expect(posts[3]).toMatchObject({ Timestamp: 'Sat, 05 Dec 2026 10:01:00 +0000', CallDuration: '60' });
    // Each is a line of the transcript, beside the call.
    expect(result.transcript.filter((e) => e.type === 'callback').map((e) => (e as { name: string }).name)).toEqual([
      'statusCallback initiated',
      'statusCallback ringing',
      'statusCallback answered',
      'statusCallback completed',
    ]);
  });

  it('sends only "completed" by default, with the dial’s final status; the other ringing numbers are canceled when one answers', async () => {
    const unanswered = await callOverHttp(
      { '/voice': twiml(`<Dial timeout="15"><Number statusCallback="/s" statusCallbackMethod="GET">${AGENT}</Number></Dial>`), '/s': twiml('') },
      { dial: dialScript('no-answer') },
    );
    const [only, ...none] = unanswered.received.filter((r) => r.path === '/s');
    expect(none).toEqual([]);
    expect(only).toMatchObject({ method: 'GET', params: { CallStatus: 'no-answer', SequenceNumber: '0', CallDuration: '0' } });

    const twoNumbers = await callOverHttp({
      '/voice': twiml(`<Dial><Number statusCallback="/a">${AGENT}</Number><Number statusCallback="/b">+390211111111</Number></Dial>`),
      '/a': twiml(''),
      '/b': twiml(''),
    });
    expect(postsTo(twoNumbers.received, '/a').map((p) => p.CallStatus)).toEqual(['completed']);
    expect(postsTo(twoNumbers.received, '/b').map((p) => p.CallStatus)).toEqual(['canceled']);
    expect(postsTo(twoNumbers.received, '/a')[0]!.CallSid).not.toBe(postsTo(twoNumbers.received, '/b')[0]!.CallSid);
  });

  it('a busy line is initiated and completed busy, without ringing', async () => {
    const busy = await callOverHttp(
      { '/voice': twiml(`<Dial><Sip statusCallback="/s" statusCallbackEvent="initiated ringing answered completed">sip:kate@example.com</Sip></Dial>`), '/s': twiml('') },
      { dial: dialScript('busy') },
    );
    expect(postsTo(busy.received, '/s').map((p) => `${p.SequenceNumber} ${p.CallStatus}`)).toEqual(['0 initiated', '1 busy']);
  });
});

describe('<Dial record> and recordingStatusCallback', () => {
  it('adds the recording to the action request and posts its completion, CallSid the parent’s', async () => {
    const result = await callOverHttp({
      '/voice': twiml(`<Dial record="record-from-answer-dual" recordingStatusCallback="/rec" action="/after">${AGENT}</Dial>`),
      '/rec': twiml(''),
      '/after': twiml('<Hangup/>'),
    });
    const after = postsTo(result.received, '/after')[0]!;
    expect(after.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(after.RecordingUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${CALL.accountSid}/Recordings/${after.RecordingSid}`);
    expect(after.RecordingDuration).toBe('60');
    const [rec, ...more] = postsTo(result.received, '/rec');
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      CallSid: CALL.callSid,
      RecordingSid: after.RecordingSid,
      RecordingUrl: after.RecordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '60',
      RecordingChannels: '2',
      RecordingSource: 'DialVerb',
    });
  });

  it('record-from-ringing records the ringing of an unanswered dial; without record, no recording parameters', async () => {
    const ringing = await callOverHttp(
      {
        '/voice': twiml(`<Dial record="record-from-ringing" recordingStatusCallback="/rec" recordingStatusCallbackEvent="in-progress completed" timeout="20" action="/after">${AGENT}</Dial>`),
        '/rec': twiml(''),
        '/after': twiml('<Hangup/>'),
      },
      { dial: dialScript('no-answer') },
    );
    expect(postsTo(ringing.received, '/after')[0]).toMatchObject({ DialCallStatus: 'no-answer', RecordingDuration: '20' });
    expect(postsTo(ringing.received, '/rec').map((p) => p.RecordingStatus)).toEqual(['in-progress', 'completed']);

    const plain = await callOverHttp({ '/voice': twiml(`<Dial action="/after">${AGENT}</Dial>`), '/after': twiml('<Hangup/>') });
    expect(Object.keys(postsTo(plain.received, '/after')[0]!).filter((k) => k.startsWith('Recording'))).toEqual([]);
  });
});

describe('the caller hangs up during a <Dial>', () => {
  it('while it rings: the child call is canceled, the action is requested, and its TwiML is not run', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml(`<Dial action="/after" timeout="30"><Number statusCallback="/s">${AGENT}</Number></Dial>`),
        '/after': twiml('<Say>We missed you</Say>'),
        '/s': twiml(''),
      },
      { dial: dialScript('no-answer'), hangupAt: 5 },
    );
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(5);
    expect(postsTo(result.received, '/after')[0]).toMatchObject({ DialCallStatus: 'canceled', DialBridged: 'false', CallStatus: 'completed' });
    expect(postsTo(result.received, '/s').map((p) => p.CallStatus)).toEqual(['canceled']);
    expect(result.transcript.some((e) => e.type === 'say')).toBe(false);
    expect(result.transcript.filter((e) => e.type === 'hangup')).toEqual([{ at: 5, type: 'hangup', by: 'caller' }]);
  });

  it('while they talk: DialCallDuration is the time talked, and nothing after the dial runs', async () => {
    const result = await callOverHttp(
      { '/voice': twiml(`<Dial action="/after">${AGENT}</Dial><Say>not reached</Say>`), '/after': twiml('<Say>Thanks for calling</Say>') },
      { hangupAt: 30 },
    );
    expect(postsTo(result.received, '/after')[0]).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '30', CallStatus: 'completed' });
    // Connected for 30 s: that stays where the call went.
    expect(result.outcome).toMatchObject({ kind: 'dial', to: AGENT, durationSeconds: 30 });
    expect(result.transcript.some((e) => e.type === 'say')).toBe(false);
    expect(result.virtualSeconds).toBe(30);

    // Without an action, the next verb is not reached either.
    const noAction = await callOverHttp({ '/voice': twiml(`<Dial>${AGENT}</Dial><Say>not reached</Say>`) }, { hangupAt: 30 });
    expect(noAction.transcript.some((e) => e.type === 'say')).toBe(false);
    expect(noAction.received.map((r) => r.path)).toEqual(['/voice']);
  });
});
