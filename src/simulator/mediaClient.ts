// Fetches the audio of a <Play> the way Twilio does: a plain GET of the media
// URL, without the call's parameters ("Twilio does not send its standard HTTP
// parameters when making requests to <Play> URLs",
// https://www.twilio.com/docs/voice/twiml/play), following HTTP redirects, and
// only on the call's own origin, as every request the simulator makes. Each URL
// is fetched once per call: Twilio caches the audio it plays.

import { headerOf } from '../http/plainHttp';
import { RefusedUrlError } from './transports/refusedUrl';
import { TwilioError } from './twilioErrors';
import type { CallbackSender } from './callbacks';
import { buildWebhookRequest } from './webhookRequest';

/** What became of one media URL. */
export type MediaFetched =
  | { kind: 'audio'; status: number; contentType: string }
  /** Not requested: another origin, or a transport that serves one file only. Not the app's fault. */
  | { kind: 'not-fetched'; reason: string }
  /** What Twilio's debugger would log; the call ends there with its application error. */
  | { kind: 'failed'; code: number; message: string; status?: number; contentType?: string };

/**
 * The audio MIME types the <Play> page lists as supported; anything else is
 * 13420 "Play requires an audio Content-Type" (13325 for a <Play> in <Gather>).
 */
const PLAYABLE = new Set([
  'audio/mpeg',
  'audio/wav',
  'audio/wave',
  'audio/x-wav',
  'audio/aiff',
  'audio/x-aifc',
  'audio/x-aiff',
  'audio/x-gsm',
  'audio/gsm',
  'audio/ulaw',
]);

const MAX_HTTP_REDIRECTS = 10;

export class MediaClient {
  /** HTTP requests sent through the transport. */
  sent = 0;
  private readonly cache = new Map<string, Promise<MediaFetched>>();

  constructor(private readonly options: CallbackSender) {}

  fetch(url: string): Promise<MediaFetched> {
    let fetched = this.cache.get(url);
    if (!fetched) {
      fetched = this.request(url);
      this.cache.set(url, fetched);
    }
    return fetched;
  }

  private async request(url: string): Promise<MediaFetched> {
    let hop = url;
    for (let redirects = 0; redirects <= MAX_HTTP_REDIRECTS; redirects++) {
      if (new URL(hop).origin !== this.options.origin) {
        return { kind: 'not-fetched', reason: `outside ${this.options.origin}, the origin this call was pointed at` };
      }
      let response;
      try {
        this.sent++;
        response = await this.options.transport(buildWebhookRequest(hop, 'GET', {}, this.options.authToken).request);
      } catch (error) {
        if (error instanceof RefusedUrlError) return { kind: 'not-fetched', reason: error.reason };
        return { kind: 'failed', code: TwilioError.httpConnectionFailure, message: `HTTP connection failure fetching ${hop}: ${error instanceof Error ? error.message : String(error)}` };
      }
      const status = typeof response?.status === 'number' ? response.status : 0;
      const headers = typeof response?.headers === 'object' && response.headers !== null ? response.headers : {};
      const location = headerOf(headers, 'location');
      if (status >= 300 && status < 400 && location && URL.canParse(location, hop)) {
        hop = new URL(location, hop).href;
        continue;
      }
      const contentType = headerOf(headers, 'content-type');
      const seen = { status, ...(contentType ? { contentType } : {}) };
      if (status < 200 || status > 299) {
        return { kind: 'failed', code: TwilioError.httpRetrievalFailure, message: `HTTP retrieval failure: status ${status} for ${hop}`, ...seen };
      }
      if (!contentType) return { kind: 'failed', code: TwilioError.httpRetrievalFailure, message: `HTTP retrieval failure: no Content-Type for ${hop}`, ...seen };
      const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
      if (!PLAYABLE.has(mediaType)) {
        return { kind: 'failed', code: TwilioError.playInvalidContentType, message: `Play: Invalid Content-Type ${mediaType} for ${hop}`, ...seen };
      }
      return { kind: 'audio', status, contentType };
    }
    return { kind: 'failed', code: TwilioError.tooManyRedirects, message: `HTTP too many redirects fetching ${url}` };
  }
}
