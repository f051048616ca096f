import { describe, expect, it } from 'vitest';
import { call, eventsOf, twiml } from './fakeApp';

describe('<Say>, <Play>, <Pause>', () => {
  it('records what the caller hears, with Twilio defaults for language and loop', async () => {
    const result = await call({
      '/voice': twiml(`
        <Say>Benvenuto   in
          Klarna</Say>
        <Say language="it-IT" voice="Polly.Bianca" loop="2">Premi uno</Say>
        <Play>https://cdn.test/jingle.mp3</Play>
        <Play digits="ww12"></Play>
        <Pause length="3"/>
        <Pause/>`),
    });
    expect(eventsOf(result, 'say').map(({ at: _at, ...e }) => e)).toEqual([
      { type: 'say', text: 'Benvenuto in Klarna', language: 'en-US', loop: 1 },
      { type: 'say', text: 'Premi uno', language: 'it-IT', voice: 'Polly.Bianca', loop: 2 },
    ]);
    expect(eventsOf(result, 'play').map(({ at: _at, ...e }) => e)).toEqual([
      // Another origin than the call's: never requested, and the call goes on.
      { type: 'play', url: 'https://cdn.test/jingle.mp3', loop: 1, media: { notFetched: 'outside http://ivr.test, the origin this call was pointed at' } },
      { type: 'play', digits: 'ww12', loop: 1 },
    ]);
    expect(eventsOf(result, 'pause').map((e) => e.seconds)).toEqual([3, 1]);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('counts virtual time: speech at 150 words a minute, loops, pauses; no wall-clock waiting', async () => {
    // Ten minutes of pause: waited for in real time, the call could not end within the test's time limit (vitest.config.mts).
    // How fast simulated calls run is the bench's (`npm run bench`).
    const result = await call({
      '/voice': twiml('<Say>one two three four five</Say><Say loop="3">hi</Say><Pause length="600"/>'),
    });
    // 5 words → 2 s; "hi" ×3 → 3 s; pause 600 s.
    expect(result.virtualSeconds).toBe(605);
    expect(eventsOf(result, 'pause')[0]?.at).toBe(5);
  });

  it('reads SSML inside <Say> as its text', async () => {
    const result = await call({
      '/voice': twiml('<Say voice="Polly.Joanna">Hi <break time="100ms"/><emphasis>there</emphasis> <say-as interpret-as="digits">123</say-as></Say>'),
    });
    expect(eventsOf(result, 'say')[0]?.text).toBe('Hi there 123');
  });

  it('refuses an empty <Play> with a schema error', async () => {
    const result = await call({ '/voice': twiml('<Play/>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12200 });
  });
});
