import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpServer, listen } from '../../src/server/nodeHttpHost';
import { twimlResponse } from '../../src/twiml/twimlResponse';
import { MAX_BODY_BYTES, readForm } from '../../src/webhook/readForm';

// The local host hands handlers a Request that reads Node's request lazily
// (see nodeHttpHost.ts). Whatever a handler does with it must work as with a
// real Request, and what the client gets back must be what the handler said.

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function host(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = createNodeHttpServer(handler);
  return listen(server, 0);
}

/** A raw request, so headers such as a chunked body without Content-Length stay under the test's control. */
function send(origin: string, options: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(origin + options.path, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('the node:http host', () => {
  it('gives a handler a Request that behaves as one: url, method, headers, body, clone', async () => {
    const seen: Record<string, unknown> = {};
    const origin = await host(async (request) => {
      seen.isRequest = request instanceof Request;
      seen.url = request.url;
      seen.method = request.method;
      seen.type = request.headers.get('Content-Type');
      seen.custom = request.headers.get('x-custom');
      seen.headerNames = [...request.headers.keys()].filter((name) => name.startsWith('x-'));
      seen.clone = await request.clone().text();
      seen.json = await request.json();
      return Response.json({ ok: true }, { status: 201, headers: { 'x-answer': 'yes' } });
    });
    const response = await send(origin, { path: '/api/thing?a=1', headers: { 'content-type': 'application/json', 'x-custom': 'value' }, body: '{"n":1}' });
    expect(seen).toEqual({
      isRequest: true,
      url: `${origin}/api/thing?a=1`,
      method: 'POST',
      type: 'application/json',
      custom: 'value',
      headerNames: ['x-custom'],
      clone: '{"n":1}',
      json: { n: 1 },
    });
    expect(response.status).toBe(201);
    expect(response.headers['x-answer']).toBe('yes');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength('{"ok":true}')));
    expect(JSON.parse(response.body)).toEqual({ ok: true });
  });

  it('hands the form over to readForm without a stream, and a GET has no body', async () => {
    const forms: unknown[] = [];
    const origin = await host(async (request) => {
      forms.push(await readForm(request));
      return twimlResponse('<Response/>');
    });
    await send(origin, { path: '/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=CA1&Digits=2&Text=%C3%A8+s%C3%AC' });
    await send(origin, { path: '/api/voice?CallSid=CA2', method: 'GET' });
    expect(forms).toEqual([
      { ok: true, params: { CallSid: 'CA1', Digits: '2', Text: 'è sì' } },
      { ok: true, params: { CallSid: 'CA2' } },
    ]);
  });

  it('writes a TwiML answer with its length and type', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Più è meglio</Say></Response>';
    const origin = await host(async () => twimlResponse(xml));
    const response = await send(origin, { path: '/api/voice', body: '' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(xml)));
    expect(response.body).toBe(xml);
  });

  it('keeps at most the limit of a body with no Content-Length, so readForm refuses it with 413', async () => {
    let received = -1;
    const origin = await host(async (request) => {
      const form = await readForm(request);
      received = form.ok ? 0 : form.status;
      return form.ok ? twimlResponse('<Response/>') : new Response('too large', { status: form.status });
    });
    const big = Buffer.alloc(4 * MAX_BODY_BYTES, 'a');
    const response = await send(origin, { path: '/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }, body: big });
    expect(received).toBe(413);
    expect(response.status).toBe(413);
  });
});
