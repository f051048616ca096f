import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../browser/localServer';
import { devPhoneOrigin, meansThisMachine, thisMachineOnly } from '../../src/server/thisMachineOnly';
import { textResponse } from '../../src/http/plainHttp';
import { SIMULATED_ACCOUNT_SID } from '../../src/twilio/simulatedSms';
import { expectedSignature } from '../../src/webhook/twilioSignature';

// The local host behind a tunnel to the same port (ngrok, as docs/twilio.md and
// SECURITY.md show for a Twilio number): requests arrive with the tunnel's
// Host, and a proxy's X-Forwarded-For. The dev phone places calls signed with
// the auth token and its report shows what callers did, so neither answers
// them; the webhooks do, and check their signatures as deployed.

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ TWILIO_AUTH_TOKEN: 'tunnel-test-token' });
});
afterAll(() => server?.close());

function get(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the local host reached through a tunnel', () => {
  it.each(['/', '/devphone/report', `/local/sms?callSid=CA${'0'.repeat(32)}`])('refuses %s with 403 and says where it is served', async (path) => {
    const answer = await get(path, { host: 'abc123.ngrok.app' });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('served only to this machine (open them there, at the localhost address npm start printed); a tunnel or another machine reaches only the webhooks under /api/');
  });

  it('refuses to place a dev-phone call', async () => {
    expect((await get('/devphone/calls', { host: 'abc123.ngrok.app', 'content-type': 'application/json' }, 'POST')).status).toBe(403);
  });

  it('refuses a request forwarded by a proxy, even with a Host of this machine', async () => {
    expect((await get('/', { host: '127.0.0.1', 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
  });

  it('still serves the webhooks, which check the signature: an unsigned one gets 403 for that, not for the tunnel', async () => {
    const answer = await get('/api/voice', { host: 'abc123.ngrok.app' }, 'POST');
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('served only to this machine');
  });

  // A Host made of a host's characters that the URL parser refuses once made
  // the page's guard throw (an unexplained 400), and made a signed "press 1
  // for the SMS" answer the caller with the technical-problem apology when the
  // SMS status callback's URL was built from it.
  const CHAT_LINK_ANSWER = '/api/voice/continue?line=consumer&node=chat-link-sms&lang=it&tries=0';
  it.each(['/devphone/flow', CHAT_LINK_ANSWER])('refuses %s with Host: 1.2.3.4.5 with 400 saying why, before any page or webhook meets it', async (path) => {
    const webhook = path.startsWith('/api/');
    const params = { CallSid: `CA${'1'.repeat(32)}`, AccountSid: SIMULATED_ACCOUNT_SID, From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress', Digits: '1' };
    const signed = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature('tunnel-test-token', `http://1.2.3.4.5${path}`, params) };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const answer = await get(path, { host: '1.2.3.4.5', ...(webhook ? signed : {}) }, webhook ? 'POST' : 'GET', webhook ? new URLSearchParams(params).toString() : undefined);
      expect(answer).toEqual({ status: 400, body: 'Bad Request: the Host header must be a host name or address with an optional port, as in Host: 127.0.0.1:7071\n' });
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
    expect(server.logs.error).toEqual([]);
  });

  it('serves the dev phone to this machine', async () => {
    for (const host of [`127.0.0.1:${new URL(server.origin).port}`, 'localhost:7071']) {
      const answer = await get('/', { host });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('Dev phone');
    }
  });
});

describe('the local host started on every interface (HOST=0.0.0.0)', () => {
  // Tests listen on 127.0.0.1 only, so the peer another machine would be is given to the guard directly.
  const guarded = thisMachineOnly(async () => textResponse(200, 'Dev phone'));
  const request = (remoteAddress: string, path = '/') => ({ method: 'GET', url: `http://localhost:7071${path}`, headers: { host: 'localhost:7071' }, body: '', remoteAddress });

  it('refuses the dev phone to another machine that writes "Host: localhost"', async () => {
    expect((await guarded(request('192.168.1.20'))).status).toBe(403);
    expect((await guarded(request('fe80::1'))).status).toBe(403);
  });

  it('serves it to this machine, over IPv4, IPv6 and IPv4-mapped IPv6', async () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect((await guarded(request(peer))).status).toBe(200);
  });

  it('still lets another machine reach the webhooks, which check signatures', async () => {
    expect((await guarded(request('192.168.1.20', '/api/voice'))).status).toBe(200);
  });
});

describe('what npm start prints for the HOST it listens on', () => {
  it.each([
    ['http://127.0.0.1:7071', 'http://127.0.0.1:7071'],
    ['http://localhost:7071', 'http://localhost:7071'],
    ['http://[::1]:7071', 'http://[::1]:7071'],
    ['http://127.0.0.2:7071', 'http://127.0.0.2:7071'],
    ['http://0.0.0.0:7071', 'http://localhost:7071'],
    ['http://[::]:7071', 'http://localhost:7071'],
    ['http://192.168.1.5:7071', undefined],
  ])('the dev phone of a host at %s is opened at %s, an address it answers (none: this machine cannot reach it from a loopback address)', (origin, devPhone) => {
    expect(devPhoneOrigin(origin)).toBe(devPhone);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
  ])('HOST=%s reachable from this machine only: %s (otherwise npm start warns)', (host, only) => {
    expect(meansThisMachine(host)).toBe(only);
  });
});

