import { describe, expect, it } from 'vitest';
import { takeTwiml, twimlResponse } from '../../src/twiml/twimlResponse';

// The webhook's answer skips undici's body stream until someone needs it; to
// everyone who reads it (the Azure adapter, the simulator, tests) it must
// still be an ordinary Response.

const XML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="it-IT">È così</Say></Response>';

describe('a TwiML answer', () => {
  it('is a 200 text/xml Response whose text is the document', async () => {
    const response = twimlResponse(XML);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(Object.fromEntries(response.headers)).toEqual({ 'content-type': 'text/xml; charset=utf-8' });
    expect(await response.text()).toBe(XML);
  });

  it('gives its body once, like any Response', async () => {
    const response = twimlResponse(XML);
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
  });

  it('gives the UTF-8 bytes as an ArrayBuffer', async () => {
    const bytes = await twimlResponse(XML).arrayBuffer();
    expect(new TextDecoder().decode(bytes)).toBe(XML);
  });

  it('can be streamed, cloned and read as a Blob', async () => {
    const streamed = twimlResponse(XML);
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(XML);
    expect(streamed.bodyUsed).toBe(true);

    const original = twimlResponse(XML);
    const copy = original.clone();
    expect(await copy.text()).toBe(XML);
    expect(await original.text()).toBe(XML);
    expect(await (await twimlResponse(XML).blob()).text()).toBe(XML);
  });

  it('keeps headers a handler adds, however it is read', async () => {
    const cloned = twimlResponse(XML);
    cloned.headers.set('cache-control', 'no-store');
    expect(cloned.clone().headers.get('cache-control')).toBe('no-store');
    const taken = twimlResponse(XML);
    taken.headers.set('cache-control', 'no-store');
    expect(takeTwiml(taken)?.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });
  });
});

describe('takeTwiml, for hosts that write the answer themselves', () => {
  it('hands over status, headers and document once, reading the body', async () => {
    const response = twimlResponse(XML);
    expect(takeTwiml(response)).toEqual({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, xml: XML });
    expect(takeTwiml(response)).toBeUndefined();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('leaves alone an answer already read, and any other Response', async () => {
    const read = twimlResponse(XML);
    await read.text();
    expect(takeTwiml(read)).toBeUndefined();
    const other = new Response(XML, { status: 200 });
    expect(takeTwiml(other)).toBeUndefined();
    expect(await other.text()).toBe(XML);
  });
});
