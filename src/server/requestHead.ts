// The head of one HTTP/1.x request (request line and header fields, RFC 9112),
// read from the text of its bytes (latin1: one character per byte). The local
// host reads requests itself instead of through node:http, so this is where
// it refuses what it will not guess at: a request it cannot frame for sure
// gets a status here and is never handed to the app.

export interface RequestHead {
  method: string;
  /** The request target exactly as sent: origin-form (/path?query), absolute-form or '*'. */
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minorVersion: 0 | 1;
  /** Names in lower case. A repeated name is joined with ', ' (cookie with '; '), as node:http joins it; set-cookie is a list. */
  headers: Record<string, string | string[]>;
  /** The body's length when Content-Length frames it; 0 with neither Content-Length nor chunked. */
  contentLength: number;
  chunked: boolean;
  /** Whether the connection stays open after the answer, by the version's default and Connection. */
  keepAlive: boolean;
  /** The client waits for "100 Continue" before it sends the body. */
  expectContinue: boolean;
}

export interface HeadRefusal {
  status: 400 | 417 | 501 | 505;
  reason: string;
}

// RFC 9110 5.6.2: the characters of a token (method, field name).
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value may hold visible characters, spaces, tabs and obs-text; any other control character (CR, LF, NUL…) is refused.
const BAD_VALUE_CHARACTER = /[\x00-\x08\x0a-\x1f\x7f]/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e\x80-\xff]+) HTTP\/(\d)\.(\d)$/;

/** Parses the text before the blank line that ends a head; a refusal says the status to answer and why. */
export function parseRequestHead(text: string): RequestHead | HeadRefusal {
  const lineEnd = text.indexOf('\r\n');
  const requestLine = REQUEST_LINE.exec(lineEnd === -1 ? text : text.slice(0, lineEnd));
  if (!requestLine) return { status: 400, reason: 'the request line is not "METHOD target HTTP/1.1"' };
  if (requestLine[3] !== '1' || (requestLine[4] !== '0' && requestLine[4] !== '1')) {
    return { status: 505, reason: `HTTP/${requestLine[3]}.${requestLine[4]} is not served here; use HTTP/1.1` };
  }
  const headers: Record<string, string | string[]> = {};
  let start = lineEnd === -1 ? text.length : lineEnd + 2;
  while (start < text.length) {
    const end = nextLineEnd(text, start);
    const colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) return { status: 400, reason: 'a header line has no colon' };
    // A space before the colon, or a line folded onto the previous one, makes this no token: refused as RFC 9112 says.
    const name = text.slice(start, colon);
    if (!HTTP_TOKEN.test(name)) return { status: 400, reason: 'a header name is not a token' };
    const value = trimSpaces(text, colon + 1, end);
    if (BAD_VALUE_CHARACTER.test(value)) return { status: 400, reason: `header ${name} holds a control character` };
    const refusal = addHeader(headers, name.toLowerCase(), value);
    if (refusal) return refusal;
    start = end + 2;
  }
  return frame(requestLine[1]!, requestLine[2]!, requestLine[4] === '1' ? 1 : 0, headers);
}

function nextLineEnd(text: string, from: number): number {
  const end = text.indexOf('\r\n', from);
  return end === -1 ? text.length : end;
}

/** The text between `from` and `to` without leading and trailing spaces and tabs (RFC 9110's OWS, and nothing else). */
function trimSpaces(text: string, from: number, to: number): string {
  while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
  while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
  return text.slice(from, to);
}

function addHeader(headers: Record<string, string | string[]>, name: string, value: string): HeadRefusal | undefined {
  if (name === '__proto__') return undefined; // no client needs it; setting it would change the object's prototype
  const previous = headers[name];
  if (previous === undefined) {
    headers[name] = name === 'set-cookie' ? [value] : value;
    return undefined;
  }
  // Two lengths or two hosts leave the body's end or the URL for the app to guess: refused (RFC 9112 6.3, 3.2).
  if (name === 'content-length' || name === 'host') return { status: 400, reason: `${name} is repeated` };
  if (Array.isArray(previous)) previous.push(value);
  else headers[name] = previous + (name === 'cookie' ? '; ' : ', ') + value;
  return undefined;
}

function frame(method: string, target: string, minorVersion: 0 | 1, headers: Record<string, string | string[]>): RequestHead | HeadRefusal {
  if (minorVersion === 1 && headers.host === undefined) return { status: 400, reason: 'an HTTP/1.1 request needs a Host header' };
  const transferEncoding = headers['transfer-encoding'] as string | undefined;
  const contentLength = headers['content-length'] as string | undefined;
  let chunked = false;
  let length = 0;
  if (transferEncoding !== undefined) {
    // Both at once is how requests get smuggled past proxies: refused (RFC 9112 6.1).
    if (contentLength !== undefined) return { status: 400, reason: 'both Transfer-Encoding and Content-Length' };
    const codings = transferEncoding.toLowerCase().split(',').map((coding) => coding.trim());
    if (codings[codings.length - 1] !== 'chunked') return { status: 400, reason: 'Transfer-Encoding does not end with chunked' };
    if (codings.length > 1) return { status: 501, reason: `Transfer-Encoding ${transferEncoding} is not served here; send the body chunked or with Content-Length` };
    chunked = true;
  } else if (contentLength !== undefined) {
    if (!/^\d{1,15}$/.test(contentLength)) return { status: 400, reason: 'Content-Length is not a number' };
    length = Number(contentLength);
  }
  const connection = headers.connection;
  const keepAlive = minorVersion === 1 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  const expect = headers.expect;
  let expectContinue = false;
  if (expect !== undefined) {
    if ((expect as string).toLowerCase() !== '100-continue') return { status: 417, reason: `Expect: ${expect} is not served here` };
    expectContinue = minorVersion === 1;
  }
  return { method, target, minorVersion, headers, contentLength: length, chunked, keepAlive, expectContinue };
}

function hasToken(list: string | string[] | undefined, token: string): boolean {
  if (list === undefined) return false;
  return (list as string)
    .toLowerCase()
    .split(',')
    .some((item) => item.trim() === token);
}
