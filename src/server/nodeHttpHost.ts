import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Fetch = (request: Request) => Promise<Response>;

/**
 * Hosts a web-standard fetch handler on node:http: it only translates
 * Node's request into a Request and the Response back, like Hono's adapters.
 */
export function createNodeHttpServer(fetch: Fetch, origin?: string): http.Server {
  return http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const base = origin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(new URL(req.url ?? '/', base), {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      const response = await fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      // Only a fault in this adapter gets here; the webhook answers its own errors with TwiML.
      console.error(`local host: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Bad request');
    }
  });
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
