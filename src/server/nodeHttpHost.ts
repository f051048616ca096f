import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES, type PlainHandler } from '../http/plainHttp';

// A host name as a Host header may carry it (name or address, optional port):
// anything else would make the URL the webhook checks the signature against
// say something the client chose.
const HOST_HEADER = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Hosts the app's plain handler on node:http: the request as Node parsed it
 * (method, the URL it asked for, the headers, the body read whole), the
 * answer written out as it comes. No web-standard Request or Response in
 * between: building them cost more CPU than the whole webhook.
 */
export function createNodeHttpServer(handle: PlainHandler, origin?: string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      // Past the webhook's limit the rest is only drained: one byte over is
      // enough for it to answer 413, and memory stays bounded.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      void answer(handle, origin, req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

async function answer(handle: PlainHandler, origin: string | undefined, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
  try {
    const url = requestedUrl(req, origin);
    if (url === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Bad request: Host header');
      return;
    }
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const response = await handle({ method, url, headers: req.headers, body: hasBody ? body.toString('utf8') : '' });
    res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
    res.end(response.body);
  } catch (err) {
    // Only a fault in this adapter gets here; the webhook answers its own errors with TwiML.
    console.error(`local host: ${(err as Error).stack ?? String(err)}`);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('Bad request');
  }
}

/** The absolute URL the client asked for, as it asked for it (that is what Twilio signs); undefined for a Host header no client would send. */
function requestedUrl(req: http.IncomingMessage, origin: string | undefined): string | undefined {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return URL.canParse(target) ? target : undefined; // absolute-form, as sent to a proxy
  if (origin) return origin + target;
  const host = req.headers.host ?? '127.0.0.1';
  return HOST_HEADER.test(host) ? `http://${host}${target}` : undefined;
}

/** Listens on 127.0.0.1 (or `host`) and resolves with the origin it serves. */
export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}
