import type { TwilioCredentials } from './credentials';

// The twilio package's REST client costs ~140 ms to require (it pulls in every
// API domain's code), so it is loaded here, on first use, and nowhere else:
// a webhook that sends no SMS never pays for it.

export type TwilioClient = import('twilio').Twilio;
type RequestClientClass = typeof import('twilio/lib/base/RequestClient');
type RequestOptions = Parameters<InstanceType<RequestClientClass>['request']>[0];
type RawResponse = Awaited<ReturnType<InstanceType<RequestClientClass>['request']>>;

export interface RestClientOptions {
  /** Each HTTP request gives up after this long (twilio's default is 30 s). */
  timeoutMs?: number;
  /** How many times a request answered 429 Too Many Requests is tried again (default 0: not at all); a Retry-After over MAX_RETRY_WAIT_MS ends the retries. */
  rateLimitRetries?: number;
  /** Told before each wait, so a command line can say why it pauses. */
  onRateLimited?: (event: { waitMs: number; retry: number; of: number }) => void;
  /** Tests pass a fake to skip the wait; the default is setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Answers the requests instead of the network: a simulated call's Messages API (simulatedSms). */
  httpClient?: SimulatedHttpClient;
}

/** The part of twilio's RequestClient the client calls: one request in, Twilio's status and JSON body out. */
export interface SimulatedHttpClient {
  request(options: { method: string; uri: string; data?: Record<string, unknown> }): Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
}

/** A twilio REST client with these credentials; 429s are retried as Retry-After asks, within the options' bounds. */
export function createRestClient(credentials: TwilioCredentials, options: RestClientOptions = {}): TwilioClient {
  const twilio = require('twilio') as typeof import('twilio');
  const httpClient = (options.httpClient as InstanceType<RequestClientClass> | undefined) ?? rateLimitAwareHttpClient(options);
  const clientOptions = { accountSid: credentials.accountSid, httpClient, timeout: options.timeoutMs };
  return credentials.kind === 'api-key'
    ? twilio(credentials.apiKey, credentials.apiSecret, clientOptions)
    : twilio(credentials.accountSid, credentials.authToken, clientOptions);
}

/** The longest wait for a retry (ivr provision's, the only caller that retries). */
const MAX_RETRY_WAIT_MS = 60_000;

function rateLimitAwareHttpClient(options: RestClientOptions): InstanceType<RequestClientClass> {
  const RequestClient = require('twilio/lib/base/RequestClient') as RequestClientClass;
  const retries = options.rateLimitRetries ?? 0;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  // twilio's own autoRetry ignores Retry-After and waits at most 3 s; Twilio
  // asks for longer pauses than that when an account is over its limits.
  class RateLimitAwareClient extends RequestClient {
    override async request<TData>(opts: RequestOptions): Promise<RawResponse & { body: TData }> {
      for (let retry = 1; ; retry++) {
        const response = (await super.request<TData>(opts as never)) as RawResponse & { body: TData };
        if (response.statusCode !== 429 || retry > retries) return response;
        const waitMs = retryAfterMs(response.headers, retry);
        if (waitMs > MAX_RETRY_WAIT_MS) return response;
        options.onRateLimited?.({ waitMs, retry, of: retries });
        await sleep(waitMs);
      }
    }
  }
  return new RateLimitAwareClient({ timeout: options.timeoutMs });
}

/** Retry-After in seconds or as an HTTP date; without one, 1 s, 2 s, 4 s... */
export function retryAfterMs(headers: unknown, retry: number, now: number = Date.now()): number {
  const raw = headerValue(headers, 'retry-after');
  if (raw !== undefined) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.ceil(Number(raw) * 1000);
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return 1000 * 2 ** (retry - 1);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  // axios hands twilio an AxiosHeaders (with a case-insensitive get); tests may pass a plain object.
  const getter = (headers as { get?: unknown }).get;
  const value = typeof getter === 'function' ? getter.call(headers, name) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}
