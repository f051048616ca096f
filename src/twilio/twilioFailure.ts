import { DeadlineError } from './deadline';

// Every way a call to Twilio's REST API can fail, sorted into the few kinds a
// user can act on, each with the sentence that says what to do about it.

type TwilioFailureKind =
  | 'credentials' // 401: wrong account SID, token or API key
  | 'forbidden' // 403: the credentials may not do this
  | 'not-found' // 404
  | 'rate-limited' // 429, after the retries allowed
  | 'rejected' // another 4xx: Twilio refused the request itself (e.g. 21211 invalid To)
  | 'twilio-error' // 5xx: a problem on Twilio's side
  | 'timeout' // no answer in time
  | 'network' // no connection at all
  | 'malformed'; // an answer that is not the API's JSON

export interface TwilioFailure {
  kind: TwilioFailureKind;
  /** HTTP status, when Twilio answered. */
  status?: number;
  /** Twilio's error code (https://www.twilio.com/docs/errors/<code>). */
  code?: number;
  /** What Twilio or the system said. */
  detail: string;
}

/** Thrown for an answer that parsed but lacks what the API always sends. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

export function classifyTwilioError(err: unknown): TwilioFailure {
  const e = (err ?? {}) as { status?: unknown; code?: unknown; message?: unknown; isAxiosError?: unknown; name?: unknown; cause?: { code?: unknown } };
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  if (typeof e.status === 'number') {
    const status = e.status;
    const code = typeof e.code === 'number' ? e.code : undefined;
    const kind: TwilioFailureKind =
      status === 401 ? 'credentials' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 429 ? 'rate-limited' : status >= 500 ? 'twilio-error' : 'rejected';
    return { kind, status, code, detail };
  }
  if (err instanceof DeadlineError) return { kind: 'timeout', detail };
  if (err instanceof MalformedResponseError || err instanceof SyntaxError || err instanceof TypeError) {
    // twilio parses answers itself: a body that is not JSON surfaces as SyntaxError, a
    // JSON body of the wrong shape as TypeError. Axios's network errors are TypeErrors
    // too, so they are told apart by isAxiosError below.
    if (e.isAxiosError !== true) return { kind: 'malformed', detail };
  }
  if (e.isAxiosError === true) {
    const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(detail)) return { kind: 'timeout', detail };
    return { kind: 'network', detail: code ? `${code}: ${detail}` : detail };
  }
  return { kind: 'network', detail };
}

const CONSOLE = 'the Twilio console (Account > API keys & tokens)';

/** What went wrong and what to do, in a sentence or two; `doing` says what was attempted, e.g. "looking up +3902...". */
export function explainTwilioFailure(failure: TwilioFailure, doing: string): string {
  // twilio's message for an error without a JSON body is only "[HTTP 502] Failed to execute request".
  const detail = /^\[HTTP \d+\]/.test(failure.detail) ? '' : `: ${failure.detail}`;
  const said = failure.code
    ? ` (HTTP ${failure.status}, Twilio error ${failure.code}${detail}; https://www.twilio.com/docs/errors/${failure.code})`
    : failure.status
      ? ` (HTTP ${failure.status}${detail})`
      : ` (${failure.detail})`;
  switch (failure.kind) {
    case 'credentials':
      return `Twilio refused the credentials while ${doing}${said}. Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET, against ${CONSOLE}; an API key must belong to that account, and test credentials cannot manage numbers.`;
    case 'forbidden':
      return `Twilio did not allow this while ${doing}${said}. The credentials are valid but may not do it: a restricted API key, a suspended account, or test credentials.`;
    case 'not-found':
      return `Twilio found nothing while ${doing}${said}. The resource may have been released or belong to another account or subaccount.`;
    case 'rate-limited':
      return `Twilio kept answering "Too Many Requests" while ${doing}${said}, after the retries allowed. Wait a minute and run it again; nothing else needs to change.`;
    case 'rejected':
      return `Twilio refused the request while ${doing}${said}.`;
    case 'twilio-error':
      return `Twilio's API had a problem of its own while ${doing}${said}. Try again in a few minutes (https://status.twilio.com shows incidents).`;
    case 'timeout':
      return `Twilio's API did not answer in time while ${doing}${said}. Check the network, or try again.`;
    case 'network':
      return `Could not reach Twilio's API (api.twilio.com) while ${doing}${said}. Check the internet connection, DNS, a proxy (HTTP_PROXY) or a firewall.`;
    case 'malformed':
      return `Twilio's answer could not be read while ${doing}${said}: it is not the JSON the API sends. A proxy, captive portal or TWILIO_REGION/TWILIO_EDGE setting may be sending the request elsewhere.`;
  }
}
