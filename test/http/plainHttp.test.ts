import { describe, expect, it } from 'vitest';
import { headerOf, MAX_BODY_BYTES, plainRequestOf, splitUrl, webFetchOf, type PlainResponse } from '../../src/http/plainHttp';

// The app routes on splitUrl's path and reads Twilio's headers with headerOf;
// anything else speaks web-standard fetch through these translations.

describe('splitUrl', () => {
  it.each([
    ['https://ivr.example/api/voice/continue?line=consumer&node=menu', '/api/voice/continue', 'line=consumer&node=menu'],
    ['http://127.0.0.1:7071/api/voice', '/api/voice', ''],
    ['http://127.0.0.1:7071', '/', ''],
    ['http://127.0.0.1:7071?x=1', '/', 'x=1'],
    ['http://host/api/voice?a=1#frag', '/api/voice', 'a=1'],
    ['http://host/api/voice#frag?not=query', '/api/voice', ''],
    ['http://host/a?b/c', '/a', 'b/c'],
  ])('%s has path %s and query %s', (url, path, query) => {
    expect(splitUrl(url)).toEqual({ path, query });
    // The same as the URL parser says, for every URL a host hands over.
    const parsed = new URL(url);
    expect(path).toBe(parsed.pathname);
    expect(query).toBe(parsed.search.slice(1));
  });
});

describe('headerOf', () => {
  it('reads lower-case names directly, joins repeated values, and finds a name written in another case', () => {
    expect(headerOf({ 'x-twilio-signature': 'abc=' }, 'x-twilio-signature')).toBe('abc=');
    expect(headerOf({ 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] }, 'x-forwarded-for')).toBe('1.1.1.1, 2.2.2.2');
    expect(headerOf({ 'Content-Type': 'text/xml' }, 'content-type')).toBe('text/xml');
    expect(headerOf({}, 'location')).toBeUndefined();
  });
});

describe('the web-standard translation', () => {
  it('answers a Request with a Response: status, headers and body as the handler said, no body for 204', async () => {
    const fetch = webFetchOf(async (request): Promise<PlainResponse> =>
      request.body === 'empty' ? { status: 204, headers: {}, body: '' } : { status: 200, headers: { 'content-type': 'text/xml' }, body: `<Response>${request.method} ${request.url}</Response>` },
    );
    const ok = await fetch(new Request('http://host/api/voice?a=1', { method: 'POST', body: 'x' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/xml');
    expect(await ok.text()).toBe('<Response>POST http://host/api/voice?a=1</Response>');
    const empty = await fetch(new Request('http://host/api/voice/status', { method: 'POST', body: 'empty' }));
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('keeps one byte past the body limit of a huge Request, so the webhook can refuse it without holding it all', async () => {
    const request = await plainRequestOf(new Request('http://host/api/voice', { method: 'POST', body: 'a'.repeat(4 * MAX_BODY_BYTES) }));
    expect(request.body.length).toBe(MAX_BODY_BYTES + 1);
  });
});
