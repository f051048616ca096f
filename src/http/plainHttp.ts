// The app's own request and response: plain objects, not the web-standard
// Request and Response. Building those (undici's, with ReadableStream bodies)
// cost more CPU than the whole webhook, and loading undici was a fifth of a
// cold start; a Twilio webhook needs none of it: a method, a URL, three
// headers and a form body of a few hundred bytes in; a status, a content
// type and a short XML text out. Each host translates once at its edge: the
// local host hands over the request it read, Azure's adapter what Azure
// gives, and the simulator calls the app directly. `webFetchOf` and
// `plainHandlerOf` translate for whoever speaks web-standard fetch.

export interface PlainRequest {
  method: string;
  /** The absolute URL as requested, unnormalised: it is what Twilio signed. */
  url: string;
  /** Header names in lower case. */
  headers: PlainHeaders;
  /** The body as text; '' for none. */
  body: string;
  /**
   * A form body's parameters, set only where the request is built in this
   * process (the call simulator, calling the app directly): the body is
   * their encoding, and the webhook takes them as they are rather than
   * encoding them on one side and parsing them back on the other, which was
   * a quarter of a simulated call. Hosts reading the network never set it.
   */
  form?: Readonly<Record<string, string>>;
  /** The IP address the request came from, where the host tells it (the local host does). */
  remoteAddress?: string;
}

export interface PlainResponse {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

export type PlainHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type PlainHandler = (request: PlainRequest) => Promise<PlainResponse>;
export type WebFetch = (request: Request) => Promise<Response>;

/**
 * Twilio's webhook bodies are a few hundred bytes; anything far larger is not
 * Twilio. Hosts keep at most one byte more than this of a body, enough for
 * the webhook to see it is too large while memory stays bounded.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** One header, repeated values joined as Headers.get() joins them; a name in any case. */
export function headerOf(headers: PlainHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    // Names are lower case by contract; a hand-written response may not keep it.
    const lower = name.toLowerCase();
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === lower);
    value = key === undefined ? undefined : headers[key];
  }
  return value === undefined ? undefined : typeof value === 'string' ? value : value.join(', ');
}

/** Path and query of an absolute URL without parsing it: the hot path needs only these. */
export function splitUrl(url: string): { path: string; query: string } {
  const schemeEnd = url.indexOf('://');
  let pathStart = schemeEnd === -1 ? 0 : url.indexOf('/', schemeEnd + 3);
  const queryStart = url.indexOf('?', schemeEnd === -1 ? 0 : schemeEnd + 3);
  if (pathStart === -1 || (queryStart !== -1 && queryStart < pathStart)) pathStart = queryStart === -1 ? url.length : queryStart;
  const hashAt = url.indexOf('#', pathStart);
  const end = hashAt === -1 ? url.length : hashAt;
  if (queryStart === -1 || queryStart > end) return { path: url.slice(pathStart, end) || '/', query: '' };
  return { path: url.slice(pathStart, queryStart) || '/', query: url.slice(queryStart + 1, end) };
}

/** Whether a request with this method carries a body: GET and HEAD send their parameters in the query. */
export function methodHasBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Whether an answer with this status may carry a body (RFC 9110: not 1xx, 204 or 304). */
export function statusHasBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): PlainResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}

export function emptyResponse(status: number): PlainResponse {
  return { status, headers: {}, body: '' };
}

/** A web-standard Request as a plain one; a body past MAX_BODY_BYTES is cut one byte over, a broken one read as empty. */
export async function plainRequestOf(request: Request): Promise<PlainRequest> {
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    // A body that broke off carries no parameters anyone can trust: read as none.
    body: methodHasBody(request.method) ? await readText(request.body, MAX_BODY_BYTES + 1).catch(() => '') : '',
  };
}

function webResponseOf(response: PlainResponse): Response {
  return new Response(statusHasBody(response.status) ? response.body : null, { status: response.status, headers: response.headers });
}

/** A plain response from a web-standard one, its body read up to `limit` bytes (the rest is never fetched); throws if the body breaks off. */
export async function plainResponseOf(response: Response, limit = Infinity): Promise<PlainResponse> {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await readText(response.body, limit) };
}

/** The plain handler as a web-standard fetch function (tests, tools, anything that speaks Request/Response). */
export function webFetchOf(handle: PlainHandler): WebFetch {
  return async (request) => webResponseOf(await handle(await plainRequestOf(request)));
}

/** A web-standard fetch function as a plain handler (the dev phone's page, real HTTP). */
export function plainHandlerOf(fetch: WebFetch): PlainHandler {
  return async (request) => plainResponseOf(await fetch(webRequestOf(request)));
}

export function webRequestOf(request: PlainRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.append(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  return new Request(request.url, { method: request.method, headers, ...(methodHasBody(request.method) ? { body: request.body } : {}) });
}

/** A body stream as UTF-8 text, stopping after `limit` bytes; rejects as the stream does if it breaks. */
async function readText(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = Buffer.concat(chunks);
  return (size > limit ? bytes.subarray(0, limit) : bytes).toString('utf8');
}
