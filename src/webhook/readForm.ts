import { headerOf, MAX_BODY_BYTES, methodHasBody, splitUrl, type PlainRequest } from '../http/plainHttp';

export type FormResult = { ok: true; params: FormParams } | { ok: false; status: 413 };

/**
 * The webhook's parameters: the form body of a POST, the query of a GET.
 * A body of another content type carries no parameters we can trust, so it
 * yields none rather than an error: with signature checking on it then fails
 * the signature, and with it off the caller still gets a sensible answer.
 * Only a body over the limit (declared, or as received) is refused.
 */
export function readForm(request: PlainRequest): FormResult {
  if (request.form) return formAsSent(request.form, request);
  const declared = Number(headerOf(request.headers, 'content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413 };
  if (!methodHasBody(request.method)) return { ok: true, params: parseForm(splitUrl(request.url).query) };
  // A string's length never exceeds its UTF-8 size, and is at least a third of it.
  if (request.body.length > MAX_BODY_BYTES || (request.body.length * 3 > MAX_BODY_BYTES && Buffer.byteLength(request.body) > MAX_BODY_BYTES)) {
    return { ok: false, status: 413 };
  }
  const type = (headerOf(request.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: true, params: NO_PARAMS };
  return { ok: true, params: parseForm(request.body) };
}

/**
 * The form the simulator built in this process, refused over the limit as its
 * body would be: it is encoded to count its bytes only when it could be that
 * large (a character encodes to at most 9 bytes, %XX thrice; the names and
 * values of a real webhook come nowhere near).
 */
function formAsSent(form: Readonly<Record<string, string>>, request: PlainRequest): FormResult {
  const names = Object.keys(form);
  const values = Object.values(form);
  const characters = names.reduce((sum, name, i) => sum + name.length + (values[i] as string).length + 2, 0);
  if (characters * 9 > MAX_BODY_BYTES && Buffer.byteLength(request.body) > MAX_BODY_BYTES) return { ok: false, status: 413 };
  return { ok: true, params: new FormParams(names, values) };
}

/**
 * A form's parameters, decoded, in the order they were sent, repeats and all.
 * Kept as two arrays rather than an object: Twilio sends some thirty
 * parameters, and an object with that many keys made of request text is a
 * slow dictionary that cost a third of the webhook.
 */
export class FormParams {
  constructor(
    readonly names: readonly string[],
    readonly values: readonly string[],
  ) {}

  /** The value of `name`; of a repeated name the last, as an object built from URLSearchParams would hold. */
  get(name: string): string | undefined {
    const at = this.names.lastIndexOf(name);
    return at === -1 ? undefined : this.values[at];
  }
}

const NO_PARAMS = new FormParams([], []);

/** A form body's parameters, decoded as URLSearchParams decodes them, in the order they were sent. */
export function parseForm(body: string): FormParams {
  const names: string[] = [];
  const values: string[] = [];
  for (const [name, value] of new URLSearchParams(body)) {
    names.push(name);
    values.push(value);
  }
  return new FormParams(names, values);
}
