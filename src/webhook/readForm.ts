/** Twilio's webhook bodies are a few hundred bytes; anything far larger is not Twilio. */
export const MAX_BODY_BYTES = 64 * 1024;

export type FormResult = { ok: true; params: Record<string, string> } | { ok: false; status: 413 };

/**
 * Where a host that has already read the whole body (the node:http host)
 * hands it over, sparing a ReadableStream, which costs more than the rest of
 * the webhook. The same limit applies to it as to a streamed body.
 */
export const BODY_READ_BY_HOST = Symbol('body read by the host');

/**
 * The webhook's parameters: the form body of a POST, the query of a GET.
 * A body of another content type, or one that cannot be read to the end,
 * carries no parameters we can trust, so it yields none rather than an error:
 * with signature checking on it then fails the signature, and with it off the
 * caller still gets a sensible answer. Only a body over the limit is refused.
 */
export async function readForm(request: Request): Promise<FormResult> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413 };
  if (request.method === 'GET' || request.method === 'HEAD') {
    return { ok: true, params: Object.fromEntries(new URL(request.url).searchParams) };
  }
  const body = BODY_READ_BY_HOST in request ? fromHost(request[BODY_READ_BY_HOST] as Uint8Array) : await readLimited(request);
  if (body === 'too-large') return { ok: false, status: 413 };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (body === undefined || type !== 'application/x-www-form-urlencoded') return { ok: true, params: {} };
  return { ok: true, params: parseForm(body) };
}

/**
 * Exactly `Object.fromEntries(new URLSearchParams(body))`, in about a quarter
 * of the time: split on & and =, + as space, decodeURIComponent (and, like
 * URLSearchParams, a leading ? dropped). Anything decodeURIComponent would
 * refuse (a stray %, bytes that are not UTF-8, a lone surrogate) goes to
 * URLSearchParams itself, which is lenient about them.
 */
export function parseForm(body: string): Record<string, string> {
  if (!isWellFormed(body)) return Object.fromEntries(new URLSearchParams(body));
  const params: Record<string, string> = {};
  for (let start = body.startsWith('?') ? 1 : 0; start < body.length; ) {
    let end = body.indexOf('&', start);
    if (end === -1) end = body.length;
    if (end > start) {
      const equals = body.indexOf('=', start);
      const split = equals !== -1 && equals < end;
      const name = decodeComponent(body.slice(start, split ? equals : end));
      const value = split ? decodeComponent(body.slice(equals + 1, end)) : '';
      if (name === undefined || value === undefined) return Object.fromEntries(new URLSearchParams(body));
      // As Object.fromEntries: "__proto__" is an own property, never the prototype.
      if (name === '__proto__') Object.defineProperty(params, name, { value, writable: true, enumerable: true, configurable: true });
      else params[name] = value;
    }
    start = end + 1;
  }
  return params;
}

// String.prototype.isWellFormed (Node 20+) is newer than the ES2022 library the project compiles against.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

function decodeComponent(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

function fromHost(bytes: Uint8Array): string | 'too-large' {
  return bytes.byteLength > MAX_BODY_BYTES ? 'too-large' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The body as text, 'too-large' past MAX_BODY_BYTES (however the size was declared), undefined if the stream broke. */
async function readLimited(request: Request): Promise<string | 'too-large' | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}
