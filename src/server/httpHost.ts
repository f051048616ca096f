import http from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { MAX_BODY_BYTES, methodHasBody, splitUrl, statusHasBody, textResponse, type PlainHandler, type PlainResponse } from '../http/plainHttp';

// The local host (`npm start`) on node:http. node:http reads and frames the
// requests (RFC 9112: keep-alive, pipelining, chunked bodies, Expect:
// 100-continue, HEAD, HTTP/1.0) and refuses what it cannot frame for sure,
// with its own status and a closed connection: a malformed or folded head,
// both Content-Length and Transfer-Encoding, a repeated Content-Length, a bad
// chunk, HTTP/1.1 without Host (400), an unmeetable Expect (417), a head over
// 16 KiB (431), a head or request that stops arriving (408). What it leaves to
// us, this file checks: the Host header that becomes part of the signed URL,
// the transfer codings node:zlib decodes (gzip, deflate), the body size limit (declared, or
// counted while reading), and the answer's headers. The app gets a whole
// request and gives a whole answer (PlainHandler). Azure's own host never
// runs this.

export interface HttpHostOptions {
  /** A request whose head has not all arrived after this long gets 408. */
  headersTimeoutMs?: number;
  /** A request not all arrived after this long gets 408; the answer may take longer (the dev phone's long poll). */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs?: number;
  /** Where a refusal the app never sees, or a fault outside its guards, is logged, as the app logs its own (npm start: the console, masked). */
  logger?: { warn(message: string): void; error(message: string): void };
}

/** The timeouts of the local host, as SECURITY.md quotes them. */
export const HTTP_HOST_DEFAULTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 } as const;

// The characters a Host header may carry (name or address, optional port):
// any other (a slash, a query, an @) would make the URL the webhook checks the
// signature against say something the client chose. Whether those characters
// make a host is the URL parser's to say (hostIsValid).
const HOST_CHARACTERS = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const BAD_HOST = 'Bad Request: the Host header must be a host name or address with an optional port, as in Host: 127.0.0.1:7071\n';
// Framing is node:http's to say; the app's versions of these would contradict it.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

export function createHttpHost(handle: PlainHandler, options: HttpHostOptions = {}): http.Server {
  const headersTimeout = options.headersTimeoutMs ?? HTTP_HOST_DEFAULTS.headersTimeoutMs;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? HTTP_HOST_DEFAULTS.requestTimeoutMs, headersTimeout);
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? HTTP_HOST_DEFAULTS.keepAliveTimeoutMs,
      // node:http looks for late heads and requests this often (its default, 30 s, would let a timeout run 30 s over).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      // Checked in receive(), so the refusal says why.
      requireHostHeader: false,
      noDelay: true,
    },
    (req, res) => receive(handle, req, res, options.logger),
  );
  server.on('clientError', refuse);
  // node:http hands CONNECT to this event alone (no request handler), and without a listener closes the connection without a word.
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => answerRaw(socket, 405, 'CONNECT asks a proxy for a tunnel, and this server is none', 'allow: GET, POST\r\n'));
  server.on('checkExpectation', (req, res) => write(req, res, textResponse(417, `Expectation Failed: Expect: ${req.headers.expect} is not served here\n`), false));
  return server;
}

/** Reads the body up to one byte over the limit, then hands the request over. */
function receive(handle: PlainHandler, req: http.IncomingMessage, res: http.ServerResponse, logger: HttpHostOptions['logger']): void {
  if (req.httpVersionMajor !== 1) {
    // node:http's parser takes "HTTP/2.0" in a request line and reads the rest as HTTP/1.
    return write(req, res, textResponse(505, `HTTP Version Not Supported: HTTP/${req.httpVersion} is not served here; use HTTP/1.1\n`), true);
  }
  // Without Host the URL the signature is checked against would be a guess (RFC 9112 3.2).
  if (req.httpVersionMinor === 1 && req.headers.host === undefined) return write(req, res, textResponse(400, 'Bad Request: an HTTP/1.1 request needs a Host header\n'), true);
  // RFC 9112 3.2: a Host with an invalid value is refused too, before the body is read, so no later code meets it.
  if (req.headers.host !== undefined && !hostIsValid(req.headers.host)) return write(req, res, textResponse(400, BAD_HOST), true);
  const url = requestedUrl(req);
  if (url === undefined) return write(req, res, textResponse(400, 'Bad Request: the request target is neither a path nor an absolute URL the URL parser accepts\n'), true);
  // node:http frames any coding that ends with chunked, but hands over the body still compressed: node:zlib decodes
  // the codings it knows, in the reverse of the order applied. RFC 9112 6.1: a coding a server does not understand
  // (compress, a made-up one) gets 501.
  const codings = (req.headers['transfer-encoding'] ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '').slice(0, -1);
  const unknown = codings.find((coding) => !Object.hasOwn(TRANSFER_DECODERS, coding));
  if (unknown !== undefined) return write(req, res, textResponse(501, `Transfer-Encoding ${unknown} is not a coding this server decodes (${Object.keys(TRANSFER_DECODERS).join(', ')}, then chunked); send the body chunked or with Content-Length\n`), true);
  const body: Readable = codings.reduceRight<Readable>((stream, coding) => stream.pipe(TRANSFER_DECODERS[coding]!()), req);
  // A body declared too large is refused before a byte of it is read: waiting for it would hold the connection until the request timeout.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    // In the words the webhook logs a body counted over the limit (and Azure's host, which reads every body, any): the app never sees this one.
    logger?.warn(`${req.method} ${splitUrl(url).path}: refused with 413, body over the size limit`);
    return write(req, res, textResponse(413, `Payload Too Large: Content-Length ${req.headers['content-length']} is over the limit of ${MAX_BODY_BYTES} bytes\n`), true);
  }
  if (!methodHasBody(req.method ?? 'GET')) {
    req.resume();
    return void answer(handle, url, req, res, '', false, logger);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let handed = false;
  body.on('data', (chunk: Buffer) => {
    if (handed) return;
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      // One byte over is enough for the webhook to answer 413; the rest is never kept, and the connection closes after the answer.
      handed = true;
      void answer(handle, url, req, res, Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1).toString('utf8'), true, logger);
    }
  });
  body.on('end', () => {
    if (handed) return;
    handed = true;
    void answer(handle, url, req, res, (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'), false, logger);
  });
  // A client that went away needs no answer.
  req.on('error', () => {});
  // A body its coding does not decode (not gzip after all) is refused; the decoded size counts against the limit above.
  if (body !== req) {
    body.on('error', () => {
      if (handed) return;
      handed = true;
      write(req, res, textResponse(400, `Bad Request: the body is not valid ${req.headers['transfer-encoding']}\n`), true);
    });
  }
}

/** The transfer codings node:zlib decodes, by name (RFC 9112 7.2: x-gzip is gzip). */
const TRANSFER_DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate> = { gzip: zlib.createGunzip, 'x-gzip': zlib.createGunzip, deflate: zlib.createInflate };

async function answer(handle: PlainHandler, url: string, req: http.IncomingMessage, res: http.ServerResponse, body: string, cut: boolean, logger: HttpHostOptions['logger'] = console): Promise<void> {
  let response: PlainResponse;
  try {
    response = await handle({ method: req.method ?? 'GET', url, headers: req.headers, body, ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}) });
  } catch (err) {
    // Only a fault outside the app's own guards gets here; the webhook answers its own errors with TwiML. Its
    // message may quote a request, so it goes to the host's (masking) logger.
    logger.error(`local host: ${(err as Error).stack ?? String(err)}`);
    response = textResponse(400, 'Bad request');
  }
  write(req, res, response, cut);
}

function write(req: http.IncomingMessage, res: http.ServerResponse, response: PlainResponse, close: boolean): void {
  if (res.destroyed) return;
  try {
    res.writeHead(response.status, appHeaders(response, close));
  } catch (err) {
    // node:http refuses a header value with a line break, which would split the answer.
    console.error(`local host: the app answered a header HTTP cannot carry: ${(err as Error).message}`);
    response = textResponse(400, 'Bad request');
    res.writeHead(400, appHeaders(response, close));
  }
  res.end(req.method === 'HEAD' ? undefined : response.body);
}

function appHeaders(response: PlainResponse, close: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in response.headers) if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = response.headers[name]!;
  if (statusHasBody(response.status)) headers['content-length'] = String(Buffer.byteLength(response.body));
  if (close) headers.connection = 'close';
  return headers;
}

/**
 * Whether a Host header names a host the URL parser accepts. The characters
 * alone let through 1.2.3.4.5, 999.1.1.1 or a port over 65535, which the
 * WHATWG parser refuses: every `new URL()` of the request URL further on
 * (the SMS status callback's origin, the dev phone's guard) would throw.
 */
function hostIsValid(host: string): boolean {
  return HOST_CHARACTERS.test(host) && URL.canParse(`http://${host}/`);
}

/** The absolute URL the client asked for, as it asked for it (that is what Twilio signs); undefined for one the URL parser refuses. */
function requestedUrl(req: http.IncomingMessage): string | undefined {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return URL.canParse(target) ? target : undefined; // absolute-form, as sent to a proxy
  // The Host header was checked in receive(); HTTP/1.0 may leave it out.
  const url = `http://${req.headers.host ?? '127.0.0.1'}${target}`;
  return URL.canParse(url) ? url : undefined;
}

// node:http's refusals, each with a line saying why (its own default has no body).
const STATUS_OF_CODE: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };
const REASON_OF_CODE: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'the request head is over 16 KiB',
  ERR_HTTP_REQUEST_TIMEOUT: 'the request stopped arriving',
  HPE_INVALID_TRANSFER_ENCODING: 'both Transfer-Encoding and Content-Length',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length is repeated',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size is not a hex number',
  HPE_INVALID_VERSION: 'the request line is not "METHOD target HTTP/1.1"',
  HPE_INVALID_METHOD: 'the request line is not "METHOD target HTTP/1.1"',
  HPE_INVALID_HEADER_TOKEN: 'a header line is not "name: value"',
};

function refuse(err: NodeJS.ErrnoException & { reason?: string }, socket: Duplex): void {
  // ECONNRESET and the like: nobody is left to answer.
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
  const status = STATUS_OF_CODE[err.code ?? ''] ?? 400;
  answerRaw(socket, status, REASON_OF_CODE[err.code ?? ''] ?? `the request could not be read (${err.reason ?? err.code ?? 'malformed'})`);
}

/** A refusal written on the socket itself, where node:http gives no response to write it on; the connection closes after it. */
function answerRaw(socket: Duplex, status: number, reason: string, extraHeaders = ''): void {
  const body = `${http.STATUS_CODES[status]}: ${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n${extraHeaders}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** Listens on 127.0.0.1 (or `host`) and resolves with the origin it serves. */
export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as Exclude<ReturnType<http.Server['address']>, string | null>;
      resolve(`http://${host}:${address.port}`);
    });
  });
}
