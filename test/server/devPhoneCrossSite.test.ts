import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../browser/localServer';

// The dev phone's API places calls signed with the real auth token. Any web
// page open in the developer's browser runs on this machine, so the guard
// that keeps other machines out (thisMachineOnly) does not stop it: a page of
// evil.example could POST a text/plain body (no CORS preflight needed) and
// start calls, fill the report, and past 50 calls hang up the developer's
// own. Browsers say who sends a request: Sec-Fetch-Site
// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site)
// and Origin (https://fetch.spec.whatwg.org/#origin-header, sent on every
// request but a GET). The page itself must keep working: the Chromium tests in
// test/browser/devPhone.browser.test.ts drive it.

let server: LocalServer;
let port: string;
beforeAll(async () => {
  server = await startLocalServer({ TWILIO_AUTH_TOKEN: 'cross-site-test-token' });
  port = new URL(server.origin).port;
});
afterAll(() => server?.close());

const CALL = JSON.stringify({ to: '+390237921240', at: '2026-12-07T10:00' });

function post(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the dev phone asked by another site\'s page', () => {
  it('refuses the reported request (Origin: https://evil.example, text/plain) with 403 saying why, and places no call', async () => {
    const answer = await post('/devphone/calls', { origin: 'https://evil.example', 'content-type': 'text/plain' }, CALL);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('the dev phone takes calls and keys only from its own page, and it was sent by a page of "https://evil.example"');
  });

  it.each([
    ['a page of another site (Sec-Fetch-Site: cross-site)', { 'sec-fetch-site': 'cross-site' }],
    ['a page on another port of this machine (Sec-Fetch-Site: same-site)', { 'sec-fetch-site': 'same-site' }],
    ['a page on another port of this machine (its Origin)', { origin: 'http://localhost:3000' }],
    ['a sandboxed page or a file (Origin: null)', { origin: 'null' }],
    ['a page of this machine over https', { origin: 'https://127.0.0.1' }],
  ])('refuses a call placed by %s with 403, even as JSON', async (_who, headers) => {
    const answer = await post('/devphone/calls', { ...headers, 'content-type': 'application/json' }, CALL);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/^Forbidden: the dev phone takes calls and keys only from its own page/);
  });

  it('refuses keys, a hang-up and a dial choice from another site, so it cannot end the developer\'s call', async () => {
    const own = { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    const started = await post('/devphone/calls', own, CALL);
    expect(started.status).toBe(201);
    const { id } = JSON.parse(started.body) as { id: string };
    const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' };
    expect((await post(`/devphone/calls/${id}/input`, evil, '{"hangup":true}')).status).toBe(403);
    expect((await post(`/devphone/calls/${id}/dial`, evil, '{"status":"busy"}')).status).toBe(403);
    // Still up: its own page can hang it up.
    expect((await post(`/devphone/calls/${id}/dial`, own, '{"status":"busy"}')).status).toBe(204);
    expect((await post(`/devphone/calls/${id}/input`, own, '{"hangup":true}')).status).toBe(204);
  });
});

describe('the dev phone asked by its own page, or by a program on this machine', () => {
  it('places a call for its own page, however the page\'s address names this machine', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const answer = await post('/devphone/calls', { host, origin: `http://${host.toLowerCase()}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' }, CALL);
      expect(answer.status, host).toBe(201);
    }
  });

  it('places a call for a program that sends no Origin (curl), as JSON', async () => {
    expect((await post('/devphone/calls', { 'content-type': 'application/json' }, CALL)).status).toBe(201);
  });

  it('refuses a body that is not sent as JSON with 415 saying so: only JSON needs a CORS preflight', async () => {
    const answer = await post('/devphone/calls', { 'content-type': 'text/plain' }, CALL);
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toEqual({ error: 'Send the body as JSON with Content-Type: application/json (not text/plain).' });
    const none = await post('/devphone/calls', {}, CALL);
    expect(none.status).toBe(415);
  });
});
