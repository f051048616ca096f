import http, { type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { listen } from '../../src/server/httpHost';

/**
 * Serves `server` on 127.0.0.1 and a free port for the enclosing suite, and
 * closes it (and any connection left open) after. The origin, e.g.
 * http://127.0.0.1:41234, is known once the suite's tests run.
 */
export function serveDuringSuite(server: http.Server): () => string {
  let origin = '';
  beforeAll(async () => {
    origin = await listen(server, 0);
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return () => origin;
}

/** A request a route server received: the form (POST) or query (GET) as params. */
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

/** A small TwiML app of a test's own: `routes` by path (anything else is a 404), each request kept in `received`. */
export function routeServer(routes: Record<string, LoopbackRoute>, received: Heard[] = []): http.Server {
  return http.createServer((req, res) => {
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
}

/** A TwiML document of these verbs. */
export function twiml(verbs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs}</Response>`;
}
