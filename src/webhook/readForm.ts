/** Twilio's webhook bodies are a few hundred bytes; anything far larger is not Twilio. */
export const MAX_BODY_BYTES = 64 * 1024;

export type FormResult = { ok: true; params: Record<string, string> } | { ok: false; status: 413 };

/**
 * The webhook's parameters: the form body of a POST, the query of a GET.
 * A body of another content type carries no parameters we can trust, so it
 * yields none rather than an error: the caller still gets a sensible answer.
 */
export async function readForm(request: Request): Promise<FormResult> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413 };
  if (request.method === 'GET' || request.method === 'HEAD') {
    return { ok: true, params: Object.fromEntries(new URL(request.url).searchParams) };
  }
  const body = await readLimited(request);
  if (body === undefined) return { ok: false, status: 413 };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: true, params: {} };
  return { ok: true, params: Object.fromEntries(new URLSearchParams(body)) };
}

async function readLimited(request: Request): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
