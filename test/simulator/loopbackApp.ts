// A small TwiML app of a test's own, served over real HTTP on 127.0.0.1: the
// simulator reaches it through httpTransport, as `ivr call --url` does, so a
// test sees exactly the requests (and headers) Twilio's would carry.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpTransport, simulateCall, type CallResult, type SimulateCallOptions } from '../../src/simulator';
import { CALL } from './fakeApp';

export interface Heard {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string | string[]>;
  body: string;
  /** Close the connection without answering: Twilio's 11205, HTTP connection failure. */
  drop?: boolean;
}

/** A route answers with TwiML (a string, sent as text/xml) or a full answer built from what was received. */
export type LoopbackRoute = string | ((request: Heard) => Answer);

/** Serves `routes`, runs one call starting at /voice, and always closes the server. */
export async function callOverHttp(
  routes: Record<string, LoopbackRoute>,
  options: Partial<SimulateCallOptions> & { start?: string } = {},
): Promise<CallResult & { received: Heard[]; base: string }> {
  const received: Heard[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const params = Object.fromEntries(new URLSearchParams(req.method === 'POST' ? body : url.search.slice(1)));
      const heard = { method: req.method ?? '', path: url.pathname, params, headers: req.headers };
      received.push(heard);
      const route = routes[url.pathname];
      const answer: Answer =
        route === undefined ? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' } : typeof route === 'string' ? { body: route } : route(heard);
      if (answer.drop) return void req.socket.destroy();
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/xml', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { start = '/voice', ...rest } = options;
    const result = await simulateCall({ url: `${base}${start}`, transport: httpTransport(base), call: CALL, ...rest });
    return { ...result, received, base };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
