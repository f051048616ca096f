import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { takeTwiml } from '../twiml/twimlResponse';
import { BODY_READ_BY_HOST, MAX_BODY_BYTES } from '../webhook/readForm';

type Fetch = (request: Request) => Promise<Response>;

/**
 * Hosts a web-standard fetch handler on node:http: it only translates
 * Node's request into a Request and the Response back, like Hono's adapters.
 * Like @hono/node-server it translates lazily: undici's Request and Response
 * build ReadableStreams, which cost more CPU than the whole webhook, so the
 * handler gets a Request that holds the body already read and builds the
 * real thing only if asked for more than method, url, headers and the form;
 * a TwiML answer is written out without ever becoming a stream.
 */
export function createNodeHttpServer(fetch: Fetch, origin?: string): http.Server {
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
      void answer(fetch, origin, req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
  });
}

async function answer(fetch: Fetch, origin: string | undefined, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
  try {
    const base = origin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new NodeRequest(req.method ?? 'GET', new URL(req.url ?? '/', base).href, req.headers, hasBody ? body : undefined);
    const response = await fetch(request as unknown as Request);
    const twiml = takeTwiml(response);
    if (twiml) {
      res.writeHead(twiml.status, { ...twiml.headers, 'content-length': Buffer.byteLength(twiml.xml) });
      res.end(twiml.xml);
      return;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': bytes.byteLength });
    res.end(bytes);
  } catch (err) {
    // Only a fault in this adapter gets here; the webhook answers its own errors with TwiML.
    console.error(`local host: ${(err as Error).stack ?? String(err)}`);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('Bad request');
  }
}

/** A web-standard Request over Node's incoming request, building undici's only when needed. */
class NodeRequest {
  readonly #method: string;
  readonly #url: string;
  readonly #incoming: http.IncomingHttpHeaders;
  readonly #body: Buffer | undefined;
  #headers: Headers | undefined;
  #real: Request | undefined;


  constructor(method: string, url: string, incoming: http.IncomingHttpHeaders, body: Buffer | undefined) {
    this.#method = method;
    this.#url = url;
    this.#incoming = incoming;
    this.#body = body;
  }

  get method(): string {
    return this.#method;
  }

  get url(): string {
    return this.#url;
  }

  get headers(): Headers {
    return (this.#headers ??= new NodeHeaders(this.#incoming) as unknown as Headers);
  }

  /** The body bytes, for readForm; absent on a GET or HEAD. */
  get [BODY_READ_BY_HOST](): Buffer | undefined {
    return this.#body;
  }

  real(): Request {
    return (this.#real ??= new Request(this.url, { method: this.method, headers: (this.headers as unknown as NodeHeaders).real(), ...(this.#body ? { body: this.#body as Uint8Array<ArrayBuffer> } : {}) }));
  }
}

/**
 * Headers read straight from Node's parsed headers (already lower-cased, and
 * duplicates combined as Headers would), building undici's Headers only for
 * anything beyond get() and has().
 */
class NodeHeaders {
  readonly #incoming: http.IncomingHttpHeaders;
  #real: Headers | undefined;

  constructor(incoming: http.IncomingHttpHeaders) {
    this.#incoming = incoming;
  }

  get(name: string): string | null {
    if (this.#real) return this.#real.get(name);
    const value = this.#incoming[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  real(): Headers {
    if (!this.#real) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(this.#incoming)) {
        if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        else if (value !== undefined) headers.append(name, value);
      }
      this.#real = headers;
    }
    return this.#real;
  }
}

forwardTheRest(NodeRequest, Request);
forwardTheRest(NodeHeaders, Headers);

/**
 * Every member of the web class's prototype that the lazy class does not
 * answer itself (body, clone(), signal, entries(), ...) is forwarded to the
 * real object, so the lazy one behaves as the real one throughout, and
 * `instanceof` holds.
 */
function forwardTheRest(lazy: { prototype: { real(): object } }, web: { prototype: object }): void {
  for (const key of Reflect.ownKeys(web.prototype)) {
    if (key === 'constructor' || Object.hasOwn(lazy.prototype, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(web.prototype, key)!;
    if (descriptor.get) {
      const get = descriptor.get;
      Object.defineProperty(lazy.prototype, key, {
        get(this: { real(): object }) {
          return get.call(this.real());
        },
        configurable: true,
      });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      Object.defineProperty(lazy.prototype, key, {
        value(this: { real(): object }, ...args: unknown[]) {
          return method.apply(this.real(), args);
        },
        writable: true,
        configurable: true,
      });
    }
  }
  Object.setPrototypeOf(lazy.prototype, web.prototype);
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
