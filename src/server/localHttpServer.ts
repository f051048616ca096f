import { STATUS_CODES } from 'node:http';
import net from 'node:net';
import { MAX_BODY_BYTES, methodHasBody, statusHasBody, type PlainHandler, type PlainResponse } from '../http/plainHttp';
import { ChunkedBody } from './chunkedBody';
import { HTTP_TOKEN, parseRequestHead, type RequestHead } from './requestHead';

// The local host's HTTP/1.1 server, on node:net. node:http wraps every request
// and answer in streams and event emitters; for a webhook of a few hundred
// bytes that machinery was about a third of the server's CPU per request
// (60 µs, and 36 µs without it), and the app needs none of it: it takes a
// whole request and gives a whole answer (PlainHandler). This reads each
// request whole, hands it over, and writes the answer in one write.
//
// It serves what the app's clients send (Twilio, browsers, curl, the
// simulator): keep-alive and pipelined requests, bodies framed by
// Content-Length or chunked, Expect: 100-continue, HEAD, HTTP/1.0. What it
// cannot frame for sure (both framings, a repeated Content-Length, a malformed
// head) it refuses with a status and closes, as RFC 9112 says. Azure's own
// host never uses it.

/** A head longer than this is refused with 431, as node:http's default limit does. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A body longer than the app's limit is cut one byte over (so the app answers 413) and the connection closed after the answer. */
const KEPT_BODY_BYTES = MAX_BODY_BYTES + 1;
/** While an answer is pending, read at most this much of the requests pipelined behind it. */
const MAX_QUEUED_BYTES = MAX_HEAD_BYTES + KEPT_BODY_BYTES;
const BLANK_LINE = '\r\n\r\n';
// Header values the app answers with go out as they are: one with a line break would split the answer.
const SAFE_HEADER_VALUE = /^[\t\x20-\x7e]*$/;
// Framing is the server's to say; the app's versions of these would contradict it.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);
// A host name as a Host header may carry it (name or address, optional port):
// anything else would make the URL the webhook checks the signature against
// say something the client chose.
const HOST_HEADER = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const NON_ASCII = /[\x80-\xff]/;

export interface LocalHttpServerOptions {
  /** The origin URLs are given with; by default the request's Host header says it. */
  origin?: string;
  /** A connection with no request under way, or a request that stops arriving, is closed after this long (node:http's keep-alive default). */
  idleTimeoutMs?: number;
}

export class LocalHttpServer extends net.Server {
  private readonly open = new Set<Connection>();
  /** Set by close(): answers from here on close their connections. */
  stopping = false;

  constructor(
    readonly handle: PlainHandler,
    readonly options: LocalHttpServerOptions = {},
  ) {
    // allowHalfOpen: a client may send its request and close its side (nc -N does); it still gets its answer.
    super({ noDelay: true, allowHalfOpen: true }, (socket) => {
      const connection = new Connection(socket, this);
      this.open.add(connection);
      socket.once('close', () => this.open.delete(connection));
    });
  }

  /** Stops listening and closes the connections that wait for no answer; the others close after theirs, as node:http's close() does. */
  override close(callback?: (err?: Error) => void): this {
    this.stopping = true;
    super.close(callback);
    this.closeIdleConnections();
    return this;
  }

  closeIdleConnections(): void {
    for (const connection of this.open) if (connection.idle) connection.socket.destroy();
  }

  closeAllConnections(): void {
    for (const connection of this.open) connection.socket.destroy();
  }
}

export function createLocalHttpServer(handle: PlainHandler, options?: LocalHttpServerOptions): LocalHttpServer {
  return new LocalHttpServer(handle, options);
}

/** Listens on 127.0.0.1 (or `host`) and resolves with the origin it serves. */
export function listen(server: net.Server, port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as net.AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

interface ReceivedRequest {
  head: RequestHead;
  /** The body as the text of its bytes (latin1). */
  body: string;
  /** Part of the body was left unread, so the connection cannot carry another request. */
  cut: boolean;
}

/** One client connection: requests are read, answered and written in the order they came. */
class Connection {
  /** Received bytes not yet used, as latin1 text (one character per byte). */
  private buffer = '';
  /** The head of a request whose body is still arriving. */
  private head: RequestHead | undefined;
  private chunked: ChunkedBody | undefined;
  private answering = false;
  /** No further request is read: the connection closes once its answer is out. */
  private ending = false;
  /** The client closed its side: nothing more will arrive. */
  private clientDone = false;

  constructor(
    readonly socket: net.Socket,
    private readonly server: LocalHttpServer,
  ) {
    socket.setEncoding('latin1');
    socket.setTimeout(server.options.idleTimeoutMs ?? 5_000);
    socket.on('data', (chunk: string) => {
      if (this.ending) return; // what a closing client still sends is dropped unread
      this.buffer += chunk;
      this.readRequests();
    });
    socket.on('end', () => {
      // The client sends nothing more: answer the whole requests it sent, then close.
      this.clientDone = true;
      if (!this.answering) this.continueReading();
    });
    socket.on('timeout', () => this.timedOut());
    // A client that went away needs no answer; the error says nothing the app could act on.
    socket.on('error', () => socket.destroy());
  }

  get idle(): boolean {
    return !this.answering && this.head === undefined && this.buffer.length === 0;
  }

  private readRequests(): void {
    while (!this.answering && !this.ending) {
      const request = this.nextRequest();
      if (request === undefined) break;
      this.answer(request);
    }
    // Pipelined requests wait behind a pending answer; past a bound, stop reading so a client cannot fill memory.
    if (this.answering && this.buffer.length > MAX_QUEUED_BYTES) this.socket.pause();
  }

  /** The next whole request in the buffer, or undefined when more bytes must come first (or it was refused). */
  private nextRequest(): ReceivedRequest | undefined {
    if (this.head === undefined) {
      // RFC 9112 2.2: empty lines before a request line are skipped.
      while (this.buffer.startsWith('\r\n')) this.buffer = this.buffer.slice(2);
      const headEnd = this.buffer.indexOf(BLANK_LINE);
      if (headEnd === -1 || headEnd > MAX_HEAD_BYTES) {
        if (headEnd > MAX_HEAD_BYTES || this.buffer.length > MAX_HEAD_BYTES + BLANK_LINE.length) this.refuse(431, 'the request head is over 16 KiB');
        return undefined;
      }
      const head = parseRequestHead(this.buffer.slice(0, headEnd));
      this.buffer = this.buffer.slice(headEnd + BLANK_LINE.length);
      if ('reason' in head) {
        this.refuse(head.status, head.reason);
        return undefined;
      }
      this.head = head;
      if (head.expectContinue && (head.chunked || head.contentLength > 0) && this.buffer.length === 0) {
        this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
    }
    const head = this.head;
    if (head.chunked) {
      this.chunked ??= new ChunkedBody(KEPT_BODY_BYTES);
      const progress = this.chunked.read(this.buffer);
      this.buffer = this.buffer.slice(progress.used);
      if (progress.state === 'more') return undefined;
      if (progress.state === 'error') {
        this.refuse(400, progress.reason);
        return undefined;
      }
      const body = this.chunked.text();
      this.head = this.chunked = undefined;
      return { head, body, cut: progress.state === 'full' };
    }
    const kept = Math.min(head.contentLength, KEPT_BODY_BYTES);
    if (this.buffer.length < kept) return undefined;
    const body = this.buffer.slice(0, kept);
    this.buffer = this.buffer.slice(kept);
    this.head = undefined;
    return { head, body, cut: kept < head.contentLength };
  }

  private answer({ head, body, cut }: ReceivedRequest): void {
    this.answering = true;
    if (cut) this.ending = true;
    const url = requestedUrl(head, this.server.options.origin);
    if (url === undefined) {
      this.write(head, badRequest('Bad request: Host header'));
      return;
    }
    // Bodies are UTF-8; Twilio's are percent-encoded ASCII, which needs no decoding.
    const text = !methodHasBody(head.method) ? '' : NON_ASCII.test(body) ? Buffer.from(body, 'latin1').toString('utf8') : body;
    this.server.handle({ method: head.method, url, headers: head.headers, body: text }).then(
      (response) => this.write(head, response),
      (err: unknown) => {
        // Only a fault outside the app's own guards gets here; the webhook answers its own errors with TwiML.
        console.error(`local host: ${(err as Error).stack ?? String(err)}`);
        this.write(head, badRequest('Bad request'));
      },
    );
  }

  private write(head: RequestHead, response: PlainResponse): void {
    if (this.socket.destroyed) return;
    const keepAlive = head.keepAlive && !this.ending && !this.server.stopping;
    let text: string;
    try {
      text = responseHead(response, head.minorVersion, keepAlive);
    } catch (err) {
      console.error(`local host: ${(err as Error).message}`);
      response = badRequest('Bad request');
      text = responseHead(response, head.minorVersion, keepAlive);
    }
    if (head.method !== 'HEAD' && statusHasBody(response.status)) text += response.body;
    const flowing = this.socket.write(text, 'utf8');
    this.answering = false;
    if (!keepAlive) {
      this.end();
    } else if (flowing) {
      this.socket.resume();
      this.continueReading();
    } else {
      // The client is not reading its answers: read no more of its requests until it does.
      this.socket.pause();
      this.socket.once('drain', () => {
        this.socket.resume();
        this.continueReading();
      });
    }
  }

  /** Answers the next request if it is all here; once the client has closed its side and none is, closes ours. */
  private continueReading(): void {
    this.readRequests();
    if (this.clientDone && !this.answering && !this.ending) this.end();
  }

  /** Answers a request that cannot be served with its status and reason, then closes: what follows it cannot be framed. */
  private refuse(status: number, reason: string): void {
    const body = `${STATUS_CODES[status] ?? 'Bad Request'}: ${reason}\n`;
    this.socket.write(responseHead({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body }, 1, false) + body, 'utf8');
    this.end();
  }

  private end(): void {
    this.ending = true;
    this.buffer = '';
    this.head = this.chunked = undefined;
    // Closing only our side lets the client read the answer even while it is still sending a body nobody reads;
    // the idle timeout closes the rest if it never stops.
    this.socket.end();
  }

  private timedOut(): void {
    if (this.answering) return; // the app's handlers bound their own waits (the dev phone's long poll)
    if (!this.ending && (this.head !== undefined || this.buffer.length > 0)) this.refuse(408, 'the request stopped arriving');
    else this.socket.destroy();
  }
}

/** The answer to a request the server could read but not serve. */
function badRequest(body: string): PlainResponse {
  return { status: 400, headers: { 'content-type': 'text/plain' }, body };
}

/** The status line and headers of an answer, with its length and the date; throws for a header that would break the answer. */
function responseHead(response: PlainResponse, minorVersion: 0 | 1, keepAlive: boolean): string {
  let text = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}\r\n`;
  for (const name in response.headers) {
    const value = response.headers[name]!;
    if (!HTTP_TOKEN.test(name) || !SAFE_HEADER_VALUE.test(value)) throw new Error(`the app answered header ${JSON.stringify(name)} with a value HTTP cannot carry`);
    if (!FRAMING_HEADERS.has(name.toLowerCase())) text += `${name}: ${value}\r\n`;
  }
  if (statusHasBody(response.status)) text += `content-length: ${Buffer.byteLength(response.body)}\r\n`;
  text += `date: ${httpDate()}\r\n`;
  if (!keepAlive) text += 'connection: close\r\n';
  else if (minorVersion === 0) text += 'connection: keep-alive\r\n';
  return text + '\r\n';
}

let dateSecond = -1;
let dateText = '';
/** The Date header every answer carries (RFC 9110 6.6.1), made once a second. */
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** The absolute URL the client asked for, as it asked for it (that is what Twilio signs); undefined for a Host header no client would send. */
function requestedUrl(head: RequestHead, origin: string | undefined): string | undefined {
  const target = head.target;
  if (!target.startsWith('/')) return URL.canParse(target) ? target : undefined; // absolute-form, as sent to a proxy
  if (origin) return origin + target;
  const host = (head.headers.host as string | undefined) ?? '127.0.0.1';
  return HOST_HEADER.test(host) ? `http://${host}${target}` : undefined;
}
