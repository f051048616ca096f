// The caller may hang up at any moment, not only when asked for input:
// `hangupAt` (ivr call --hangup-at) puts the phone down that many seconds into
// the call, wherever it is. Twilio then stops executing TwiML ("the call is
// over"): https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends
import { describe, expect, it } from 'vitest';
import { call, eventsOf, twiml } from './fakeApp';

describe('the caller hangs up at a chosen second', () => {
  it('during a <Say>: what follows is never heard and nothing more is requested', async () => {
    // 10 words: 4 s of speech, then a 10 s pause, then a redirect that must not happen.
    const result = await call(
      { '/voice': twiml('<Say>uno due tre quattro cinque sei sette otto nove dieci</Say><Pause length="10"/><Say>mai</Say><Redirect>/next</Redirect>'), '/next': twiml('<Say>no</Say>') },
      { hangupAt: 9 },
    );
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(9);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['uno due tre quattro cinque sei sette otto nove dieci']);
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 9, type: 'hangup', by: 'caller' }]);
  });

  it('while a <Gather> waits for keys: the action is not requested', async () => {
    const result = await call({ '/voice': twiml('<Gather action="/menu" timeout="10"><Say>premi uno</Say></Gather><Say>nessuna scelta</Say>') }, { hangupAt: 5, caller: [{ digits: '1' }] });
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['premi uno']);
  });

  it('after the moment has passed, a call that already ended is untouched', async () => {
    const result = await call({ '/voice': twiml('<Say>ciao</Say><Hangup/>') }, { hangupAt: 60 });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.virtualSeconds).toBe(1);
  });
});
