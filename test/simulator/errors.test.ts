import { describe, expect, it } from 'vitest';
import { call, eventsOf, twiml } from './fakeApp';

const respond = (body: string, headers: Record<string, string>, status = 200) => () => new Response(body, { status, headers });
const xml = { 'content-type': 'text/xml' };

describe('what Twilio would report as an application error', () => {
  it.each([
    ['malformed XML', '<Response><Say>hi</Response>'],
    ['whitespace before the XML declaration', ' <?xml version="1.0"?><Response/>'],
    ['an unquoted attribute', '<Response><Say loop=2>hi</Say></Response>'],
    ['a bare ampersand', '<Response><Say>Fish & chips</Say></Response>'],
    ['a root other than <Response>', '<response><Say>hi</Say></response>'],
    ['an empty body', ''],
  ])('12100 document parse failure for %s', async (_case, body) => {
    const result = await call({ '/voice': respond(body, xml) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12100, url: 'http://ivr.test/voice' });
    expect(eventsOf(result, 'error')).toHaveLength(1);
  });

  it('12200 schema validation for an unknown or miscased verb, after running what came before', async () => {
    const result = await call({ '/voice': twiml('<Say>first</Say><say>second</say>') });
    expect(result.outcome).toEqual({ kind: 'error', code: 12200, message: 'Schema validation: <say> is not a TwiML voice verb' });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['first']);
  });

  it('12300 for a Content-Type that is neither TwiML, audio nor text', async () => {
    const result = await call({ '/voice': respond('{"say":"hi"}', { 'content-type': 'application/json' }) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12300 });
  });

  it('accepts TwiML served as application/xml or text/html', async () => {
    for (const type of ['application/xml; charset=utf-8', 'text/html']) {
      const result = await call({ '/voice': respond(twiml('<Hangup/>'), { 'content-type': type }) });
      expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    }
  });

  it('reads text/plain aloud and plays audio, then hangs up, as Twilio documents', async () => {
    const text = await call({ '/voice': respond('We are closed', { 'content-type': 'text/plain' }) });
    expect(eventsOf(text, 'say').map((e) => e.text)).toEqual(['We are closed']);
    expect(text.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
    const audio = await call({ '/voice': respond('ID3', { 'content-type': 'audio/mpeg' }) });
    expect(eventsOf(audio, 'play').map((e) => e.url)).toEqual(['http://ivr.test/voice']);
  });

  it.each([404, 500, 503])('11200 HTTP retrieval failure for status %i', async (status) => {
    const result = await call({ '/voice': respond('oops', { 'content-type': 'text/plain' }, status) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200, message: `HTTP retrieval failure: status ${status}` });
    expect(eventsOf(result, 'request')[0]).toMatchObject({ status, contentType: 'text/plain' });
  });

  it('11200 when the answer has no Content-Type', async () => {
    const body = new TextEncoder().encode(twiml(''));
    const result = await call({ '/voice': () => new Response(body) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200, message: 'HTTP retrieval failure: no Content-Type' });
  });

  it('11205 HTTP connection failure when the transport throws', async () => {
    const result = await call({
      '/voice': () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11205, message: 'HTTP connection failure: fetch failed' });
  });

  it('11750 for a response over 64 kB', async () => {
    const result = await call({ '/voice': twiml(`<Say>${'a'.repeat(70_000)}</Say>`) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11750 });
  });

  it('11215 for an HTTP redirect loop', async () => {
    const result = await call({ '/voice': () => new Response(null, { status: 302, headers: { location: '/voice' } }) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11215 });
  });

  it('11100 for an action that is not a URL', async () => {
    const result = await call({ '/voice': twiml('<Redirect>http://[bad</Redirect>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11100 });
  });

  it('keeps the answered dial as the outcome when a later request fails', async () => {
    const result = await call({ '/voice': twiml('<Dial action="/gone">+39</Dial>') });
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+39' });
    expect(eventsOf(result, 'error')[0]).toMatchObject({ code: 11200 });
  });
});

describe('loop guard', () => {
  it('stops after maxRequests webhook fetches', async () => {
    const result = await call({ '/voice': twiml('<Pause/><Redirect>/voice</Redirect>') }, { maxRequests: 7 });
    expect(result.outcome).toEqual({ kind: 'loop', maxRequests: 7 });
    expect(result.requests).toBe(7);
    expect(result.virtualSeconds).toBe(7);
  });

  it('defaults to 50', async () => {
    const result = await call({ '/voice': twiml('<Redirect>/voice</Redirect>') });
    expect(result.outcome).toEqual({ kind: 'loop', maxRequests: 50 });
    expect(result.requests).toBe(50);
  });

  it('stops a caller script that answers a re-asking menu forever at the per-call cap, not at maxRequests', async () => {
    const result = await call({ '/voice': twiml('<Gather numDigits="1"/>') }, { caller: () => ({ digits: '9' }), maxRequests: 5 });
    expect(result.outcome).toEqual({ kind: 'loop', maxRequests: 1000, callerDriven: true });
    expect(result.requests).toBe(1000);
  });
});

describe('never throws for what the app sends back', () => {
  it('turns a transport that hands back no Response into 11200', async () => {
    const result = await call({ '/voice': (() => undefined) as unknown as () => Response });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200 });
  });

  it('turns a body that breaks mid-stream into 11205', async () => {
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const result = await call({ '/voice': () => new Response(broken, { headers: { 'content-type': 'text/xml' } }) });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11205, message: 'HTTP connection failure: socket hang up' });
  });

  it('reports a start URL that is not a URL as 11100 without sending anything', async () => {
    const result = await call({}, { url: 'not a url' });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11100 });
    expect(result.requests).toBe(0);
  });
});
