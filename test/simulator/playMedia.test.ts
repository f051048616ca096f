// <Play> fetches its media URL, as Twilio does: "Twilio retrieves the file from
// a URL that you provide" and "does not send its standard HTTP parameters when
// making requests to <Play> URLs"; the audio types it plays are the ones the
// page lists (https://www.twilio.com/docs/voice/twiml/play). A failing URL is
// an application error with the debugger's code: 11200 for a 4xx/5xx answer or
// no Content-Type (https://www.twilio.com/docs/api/errors/11200), 11205 when
// nothing answers, 13420 "Play requires an audio Content-Type"
// (https://www.twilio.com/docs/api/errors/13420), 13325 for the same inside
// <Gather> (https://www.twilio.com/docs/api/errors/13325), 11100 for a body
// that is not a URL ("Bad URL in Play or Redirect Verb Body",
// https://www.twilio.com/docs/api/errors/11100). Each is tested against a small
// TwiML app of the test's own, over HTTP.
import { describe, expect, it } from 'vitest';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp, type Answer } from './loopbackApp';

const audio = (contentType: string): Answer => ({ headers: { 'content-type': contentType }, body: 'ID3 not really an mp3' });

describe('<Play> fetches its media URL', () => {
  it('GETs the URL without the call parameters, once per call, and the call goes on', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Play loop="2">/hold.mp3</Play><Gather action="/menu"><Play>/hold.mp3</Play></Gather><Say>Goodbye</Say>'),
      '/hold.mp3': () => audio('audio/mpeg'),
    });
    const media = result.received.filter((r) => r.path === '/hold.mp3');
    expect(media).toHaveLength(1); // cached for the rest of the call, as Twilio caches the audio it plays
    expect(media[0]).toMatchObject({ method: 'GET', params: {} });
    expect(eventsOf(result, 'play').map((e) => e.media)).toEqual([
      { status: 200, contentType: 'audio/mpeg' },
      { status: 200, contentType: 'audio/mpeg' },
    ]);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Goodbye']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
    expect(result.requests).toBe(2);
  });

  it('a URL that answers 404 ends the call with 11200; nothing after it is heard', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Play>/missing.mp3</Play><Say>never heard</Say>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200, url: `${result.base}/missing.mp3` });
    expect(eventsOf(result, 'play')[0]?.media).toEqual({ status: 404, contentType: 'text/plain' });
    expect(eventsOf(result, 'say')).toEqual([]);
    expect(eventsOf(result, 'error').map((e) => e.code)).toEqual([11200]);
  });

  it('a URL that is not audio is 13420, and 13325 inside <Gather>', async () => {
    const routes = { '/jingle': () => ({ body: '<Response/>' }) }; // served as text/xml
    const top = await callOverHttp({ ...routes, '/voice': twiml('<Play>/jingle</Play><Say>never heard</Say>') });
    expect(top.outcome).toMatchObject({ kind: 'error', code: 13420 });
    expect(eventsOf(top, 'say')).toEqual([]);
    const nested = await callOverHttp({ ...routes, '/voice': twiml('<Gather><Play>/jingle</Play></Gather><Say>never heard</Say>') });
    expect(nested.outcome).toMatchObject({ kind: 'error', code: 13325 });
    expect(eventsOf(nested, 'gather')).toEqual([]);
  });

  it('an audio type the <Play> page does not list is refused too; one it lists is played', async () => {
    const ogg = await callOverHttp({ '/voice': twiml('<Play>/a.ogg</Play>'), '/a.ogg': () => audio('audio/ogg') });
    expect(ogg.outcome).toMatchObject({ kind: 'error', code: 13420 });
    const wav = await callOverHttp({ '/voice': twiml('<Play>/a.wav</Play>'), '/a.wav': () => audio('audio/x-wav') });
    expect(wav.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('a connection that closes without an answer is 11205', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Play>/drop.mp3</Play>'), '/drop.mp3': () => ({ body: '', drop: true }) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11205 });
  });

  it('a body that is not a URL is 11100', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Play>http://[not a url</Play>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11100 });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
  });

  it('a URL on another origin is not requested, the line says so, and the call goes on', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Play>https://demo.twilio.com/docs/classic.mp3</Play><Say>Still here</Say>') });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
    expect(eventsOf(result, 'play')[0]?.media?.notFetched).toMatch(/^outside http:\/\/127\.0\.0\.1:\d+/);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Still here']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('a failing media URL goes to the number\'s fallback URL, like any application error', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Play>/missing.mp3</Play>'), '/fallback': twiml('<Say>Sorry, try later</Say>') },
      { fallbackUrl: '/fallback' },
    );
    expect(result.received.at(-1)).toMatchObject({ path: '/fallback', params: { ErrorCode: '11200', ErrorUrl: `${result.base}/missing.mp3` } });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Sorry, try later']);
  });

  it('a call without <Play> makes no media request', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Say>Hello</Say>') });
    expect(result.requests).toBe(1);
    expect(eventsOf(result, 'play')).toEqual([]);
  });
});
