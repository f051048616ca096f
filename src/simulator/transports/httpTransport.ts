// Real HTTP, fenced to one origin: a URL elsewhere is refused before any
// network call, so a simulated call can only ever reach the app it targets.

import type { Transport } from '../types';
import { RefusedUrlError } from './refusedUrl';
import { plainResponseOf, webRequestOf } from '../../http/plainHttp';
import { MAX_TWIML_BYTES } from '../twilioErrors';

/** Twilio waits 15 s in total for a webhook's answer (error 11205 after that). */
const TWILIO_HTTP_TIMEOUT_MS = 15_000;

export function httpTransport(baseUrl: string, opts: { timeoutMs?: number } = {}): Transport {
  const origin = new URL(baseUrl).origin;
  const timeoutMs = opts.timeoutMs ?? TWILIO_HTTP_TIMEOUT_MS;
  return async (request) => {
    if (new URL(request.url).origin !== origin) {
      throw new RefusedUrlError(request.url, `outside ${origin}, the only origin this transport reaches`);
    }
    // Redirects come back to the simulator, which follows them through this same fence.
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(webRequestOf(request), { redirect: 'manual', signal });
    // One byte past Twilio's limit is enough to tell it is too large; an audio answer is never read whole.
    const plain = await plainResponseOf(response, MAX_TWIML_BYTES + 1);
    // Several Set-Cookie lines cannot be joined by commas (Expires holds one): newlines, which no header value contains.
    const setCookies = response.headers.getSetCookie();
    return setCookies.length > 1 ? { ...plain, headers: { ...plain.headers, 'set-cookie': setCookies.join('\n') } } : plain;
  };
}
