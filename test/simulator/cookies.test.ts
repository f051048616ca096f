// "Cookies: Twilio accepts HTTP cookies and will include them in each
// request, just like a normal web browser."
// (https://www.twilio.com/docs/voice/twiml, "Twilio is a well-behaved HTTP
// client"; https://www.twilio.com/docs/api/twiml/your_response)

import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/cli/renderTranscript';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

describe('Set-Cookie on a webhook answer', () => {
  it('is kept and sent as a Cookie header on the call\'s later requests, several at once', async () => {
    const result = await callOverHttp(
      {
        '/voice': () => ({
          headers: { 'set-cookie': ['session=abc123; Path=/; HttpOnly', 'lang=it; Expires=Wed, 21 Oct 2099 07:28:00 GMT'] },
          body: twiml('<Gather numDigits="1" action="/menu"><Say>Press 1</Say></Gather>'),
        }),
        '/menu': twiml('<Redirect>/end</Redirect>'),
        '/end': twiml('<Hangup/>'),
      },
      { caller: [{ digits: '1' }] },
    );
    expect(result.received.map((r) => [r.path, r.headers.cookie])).toEqual([
      ['/voice', undefined],
      ['/menu', 'session=abc123; lang=it'],
      ['/end', 'session=abc123; lang=it'],
    ]);
    const kept = eventsOf(result, 'cookie');
    expect(kept.map(({ at: _at, ...e }) => e)).toEqual([
      { type: 'cookie', name: 'session', value: 'abc123' },
      { type: 'cookie', name: 'lang', value: 'it' },
    ]);
    expect(describeEvent(kept[0]!)).toBe('  (cookie kept, sent on later requests: session=abc123)');
  });

  it('is replaced by a later value and removed by Max-Age=0, like a browser', async () => {
    const result = await callOverHttp({
      '/voice': () => ({ headers: { 'set-cookie': 'step=1' }, body: twiml('<Redirect>/two</Redirect>') }),
      '/two': () => ({ headers: { 'set-cookie': 'step=2' }, body: twiml('<Redirect>/three</Redirect>') }),
      '/three': () => ({ headers: { 'set-cookie': 'step=; Max-Age=0' }, body: twiml('<Redirect>/four</Redirect>') }),
      '/four': twiml('<Hangup/>'),
    });
    expect(result.received.map((r) => r.headers.cookie)).toEqual([undefined, 'step=1', 'step=2', undefined]);
    expect(describeEvent(eventsOf(result, 'cookie')[2]!)).toBe('  (cookie step removed)');
  });

  it('keeps a cookie set on an HTTP redirect, and sends it only under its Path', async () => {
    const result = await callOverHttp({
      '/voice': () => ({ status: 302, headers: { location: '/ivr/menu', 'set-cookie': 'ivr=on; Path=/ivr' }, body: '' }),
      '/ivr/menu': twiml('<Redirect>/other</Redirect>'),
      '/other': twiml('<Hangup/>'),
    });
    expect(result.received.map((r) => [r.path, r.headers.cookie])).toEqual([
      ['/voice', undefined],
      ['/ivr/menu', 'ivr=on'],
      ['/other', undefined],
    ]);
  });
});
