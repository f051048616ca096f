import { describe, expect, it } from 'vitest';
import { BASE, call, eventsOf, twiml } from './fakeApp';

const VOICEMAIL = twiml(`
  <Say>Leave a message after the beep</Say>
  <Record action="/voicemail" maxLength="20" finishOnKey="*" timeout="3"/>
  <Say>I did not receive a recording</Say>`);

describe('<Record>', () => {
  it('posts RecordingUrl, RecordingDuration and RecordingSid to the action when the caller speaks', async () => {
    const result = await call(
      { '/voice': VOICEMAIL, '/voicemail': twiml('<Say>Thank you</Say>') },
      { caller: [{ speech: 'Hello, I would like to know about my refund please' }] },
    );
    const params = result.received[1]!.params;
    expect(result.received[1]?.url).toBe(`${BASE}/voicemail`);
    expect(params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(params.RecordingUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${params.AccountSid}/Recordings/${params.RecordingSid}`);
    expect(params.RecordingDuration).toBe('4'); // 10 words at 2.5 words/s
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Leave a message after the beep', 'Thank you']);
    expect(eventsOf(result, 'record')[0]?.prompt).toEqual({
      verb: 'Record',
      index: 1,
      finishOnKey: '*',
      timeout: 3,
      maxLength: 20,
      playBeep: true,
      action: `${BASE}/voicemail`,
      method: 'POST',
    });
  });

  it('continues with the next verb on an empty recording, without requesting the action', async () => {
    const result = await call({ '/voice': VOICEMAIL, '/voicemail': twiml('') });
    expect(result.requests).toBe(1);
    expect(eventsOf(result, 'say').at(-1)?.text).toBe('I did not receive a recording');
    expect(result.virtualSeconds).toBe(3 + 3 + 3); // prompt, silence timeout, last Say
  });

  it('caps the recording at maxLength', async () => {
    const words = Array.from({ length: 100 }, () => 'blah').join(' ');
    const result = await call({ '/voice': VOICEMAIL, '/voicemail': twiml('') }, { caller: [{ speech: words }] });
    expect(result.received[1]?.params.RecordingDuration).toBe('20');
  });

  it('ends with caller-hangup when the caller hangs up instead', async () => {
    const result = await call({ '/voice': VOICEMAIL }, { caller: [{ hangup: true }] });
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
  });
});
