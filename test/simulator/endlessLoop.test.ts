// <Say loop="0"> and <Play loop="0">: "Specifying '0' will cause the <Say>
// verb to loop until the call is hung up"
// (https://www.twilio.com/docs/voice/twiml/say, loop attribute) and <Play>
// "loop until either the call is hung up or 1000 iterations are performed"
// (https://www.twilio.com/docs/voice/twiml/play, loop attribute). Nested in
// <Gather>, a key or speech interrupts the prompt
// (https://www.twilio.com/docs/voice/twiml/gather). Simulated time stops the
// repetition at Twilio's default call time limit of 4 hours.

import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/cli/renderTranscript';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

describe('loop="0": repeat until the caller acts or hangs up', () => {
  it('a top-level <Say loop="0"> holds the call until the caller hangs up; the verbs after it never run', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Say loop="0">Please hold</Say><Say>Goodbye</Say><Redirect>/after</Redirect>'),
      '/after': twiml('<Hangup/>'),
    });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Please hold']);
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(14400);
    const repeating = eventsOf(result, 'repeating');
    expect(repeating).toEqual([{ at: 1, type: 'repeating', verb: 'Say', seconds: 14399 }]);
    expect(describeEvent(repeating[0]!)).toContain('repeats until the caller hangs up');
  });

  it('a top-level <Play loop="0"> does the same', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Play loop="0">https://cdn.test/hold.mp3</Play><Hangup/>') });
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 14400, type: 'hangup', by: 'caller' }]);
  });

  it('inside <Gather>, a key press interrupts the endless prompt and the action is requested', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml('<Gather numDigits="1" action="/menu"><Say loop="0">Press 1</Say><Say>never heard</Say></Gather><Say>no input</Say>'),
        '/menu': twiml('<Say>Thanks</Say><Hangup/>'),
      },
      { caller: [{ digits: '1' }] },
    );
    expect(result.received.map((r) => [r.path, r.params.Digits])).toEqual([['/voice', undefined], ['/menu', '1']]);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Press 1', 'Thanks']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('inside <Gather>, silence never times out: the prompt plays on and the verbs after the Gather never run', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Gather numDigits="1" action="/menu"><Play loop="0">https://cdn.test/menu.mp3</Play></Gather><Say>no input</Say>'),
    });
    expect(eventsOf(result, 'say')).toEqual([]);
    expect(result.received).toHaveLength(1);
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(14400);
  });
});
