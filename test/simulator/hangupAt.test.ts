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

  // A key timed 6 s into a 1-second prompt comes 5 s into the wait for it; a caller who hung up at 4 s never pressed it.
  it('a key timed after the hang-up is never pressed: no input is told, and the action is not requested', async () => {
    const menu = { '/voice': twiml('<Gather action="/menu" numDigits="1" timeout="10"><Say>premi uno</Say></Gather>'), '/menu': twiml('<Say>scelto</Say>') };
    const gone = await call(menu, { hangupAt: 4, caller: [{ digits: '1', after: 6 }] });
    expect(gone.outcome).toEqual({ kind: 'caller-hangup' });
    expect(eventsOf(gone, 'input')).toEqual([]);
    expect(eventsOf(gone, 'hangup')).toEqual([{ at: 4, type: 'hangup', by: 'caller' }]);
    expect(gone.received.map((r) => r.path)).toEqual(['/voice']);
    // Still there at 8 s: the key at 6 s is pressed, and the menu's action asked.
    const there = await call(menu, { hangupAt: 8, caller: [{ digits: '1', after: 6 }] });
    expect(eventsOf(there, 'input').map((e) => e.action)).toEqual([{ digits: '1', after: 6 }]);
    expect(there.received.map((r) => r.path)).toEqual(['/voice', '/menu']);
  });

  it('after the moment has passed, a call that already ended is untouched', async () => {
    const result = await call({ '/voice': twiml('<Say>ciao</Say><Hangup/>') }, { hangupAt: 60 });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.virtualSeconds).toBe(1);
  });
});
