import { createServer, request, type Server } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

// Table Storage for the table journal's tests, all on 127.0.0.1 and a free
// port: Azurite's table service in this process with in-memory persistence
// (no files, no telemetry, no network), and a storage that refuses or never
// answers, for the failures a call must not notice.

const require = createRequire(__filename);

/** Azurite's well-known development account. */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function connectionStringFor(origin: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};TableEndpoint=${origin}/${ACCOUNT};`;
}

export interface RunningStorage {
  connectionString: string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<RunningStorage> {
  const TableServer = require('azurite/dist/src/table/TableServer').default;
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
  // host, port (0: any free one), keep-alive s, db path (unused in memory), debug log, access log,
  // access log stream, debug file, loose, skip API version check, cert, key, pwd, oauth, product-style URL, in memory.
  const config = new TableConfiguration('127.0.0.1', 0, 5, path.join(os.tmpdir(), 'ivr-journal-azurite.json'), false, false, undefined, undefined, false, true, '', '', '', undefined, false, true);
  const server = new TableServer(config);
  await server.start();
  return { connectionString: connectionStringFor(server.getHttpServerAddress() as string), stop: () => server.close() };
}

/** Azurite for the tests of one file: started before them, stopped after them (the connection string is read in a test, not before). */
export function azuriteForTheseTests(): RunningStorage {
  let running: RunningStorage | undefined;
  beforeAll(async () => {
    running = await startAzurite();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    get connectionString() {
      if (!running) throw new Error('Azurite is not running: read the connection string inside a test');
      return running.connectionString;
    },
    stop: async () => running?.stop(),
  };
}

/**
 * A storage account that answers every request with 403, as Azure does for a wrong key: its error in JSON, or
 * (`xml`) as an XML document named by the x-ms-error-code header, as Azurite answers a wrong key.
 */
export async function refusingStorage(body: 'json' | 'xml' = 'json'): Promise<RunningStorage & { requests: number }> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    req.resume();
    if (body === 'xml') {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-ms-error-code': 'AuthorizationFailure' });
      res.end('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Error>\n  <Code>AuthorizationFailure</Code>\n  <Message>Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly including the signature.\nRequestId:0\nTime:2026-12-07T00:00:00.000Z</Message>\n</Error>');
      return;
    }
    res.writeHead(403, { 'content-type': 'application/json;odata=minimalmetadata' });
    res.end(JSON.stringify({ 'odata.error': { code: 'AuthenticationFailed', message: { lang: 'en-US', value: 'Server failed to authenticate the request.' } } }));
  });
  const origin = await listen(server);
  return {
    connectionString: connectionStringFor(origin),
    get requests() {
      return state.requests;
    },
    stop: () => close(server),
  };
}

/** A storage account that takes requests and never answers. */
export async function silentStorage(): Promise<RunningStorage> {
  const server = createServer((req) => req.resume());
  const origin = await listen(server);
  return { connectionString: connectionStringFor(origin), stop: () => close(server) };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A proxy in front of `target` (Azurite) that holds each request `delayMs` before passing it on and, while
 * `down`, drops every connection it gets; both changeable while it runs.
 */
async function proxiedStorage(target: RunningStorage, state: { delayMs: number; down: boolean }): Promise<RunningStorage & { delayMs: number; down: boolean }> {
  const origin = /TableEndpoint=(http:\/\/[^/;]+)/.exec(target.connectionString)![1]!;
  const server = createServer((req, res) => {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        const forward = request(`${origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(body));
      }, state.delayMs);
    });
  });
  const proxyOrigin = await listen(server);
  return {
    connectionString: connectionStringFor(proxyOrigin),
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get down() {
      return state.down;
    },
    set down(down: boolean) {
      state.down = down;
      // Connections kept alive from before would still reach the storage.
      if (down) server.closeAllConnections();
    },
    stop: () => close(server),
  };
}

/**
 * Storage that answers, but slowly, as a storage account under load or far away does: each request held
 * `delayMs` (changeable while it runs) before it is passed on.
 */
export function slowStorage(target: RunningStorage, delayMs: number): Promise<RunningStorage & { delayMs: number }> {
  return proxiedStorage(target, { delayMs, down: false });
}

/** Storage that can be stopped and started again, as Azurite killed and restarted: while `down`, every connection is dropped. */
export function interruptibleStorage(target: RunningStorage): Promise<RunningStorage & { down: boolean }> {
  return proxiedStorage(target, { delayMs: 0, down: false });
}
