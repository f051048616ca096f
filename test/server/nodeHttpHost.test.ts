import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpServer, listen } from '../../src/server/nodeHttpHost';
import { twimlResponse } from '../../src/twiml/twimlResponse';
import { readForm } from '../../src/webhook/readForm';
import { MAX_BODY_BYTES, textResponse, type PlainHandler, type PlainRequest } from '../../src/http/plainHttp';

// The local host hands the app what Node parsed: the URL as the client asked
// for it (what Twilio signed), the headers, the body as text. What the client
// gets back must be exactly what the handler answered.

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function host(handler: PlainHandler): Promise<string> {
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
  it('gives the handler the URL as requested, the method, the headers and the body, and writes back what it answers', async () => {
    let seen: PlainRequest | undefined;
    const origin = await host(async (request) => {
      seen = request;
      return { status: 201, headers: { 'content-type': 'application/json', 'x-answer': 'yes' }, body: '{"ok":"sì"}' };
    });
    const response = await send(origin, { path: '/api/thing?a=1&b=%2F', headers: { 'Content-Type': 'application/json', 'X-Custom': 'value' }, body: '{"n":"è"}' });
    expect(seen).toMatchObject({ method: 'POST', url: `${origin}/api/thing?a=1&b=%2F`, body: '{"n":"è"}' });
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['x-custom']).toBe('value');
    expect(response.status).toBe(201);
    expect(response.headers['x-answer']).toBe('yes');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength('{"ok":"sì"}')));
    expect(JSON.parse(response.body)).toEqual({ ok: 'sì' });
  });

  it('refuses with 400 a Host header no client would send, so it never becomes part of the URL checked against the signature', async () => {
    let called = false;
    const origin = await host(async () => {
      called = true;
      return textResponse(200, 'ok');
    });
    const response = await send(origin, { path: '/api/voice', headers: { host: 'evil.example/api/voice?' }, body: '' });
    expect(response.status).toBe(400);
    expect(called).toBe(false);
  });

  it('hands over the form of a POST, and a GET has its parameters in the query', async () => {
    const forms: unknown[] = [];
    const origin = await host(async (request) => {
      const form = readForm(request);
      forms.push(form.ok && Object.fromEntries(form.params.names.map((name, i) => [name, form.params.values[i]])));
      return twimlResponse('<Response/>');
    });
    await send(origin, { path: '/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=CA1&Digits=2&Text=%C3%A8+s%C3%AC' });
    await send(origin, { path: '/api/voice?CallSid=CA2', method: 'GET' });
    expect(forms).toEqual([
      { CallSid: 'CA1', Digits: '2', Text: 'è sì' },
      { CallSid: 'CA2' },
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
      const form = readForm(request);
      received = form.ok ? 0 : form.status;
      return form.ok ? twimlResponse('<Response/>') : textResponse(form.status, 'too large');
    });
    const big = Buffer.alloc(4 * MAX_BODY_BYTES, 'a');
    const response = await send(origin, { path: '/api/voice', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }, body: big });
    expect(received).toBe(413);
    expect(response.status).toBe(413);
  });
});
