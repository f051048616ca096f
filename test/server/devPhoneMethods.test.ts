import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../browser/localServer';

// The dev phone's page and API answer GET and POST. Any other method gets a
// deliberate 405 naming them, as the webhooks' route table answers one
// (SECURITY.md, "What is checked where"): never a vague 400 with a stack
// trace in the host's log. TRACE is the method that once gave that: the page
// is served through a web-standard Request, which the Fetch standard forbids
// to carry TRACE (https://fetch.spec.whatwg.org/#forbidden-method), so
// building it threw before the dev phone saw the request.

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ TWILIO_AUTH_TOKEN: 'dev-phone-methods-token' });
});
afterAll(() => server?.close());

/** A raw request: node's own client would refuse nothing, but this keeps the request line exactly as written. */
function send(method: string, path: string): Promise<{ status: number; allow: string | undefined; body: string }> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), allow: /\r\nallow: ([^\r]*)/i.exec(head)?.[1], body });
    });
    socket.end(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
}

describe('the dev phone asked with a method it does not serve', () => {
  it.each([
    ['TRACE', '/'],
    ['TRACE', '/devphone/calls'],
    ['TRACE', '/devphone/flow'],
    ['PUT', '/devphone/calls'],
    ['DELETE', '/index.html'],
    ['OPTIONS', '/devphone/report'],
  ])('%s %s: 405 naming GET and POST, and nothing logged as a fault', async (method, path) => {
    const answer = await send(method, path);
    expect(answer.status).toBe(405);
    expect(answer.allow).toBe('GET, POST');
    expect(answer.body).toBe(`Method Not Allowed: the dev phone answers GET and POST, not ${method}\n`);
    expect(server.logs.error).toEqual([]);
  });

  it('still serves its page and its API (GET, POST)', async () => {
    expect((await send('GET', '/devphone/flow')).status).toBe(200);
    // A POST without JSON: the API's own refusal, past the method check.
    expect((await send('POST', '/devphone/calls')).status).toBe(415);
  });
});
