// Fetches TwiML the way Twilio does: one webhook request (following HTTP
// redirects like a browser), then decides from status and Content-Type what
// the answer means. Every failure becomes the code Twilio's debugger shows.

import type { CallbackSender } from './callbacks';
import { CookieJar } from './cookieJar';
import type { EventBody } from './events';
import type { Outcome } from './outcome';
import { RefusedUrlError } from './transports/refusedUrl';
import { MAX_TWIML_BYTES, TwilioError } from './twilioErrors';
import type { HttpMethod } from './types';
import { buildWebhookRequest } from './webhookRequest';
import { headerOf, type PlainResponse } from '../http/plainHttp';

export type Fetched =
  /** TwiML to run; `url` is the final URL after redirects, the base for relative URLs. */
  | { kind: 'twiml'; url: string; body: string }
  /** Twilio plays an audio answer, then hangs up. */
  | { kind: 'audio'; url: string }
  /** Twilio reads a text/plain answer aloud, then hangs up. */
  | { kind: 'text'; text: string }
  | { kind: 'failed'; outcome: Outcome };

/** A callback sender whose events always go to the transcript. */
export type WebhookClientOptions = CallbackSender & { emit(event: EventBody): void };

const MAX_HTTP_REDIRECTS = 10;
const TWIML_TYPES = new Set(['text/xml', 'application/xml', 'text/html']);

export class WebhookClient {
  /** HTTP requests actually sent through the transport. */
  sent = 0;
  private readonly cookies = new CookieJar();

  constructor(private readonly options: WebhookClientOptions) {}

  async fetch(url: string, method: HttpMethod, params: Record<string, string>): Promise<Fetched> {
    let hop = { url, method, params };
    for (let redirects = 0; redirects <= MAX_HTTP_REDIRECTS; redirects++) {
      if (new URL(hop.url).origin !== this.options.origin) {
        return notFollowed(hop.url, `outside ${this.options.origin}, the origin this call was pointed at`);
      }
      const built = buildWebhookRequest(hop.url, hop.method, hop.params, this.options.authToken);
      const cookie = this.cookies.headerFor(built.url);
      if (cookie) built.request = { ...built.request, headers: { ...built.request.headers, cookie } };
      const event = { type: 'request', method: hop.method, url: built.url, params: hop.params } as const;
      let response: PlainResponse;
      try {
        this.sent++;
        response = await this.options.transport(built.request);
      } catch (error) {
        this.options.emit(event);
        // Name the URL as the TwiML gave it, without the call parameters a GET appends.
        if (error instanceof RefusedUrlError) return notFollowed(hop.url, error.reason);
        return failed(TwilioError.httpConnectionFailure, `HTTP connection failure: ${describe(error)}`, built.url);
      }
      if (!looksLikeResponse(response)) {
        this.options.emit(event);
        return failed(TwilioError.httpRetrievalFailure, 'HTTP retrieval failure: no HTTP response from the transport', built.url);
      }
      const contentType = headerOf(response.headers, 'content-type');
      this.options.emit({ ...event, status: response.status, ...(contentType ? { contentType } : {}) });
      this.keepCookies(response, built.url);
      const location = headerOf(response.headers, 'location');
      if (response.status >= 300 && response.status < 400 && location) {
        // Like a browser: 307/308 repeat the request, the others turn into a GET.
        const keep = response.status === 307 || response.status === 308;
        const next = URL.canParse(location, built.url) ? new URL(location, built.url).href : undefined;
        if (!next) return failed(TwilioError.httpRetrievalFailure, `HTTP retrieval failure: bad redirect to ${location}`, built.url);
        hop = { url: next, method: keep ? hop.method : 'GET', params: keep ? hop.params : {} };
        continue;
      }
      return classify(response, built.url, contentType);
    }
    return failed(TwilioError.tooManyRedirects, 'HTTP too many redirects', url);
  }

  /** Set-Cookie lines arrive joined by newlines (see httpTransport): no header value can hold one. */
  private keepCookies(response: PlainResponse, url: string): void {
    const lines = headerOf(response.headers, 'set-cookie');
    if (!lines) return;
    for (const change of this.cookies.store(lines.split('\n'), url)) this.options.emit({ type: 'cookie', ...change });
  }
}

function classify(response: PlainResponse, url: string, contentType: string | undefined): Fetched {
  if (response.status < 200 || response.status > 299) {
    return failed(TwilioError.httpRetrievalFailure, `HTTP retrieval failure: status ${response.status}`, url);
  }
  if (!contentType) return failed(TwilioError.httpRetrievalFailure, 'HTTP retrieval failure: no Content-Type', url);
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType.startsWith('audio/')) return { kind: 'audio', url };
  if (!TWIML_TYPES.has(mediaType) && mediaType !== 'text/plain') {
    return failed(TwilioError.invalidContentType, `Invalid Content-Type: ${mediaType}`, url);
  }
  const body = response.body;
  if (body.length > MAX_TWIML_BYTES || Buffer.byteLength(body) > MAX_TWIML_BYTES) {
    return failed(TwilioError.responseTooLarge, 'Response body larger than 64 kB', url);
  }
  return mediaType === 'text/plain' ? { kind: 'text', text: body.trim() } : { kind: 'twiml', url, body };
}

/** An in-process app is plain code: it may hand back anything, and that must not crash the call. */
function looksLikeResponse(value: unknown): value is PlainResponse {
  const candidate = value as Partial<PlainResponse> | null | undefined;
  return typeof candidate?.status === 'number' && typeof candidate.headers === 'object' && candidate.headers !== null && typeof candidate.body === 'string';
}

function failed(code: number, message: string, url: string): Fetched {
  return { kind: 'failed', outcome: { kind: 'error', code, message, url } };
}

function notFollowed(url: string, reason: string): Fetched {
  return { kind: 'failed', outcome: { kind: 'not-followed', url, reason } };
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  return error instanceof Error ? error.message : String(error);
}
