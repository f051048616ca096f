import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpHost, listen, type HttpHostOptions } from '../../src/server/httpHost';
import { twimlResponse } from '../../src/twiml/twimlResponse';
import { readForm } from '../../src/webhook/readForm';
import { MAX_BODY_BYTES, textResponse, type PlainHandler, type PlainRequest } from '../../src/http/plainHttp';

// The local host hands the app what the client sent: the URL as the client asked
// for it (what Twilio signed), the headers, the body as text. What the client
// gets back must be exactly what the handler answered.

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function host(handler: PlainHandler, options?: HttpHostOptions): Promise<string> {
  server = createHttpHost(handler, options);
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

describe('the local HTTP host', () => {
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

  // The characters of these are a host's, but the WHATWG URL parser refuses them
  // (an IPv4 address of five parts, a part over 255, a port over 65535, a bad
  // IPv6 address): every new URL() of the request URL further on would throw.
  it.each(['1.2.3.4.5', '999.1.1.1', 'localhost:99999', '[::g]'])('refuses Host: %s with 400 before reading the body, saying why, never reaching the app', async (badHost) => {
    let called = false;
    const origin = await host(async () => {
      called = true;
      return textResponse(200, 'ok');
    });
    const { responses, closed } = await exchange(origin, [`POST /api/voice/continue HTTP/1.1\r\nHost: ${badHost}\r\nContent-Length: 8\r\n\r\nDigits=1`], { answers: 1 });
    expect(responses[0]).toMatchObject({ status: 400, body: 'Bad Request: the Host header must be a host name or address with an optional port, as in Host: 127.0.0.1:7071\n' });
    expect(called).toBe(false);
    expect(closed).toBe(true);
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

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends raw bytes, each piece in its own write after a pause (so the server
 * sees them arrive apart), and reads answers until `answers` have come or the
 * server closes. The answers are framed by Content-Length, as a client would.
 */
function exchange(origin: string, pieces: (string | Buffer)[], options: { answers: number; head?: boolean; halfClose?: boolean }): Promise<{ responses: RawResponse[]; interim: number[]; closed: boolean; raw: string }> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let raw = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    const interim: number[] = [];
    let closed = false;
    const finish = () => {
      socket.destroy();
      resolve({ responses, interim, closed, raw: raw.toString('latin1') });
    };
    socket.on('data', (chunk: Buffer) => {
      raw = Buffer.concat([raw, chunk]);
      for (;;) {
        const text = raw.toString('latin1');
        const headEnd = text.indexOf('\r\n\r\n');
        if (headEnd === -1) break;
        const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        const status = Number(statusLine!.split(' ')[1]);
        const length = status < 200 || options.head ? 0 : Number(headers['content-length'] ?? 0);
        if (raw.length < headEnd + 4 + length) break;
        if (status < 200) interim.push(status);
        else responses.push({ status, headers, body: raw.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8') });
        raw = raw.subarray(headEnd + 4 + length);
        if (responses.length === options.answers) setTimeout(finish, 20); // long enough to see a close that follows the answer
      }
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (options.halfClose) socket.end();
    });
  });
}

const echo: PlainHandler = async (request) => textResponse(200, `${request.method} ${request.url} ${request.body}`);

describe('the local HTTP host, as clients frame their requests', () => {
  it('answers pipelined requests in the order they came, on one connection it keeps open', async () => {
    const origin = await host(echo);
    const { responses, closed } = await exchange(
      origin,
      ['POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none' + 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' + 'POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree'],
      { answers: 3 },
    );
    expect(responses.map((r) => r.body)).toEqual(['POST http://x/a one', 'GET http://x/b ', 'POST http://x/c three']);
    expect(closed).toBe(false);
  });

  it('reads a request however its bytes are split, a UTF-8 character cut in two included', async () => {
    const origin = await host(echo);
    const request = Buffer.from('POST /voice?x=1 HTTP/1.1\r\nHost: 127.0.0.1:7071\r\nContent-Length: 11\r\n\r\nSpeech=più', 'utf8');
    const pieces = [...request].map((byte) => Buffer.from([byte]));
    const { responses } = await exchange(origin, pieces, { answers: 1 });
    expect(responses[0]!.body).toBe('POST http://127.0.0.1:7071/voice?x=1 Speech=più');
  });

  it('decodes a chunked body with extensions and trailers', async () => {
    const origin = await host(echo);
    const { responses } = await exchange(
      origin,
      ['POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;name=v\r\nDigi\r\n', '3\r\nts=\r\n1\r\n2\r\n0\r\nX-Trailer: t\r\n\r\n'],
      { answers: 1 },
    );
    expect(responses[0]!.body).toBe('POST http://x/c Digits=2');
  });

  it('closes after the answer when the client says Connection: close, or speaks HTTP/1.0 without keep-alive', async () => {
    const origin = await host(echo);
    const close = await exchange(origin, ['GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { answers: 1 });
    expect(close.responses[0]).toMatchObject({ status: 200, headers: { connection: 'close' } });
    expect(close.closed).toBe(true);
    const old = await exchange(origin, ['GET /a HTTP/1.0\r\n\r\n'], { answers: 1 });
    expect(old.responses[0]!.body).toBe('GET http://127.0.0.1/a ');
    expect(old.closed).toBe(true);
    const kept = await exchange(origin, ['GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], { answers: 1 });
    expect(kept.responses[0]!.headers.connection).toBe('keep-alive');
    expect(kept.closed).toBe(false);
  });

  it('answers a client that sends its request and closes its side (nc -N), then closes', async () => {
    // node:http drops the requests still unanswered when the client's end arrives; a webhook answers before that.
    const origin = await host(async (request) => textResponse(200, request.url));
    const { responses, closed } = await exchange(origin, ['GET /one HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 1, halfClose: true });
    expect(responses.map((r) => r.body)).toEqual(['http://x/one']);
    expect(closed).toBe(true);
  });

  it('says 100 Continue to a client that waits for it before sending its body', async () => {
    const origin = await host(echo);
    const { responses, interim } = await exchange(origin, ['POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'ok'], { answers: 1 });
    expect(interim).toEqual([100]);
    expect(responses[0]!.body).toBe('POST http://x/e ok');
  });

  it('answers HEAD with the length of the answer and no body', async () => {
    const origin = await host(async () => textResponse(200, 'twelve bytes'));
    const { responses, raw } = await exchange(origin, ['HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /h HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 2, head: true });
    expect(responses[0]!.headers['content-length']).toBe('12');
    expect(raw.endsWith('twelve bytes')).toBe(true); // only the GET's answer carries it
  });

  it.each([
    ['a request line that is not HTTP', 400, 'HELLO\r\n\r\n'],
    ['a header line without a colon', 400, 'GET / HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n'],
    ['a space before the colon', 400, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc'],
    ['a folded header line', 400, 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n'],
    ['both Content-Length and Transfer-Encoding', 400, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two Content-Lengths', 400, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['a Content-Length that is no number', 400, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
    ['an HTTP/1.1 request without Host', 400, 'GET / HTTP/1.1\r\n\r\n'],
    ['a bad chunk size', 400, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    // RFC 9112 6.1: a transfer coding the server does not understand gets 501 (compress: LZW, which node:zlib lacks).
    ['a transfer coding node:zlib does not decode', 501, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: compress, chunked\r\n\r\n0\r\n\r\n'],
    ['HTTP/2.0 in a request line', 505, 'GET / HTTP/2.0\r\nHost: x\r\n\r\n'],
    ['a head over 16 KiB', 431, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`],
    ['a head over 16 KiB that never ends', 431, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}`],
    // node:http hands CONNECT to a 'connect' listener, and without one closes the connection without a word
    // (https://nodejs.org/api/http.html#event-connect_1: "If this event is not listened for, then clients requesting
    // a CONNECT method will have their connections closed").
    ['CONNECT, which asks a proxy for a tunnel', 405, 'CONNECT 127.0.0.1:7071 HTTP/1.1\r\nHost: 127.0.0.1:7071\r\n\r\n'],
  ])('refuses %s with %i, never reaching the app, and closes', async (_what, status, request) => {
    let called = false;
    const origin = await host(async () => {
      called = true;
      return textResponse(200, 'ok');
    });
    const { responses, closed } = await exchange(origin, [request, 'GET /after HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 1 });
    expect(responses[0]!.status).toBe(status);
    expect(responses[0]!.headers.connection).toBe('close');
    expect(called).toBe(false);
    expect(closed).toBe(true);
  });

  it('refuses an Expect it cannot meet with 417 (node:http answers it), never reaching the app, and serves the next request', async () => {
    const seen: string[] = [];
    const origin = await host(async (request) => {
      seen.push(request.url);
      return textResponse(200, 'ok');
    });
    const { responses } = await exchange(origin, ['POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 0\r\n\r\n', 'GET /after HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 2 });
    expect(responses.map((r) => r.status)).toEqual([417, 200]);
    expect(seen).toEqual(['http://x/after']);
  });

  it('says why it refused, in the body of the refusal', async () => {
    const origin = await host(echo);
    const both = await exchange(origin, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'], { answers: 1 });
    expect(both.responses[0]!.body).toBe('Bad Request: both Transfer-Encoding and Content-Length\n');
    const big = await exchange(origin, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`], { answers: 1 });
    expect(big.responses[0]!.body).toBe('Request Header Fields Too Large: the request head is over 16 KiB\n');
    const noHost = await exchange(origin, ['GET / HTTP/1.1\r\n\r\n'], { answers: 1 });
    expect(noHost.responses[0]!.body).toBe('Bad Request: an HTTP/1.1 request needs a Host header\n');
    const tunnel = await exchange(origin, ['CONNECT 127.0.0.1:7071 HTTP/1.1\r\nHost: 127.0.0.1:7071\r\n\r\n'], { answers: 1 });
    expect(tunnel.responses[0]!.body).toBe('Method Not Allowed: CONNECT asks a proxy for a tunnel, and this server is none\n');
  });

  it('cuts a body over the limit one byte past it as it arrives (chunked, no length declared), so the app answers 413, and closes after the answer', async () => {
    let received = -1;
    const origin = await host(async (request) => {
      received = Buffer.byteLength(request.body);
      const form = readForm(request);
      return form.ok ? twimlResponse('<Response/>') : textResponse(form.status, 'too large');
    });
    const body = 'a'.repeat(2 * MAX_BODY_BYTES);
    const { responses, closed } = await exchange(origin, [`POST /api/voice HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`], { answers: 1 });
    expect(received).toBe(MAX_BODY_BYTES + 1);
    expect(responses[0]).toMatchObject({ status: 413, headers: { connection: 'close' } });
    expect(closed).toBe(true);
  });

  it('decodes a body sent with Transfer-Encoding gzip or deflate before chunked (RFC 9112 7.2), and refuses one that is not what it says with 400', async () => {
    const bodies: string[] = [];
    const origin = await host(async (request) => {
      bodies.push(request.body);
      return textResponse(200, 'ok');
    });
    const post = (coding: string, bytes: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(`${origin}/api/voice`, { method: 'POST', headers: { 'transfer-encoding': `${coding}, chunked`, 'content-type': 'application/x-www-form-urlencoded' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end(bytes);
      });
    const form = 'CallSid=CA1&Digits=2';
    expect(await post('gzip', zlib.gzipSync(form))).toBe(200);
    expect(await post('deflate', zlib.deflateSync(form))).toBe(200);
    expect(bodies).toEqual([form, form]);
    expect(await post('gzip', Buffer.from(form))).toBe(400);
    expect(bodies).toHaveLength(2);
  });

  it('refuses a body declared over the limit with 413 at once, before reading it, never reaching the app, and closes', async () => {
    let called = false;
    // Without the check the host would wait for the 100 MB until the request timeout and answer 408.
    const origin = await host(async () => {
      called = true;
      return textResponse(200, 'ok');
    }, { headersTimeoutMs: 1_000, requestTimeoutMs: 1_000 });
    const { responses, closed } = await exchange(origin, ['POST /api/voice HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\na=b'], { answers: 1 });
    expect(responses[0]).toMatchObject({ status: 413, headers: { connection: 'close' }, body: `Payload Too Large: Content-Length 100000000 is over the limit of ${MAX_BODY_BYTES} bytes\n` });
    expect(called).toBe(false);
    expect(closed).toBe(true);
  });

  it('answers 400 when the app answers a header that would split the answer, and keeps serving', async () => {
    const origin = await host(async (request) =>
      request.url.endsWith('/bad') ? { status: 200, headers: { 'x-echo': 'a\r\nSet-Cookie: stolen=1' }, body: 'no' } : textResponse(200, 'fine'),
    );
    const { responses, raw } = await exchange(origin, ['GET /bad HTTP/1.1\r\nHost: x\r\n\r\nGET /good HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 2 });
    expect(responses.map((r) => r.status)).toEqual([400, 200]);
    expect(raw.toLowerCase()).not.toContain('set-cookie');
  });

  it('answers 400 when the app itself fails, and keeps serving', async () => {
    const origin = await host(async (request) => {
      if (request.url.endsWith('/throw')) throw new Error('boom');
      return textResponse(200, 'fine');
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const { responses } = await exchange(origin, ['GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 2 });
      expect(responses.map((r) => [r.status, r.body])).toEqual([
        [400, 'Bad request'],
        [200, 'fine'],
      ]);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });

  it('closes a keep-alive connection that idles after an answer', async () => {
    const origin = await host(echo, { keepAliveTimeoutMs: 50 });
    const idle = await exchange(origin, ['GET /a HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 2 });
    expect(idle).toMatchObject({ responses: [{ status: 200 }], closed: true });
  });

  it('answers 408 to a head that stops arriving, and to a body that stops arriving', async () => {
    const origin = await host(echo, { headersTimeoutMs: 100, requestTimeoutMs: 200 });
    const slowHead = await exchange(origin, ['POST /s HTTP/1.1\r\nHost: x\r\n'], { answers: 1 });
    expect(slowHead.responses[0]).toMatchObject({ status: 408, body: 'Request Timeout: the request stopped arriving\n' });
    expect(slowHead.closed).toBe(true);
    const stalled = await exchange(origin, ['POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'], { answers: 1 });
    expect(stalled.responses[0]!.status).toBe(408);
    expect(stalled.closed).toBe(true);
  });

  it('keeps a connection open while the app takes longer than the idle time to answer (the dev phone\'s long poll)', async () => {
    const origin = await host(
      async () => {
        await new Promise((r) => setTimeout(r, 150));
        return textResponse(200, 'late');
      },
      { keepAliveTimeoutMs: 50, headersTimeoutMs: 50, requestTimeoutMs: 50 },
    );
    const { responses } = await exchange(origin, ['GET /poll HTTP/1.1\r\nHost: x\r\n\r\n'], { answers: 1 });
    expect(responses[0]!.body).toBe('late');
  });

  it('close() ends idle keep-alive connections, so a server a browser used still stops', async () => {
    const origin = await host(echo);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => http.get(origin + '/a', { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    // Resolves only once every connection has ended; the agent keeps its socket open.
    await new Promise((resolve) => server!.close(resolve));
    agent.destroy();
  });
});
