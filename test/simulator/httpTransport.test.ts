import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpTransport, simulateCall } from '../../src/simulator';
import { RefusedUrlError } from '../../src/simulator/transports/refusedUrl';
import { CALL, twiml } from './fakeApp';

interface Seen {
  method: string;
  url: string;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

const ROUTES: Record<string, (req: IncomingMessage) => { status?: number; type?: string; body: string; location?: string }> = {
  '/voice': () => ({ body: twiml('<Gather numDigits="1" action="/menu"><Say>Premi uno</Say></Gather>') }),
  '/menu': () => ({ status: 302, location: '/final', body: '' }),
  '/final': () => ({ body: twiml('<Say>Arrivederci</Say><Hangup/>') }),
  '/broken': () => ({ status: 500, type: 'text/html', body: '<h1>boom</h1>' }),
  '/slow': () => ({ body: 'never sent' }),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/slow') return; // never answers: the transport's timeout must fire
      const route = ROUTES[path]?.(req) ?? { status: 404, body: 'no' };
      res.writeHead(route.status ?? 200, {
        'content-type': route.type ?? 'text/xml',
        ...(route.location ? { location: route.location } : {}),
      });
      res.end(route.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('httpTransport', () => {
  it('drives a real HTTP app: form POSTs, actions, and a redirect followed by the simulator', async () => {
    seen.length = 0;
    const result = await simulateCall({
      url: `${base}/voice`,
      transport: httpTransport(base),
      call: CALL,
      caller: [{ digits: '1' }],
    });
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['POST', '/voice'],
      ['POST', '/menu'],
      ['GET', '/final'],
    ]);
    expect(new URLSearchParams(seen[1]!.body).get('Digits')).toBe('1');
    expect(result.transcript.filter((e) => e.type === 'say').map((e) => (e.type === 'say' ? e.text : ''))).toEqual([
      'Premi uno',
      'Arrivederci',
    ]);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('reports a 500 as Twilio error 11200', async () => {
    const result = await simulateCall({ url: `${base}/broken`, transport: httpTransport(base), call: CALL });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11200 });
  });

  it('reports a server that does not answer in time as 11205', async () => {
    const result = await simulateCall({ url: `${base}/slow`, transport: httpTransport(base, { timeoutMs: 150 }), call: CALL });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11205, message: 'HTTP connection failure: timed out' });
  });

  it('reports a closed port as 11205', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await simulateCall({ url: `${url}/voice`, transport: httpTransport(url), call: CALL });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 11205 });
  });
});

describe('httpTransport’s origin fence', () => {
  it('refuses another host, scheme or port without a network call', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const transport = httpTransport('http://127.0.0.1:7071/api/voice');
      for (const url of ['http://example.com/api/voice', 'https://127.0.0.1:7071/api/voice', 'http://127.0.0.1:7072/api/voice', 'http://localhost:7071/api/voice']) {
        await expect(transport({ method: 'POST', url, headers: {}, body: '' })).rejects.toBeInstanceOf(RefusedUrlError);
      }
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('ends the call as not-followed when pointed elsewhere than its base', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const result = await simulateCall({ url: 'http://example.com/voice', transport: httpTransport(base), call: CALL });
      expect(result.outcome).toMatchObject({ kind: 'not-followed', url: 'http://example.com/voice' });
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
