import { describe, expect, it } from 'vitest';
import type { CallerPrompt } from '../../src/simulator';
import type { CallState } from '../../src/engine/callState';
import { buildTwiml } from '../../src/twiml/buildTwiml';
import { BASE, call, eventsOf, twiml } from './fakeApp';

const MENU = twiml(`
  <Gather action="menu" numDigits="1" timeout="7">
    <Say language="it-IT">Per i pagamenti premi 1.</Say>
    <Say language="it-IT">Per parlare con un operatore premi 2.</Say>
  </Gather>
  <Say>No input</Say>`);

describe('<Gather>', () => {
  it('posts Digits to the action, resolved against the document URL', async () => {
    const result = await call({ '/voice': MENU, '/menu': twiml('<Hangup/>') }, { caller: [{ digits: '2' }] });
    expect(result.received.map((r) => r.url)).toEqual([`${BASE}/voice`, `${BASE}/menu`]);
    expect(result.received[1]?.params).toMatchObject({ Digits: '2', FinishedOnKey: '', CallStatus: 'in-progress' });
    expect(eventsOf(result, 'say').map((e) => e.text)).not.toContain('No input');
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('describes the prompt to the caller: modes, limits, what was said, where it goes', async () => {
    const prompts: CallerPrompt[] = [];
    await call({ '/voice': MENU }, { caller: (prompt) => (prompts.push(prompt), { silence: true }) });
    expect(prompts).toEqual([
      {
        verb: 'Gather',
        index: 1,
        input: ['dtmf'],
        numDigits: 1,
        finishOnKey: '#',
        timeout: 7,
        language: 'en-US',
        says: [
          { text: 'Per i pagamenti premi 1.', language: 'it-IT' },
          { text: 'Per parlare con un operatore premi 2.', language: 'it-IT' },
        ],
        plays: [],
        timeline: [
          { verb: 'Say', at: 0, seconds: 2, text: 'Per i pagamenti premi 1.' },
          { verb: 'Say', at: 2, seconds: 3, text: 'Per parlare con un operatore premi 2.' },
        ],
        promptSeconds: 5,
        startedAt: 0,
        bargeIn: true,
        action: `${BASE}/menu`,
        method: 'POST',
        actionOnEmptyResult: false,
      },
    ]);
  });

  it('says how long its prompt plays: for ever when a part repeats for ever (loop="0"), so no moment is beyond it', async () => {
    const prompts: CallerPrompt[] = [];
    const endless = twiml('<Gather action="menu" numDigits="1"><Say>Hello there.</Say><Say loop="0">Press 1 to continue.</Say></Gather>');
    await call({ '/voice': endless }, { caller: (prompt) => (prompts.push(prompt), { hangup: true }) });
    expect(prompts.map((p) => p.verb === 'Gather' && p.promptSeconds)).toEqual([null]);
  });

  it('falls through to the next verb on silence, after waiting out the timeout', async () => {
    const result = await call({ '/voice': MENU });
    expect(result.requests).toBe(1);
    expect(eventsOf(result, 'say').map((e) => e.text).at(-1)).toBe('No input');
    // 4 + 6 words of prompt → 2 + 3 s, 7 s timeout, then "No input" at 12 s.
    expect(eventsOf(result, 'say').at(-1)?.at).toBe(12);
    expect(eventsOf(result, 'input')[0]?.action).toEqual({ silence: true });
  });

  it('requests the action on silence when actionOnEmptyResult is true, without Digits', async () => {
    const result = await call(
      { '/voice': twiml('<Gather action="/empty" actionOnEmptyResult="true"/>'), '/empty': twiml('<Hangup/>') },
      { caller: [{ silence: true }] },
    );
    expect(result.received[1]?.path).toBe('/empty');
    expect(result.received[1]?.params).not.toHaveProperty('Digits');
  });

  it('stops at finishOnKey (default #) and does not send the key in Digits', async () => {
    const result = await call(
      { '/voice': twiml('<Gather action="/pin"/>'), '/pin': twiml('') },
      { caller: [{ digits: '1234#99' }] },
    );
    expect(result.received[1]?.params).toMatchObject({ Digits: '1234', FinishedOnKey: '#' });
    expect(result.virtualSeconds).toBe(5); // five key presses, no timeout wait
  });

  it('honours a custom finishOnKey and numDigits, discarding extra keys', async () => {
    const star = await call({ '/voice': twiml('<Gather finishOnKey="*" action="/a"/>'), '/a': twiml('') }, { caller: [{ digits: '12#3*' }] });
    expect(star.received[1]?.params).toMatchObject({ Digits: '12#3', FinishedOnKey: '*' });
    const three = await call({ '/voice': twiml('<Gather numDigits="3" action="/a"/>'), '/a': twiml('') }, { caller: [{ digits: '98765' }] });
    expect(three.received[1]?.params.Digits).toBe('987');
  });

  it('submits unterminated digits after the timeout, with finishOnKey="" capturing #', async () => {
    const result = await call(
      { '/voice': twiml('<Gather finishOnKey="" timeout="4" action="/a"/>'), '/a': twiml('') },
      { caller: [{ digits: '1#' }] },
    );
    expect(result.received[1]?.params).toMatchObject({ Digits: '1#', FinishedOnKey: '' });
    expect(result.virtualSeconds).toBe(2 + 4);
  });

  it('treats only the finish key as no input', async () => {
    const result = await call({ '/voice': twiml('<Gather action="/a"/><Say>again</Say>') }, { caller: [{ digits: '#' }] });
    expect(result.requests).toBe(1);
    expect(eventsOf(result, 'say')[0]?.text).toBe('again');
  });

  // finishOnKey's allowed values are 0-9, #, * and '' (the empty string), "#" when absent
  // (https://www.twilio.com/docs/api_reference/TwiML/gather); the finish key pressed before any digit ends the
  // Gather with no request, and Twilio goes on to the next verb (http://www.twilio.com/docs/api/twiml/gather).
  // The app's menus write finishOnKey="" so that "#" reaches them as a key: the same <Gather> without the
  // attribute, as other apps write it, still ends on "#".
  describe('# at a one-key menu', () => {
    const state = (node: string): CallState => ({ line: 'consumer', node, language: 'it', tries: 0 });
    const speech = { text: 'Premi 1.', language: 'it-IT', voice: 'Google.it-IT-Standard-A' };
    const appMenu = buildTwiml(
      [
        { kind: 'gather', prompts: [speech], timeoutSeconds: 5, next: state('pressed') },
        { kind: 'redirect', next: state('silent') },
      ],
      (next) => `/${next.node}`,
    );
    const routes = (menu: string) => ({ '/voice': menu, '/pressed': twiml('<Hangup/>'), '/silent': twiml('<Hangup/>') });

    it('is collected as the key when finishOnKey="", as the app writes its menus', async () => {
      expect(appMenu).toContain(' finishOnKey=""');
      const result = await call(routes(appMenu), { caller: [{ digits: '#' }] });
      expect(result.received.map((r) => r.path)).toEqual(['/voice', '/pressed']);
      expect(result.received[1]?.params).toMatchObject({ Digits: '#', FinishedOnKey: '' });
    });

    it('ends the Gather with nothing sent when the attribute is absent: the next verb runs, as after silence', async () => {
      const result = await call(routes(appMenu.replace(' finishOnKey=""', '')), { caller: [{ digits: '#' }] });
      expect(result.received.map((r) => r.path)).toEqual(['/voice', '/silent']);
      expect(result.received[1]?.params).not.toHaveProperty('Digits');
    });
  });

  it('posts back to the current document URL (query included) when there is no action', async () => {
    let calls = 0;
    const result = await call(
      {
        '/voice': () => new Response(calls++ === 0 ? twiml('<Gather numDigits="1"/>') : twiml('<Hangup/>'), { headers: { 'content-type': 'text/xml' } }),
      },
      { url: `${BASE}/voice?step=menu&lang=it`, caller: [{ digits: '5' }] },
    );
    expect(result.received[1]?.url).toBe(`${BASE}/voice?step=menu&lang=it`);
    expect(result.received[1]?.params.Digits).toBe('5');
  });

  it('sends GET with the parameters in the query when method="GET"', async () => {
    const result = await call(
      { '/voice': twiml('<Gather method="GET" action="/a?x=1"/>'), '/a': twiml('') },
      { caller: [{ digits: '3#' }] },
    );
    const second = result.received[1]!;
    expect(second.method).toBe('GET');
    expect(second.url.startsWith(`${BASE}/a?x=1&`)).toBe(true);
    expect(second.params).toMatchObject({ x: '1', Digits: '3', FinishedOnKey: '#', CallSid: result.callSid });
  });

  it('recognises speech when input includes speech, with SpeechResult and Confidence', async () => {
    const result = await call(
      { '/voice': twiml('<Gather input="speech dtmf" action="/s"><Say>Say sales</Say></Gather>'), '/s': twiml('') },
      { caller: [{ speech: 'sales please' }] },
    );
    expect(result.received[1]?.params).toMatchObject({ SpeechResult: 'sales please', Confidence: '0.9' });
    expect(result.received[1]?.params).not.toHaveProperty('Digits');
  });

  it('ignores input of a kind the Gather does not listen for', async () => {
    const speechToDtmf = await call({ '/voice': twiml('<Gather action="/a"/>') }, { caller: [{ speech: 'one' }] });
    expect(speechToDtmf.requests).toBe(1);
    const keysToSpeech = await call({ '/voice': twiml('<Gather input="speech" action="/a"/>') }, { caller: [{ digits: '1' }] });
    expect(keysToSpeech.requests).toBe(1);
  });

  it('ends with caller-hangup when the caller hangs up at the prompt', async () => {
    const result = await call({ '/voice': MENU, '/menu': twiml('') }, { caller: [{ hangup: true }] });
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.requests).toBe(1);
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 5, type: 'hangup', by: 'caller' }]);
  });

  it('answers prompts in order from an array, then stays silent', async () => {
    const prompt = (n: number) => `<Gather numDigits="1" action="/step${n}"><Say>step ${n}</Say></Gather>`;
    const result = await call(
      { '/voice': twiml(prompt(1)), '/step1': twiml(prompt(2)), '/step2': twiml(prompt(3)), '/step3': twiml('') },
      { caller: [{ digits: '1' }, { digits: '2' }] },
    );
    expect(result.received.map((r) => r.params.Digits)).toEqual([undefined, '1', '2']);
    expect(eventsOf(result, 'gather').map((e) => e.prompt.index)).toEqual([1, 2, 3]);
  });

  it('rejects a verb that may not be nested in <Gather>', async () => {
    const result = await call({ '/voice': twiml('<Gather><Dial>+39</Dial></Gather>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12200 });
  });
});
