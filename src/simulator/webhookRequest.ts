// Builds the HTTP request Twilio sends to a webhook: form-encoded POST, or GET
// with the parameters appended to the query, signed with X-Twilio-Signature
// when an auth token is known, and an I-Twilio-Idempotency-Token of its own.

import { randomUUID } from 'node:crypto';
import type { PlainRequest } from '../http/plainHttp';
import { expectedSignature } from '../webhook/twilioSignature';
import type { HttpMethod } from './types';

export interface WebhookRequest {
  request: PlainRequest;
  /** The URL actually requested (for GET, with the parameters appended). */
  url: string;
}

// Twilio's signature rule is computed by the webhook's own expectedSignature,
// which test/hardening/signatureMatrix.test.ts proves equal to the twilio
// package's for every kind of URL and parameter; loading the package's
// webhooks module here cost a cold simulated call more than the call itself.

/**
 * Twilio's requests carry an I-Twilio-Idempotency-Token header, one per request (webhook receivers deduplicate
 * by it): a new one each time, as the simulator sends each request once. Twilio's documentation does not say
 * that its retries keep the token, and the webhook does not rely on it (answerOrder.ts, REPEAT_WINDOW_MS).
 */
export function buildWebhookRequest(
  url: string,
  method: HttpMethod,
  params: Record<string, string>,
  authToken?: string,
): WebhookRequest {
  const token = { [IDEMPOTENCY_TOKEN_HEADER]: randomUUID() };
  if (method === 'GET') {
    const fullUrl = appendQuery(url, params);
    // For GET, Twilio signs the full URL and no body parameters.
    const headers = authToken ? { 'user-agent': USER_AGENT, ...token, 'x-twilio-signature': expectedSignature(authToken, fullUrl, {}) } : { ...GET_HEADERS, ...token };
    return { url: fullUrl, request: { method, url: fullUrl, headers, body: '' } };
  }
  const headers = authToken ? { ...POST_HEADERS, ...token, 'x-twilio-signature': expectedSignature(authToken, url, params) } : { ...POST_HEADERS, ...token };
  // The body is encoded only if something reads it (an HTTP transport, a
  // test); the app in this process takes the form as it is.
  const request: PlainRequest = {
    method,
    url,
    headers,
    form: params,
    get body() {
      return new URLSearchParams(params).toString();
    },
  };
  return { url, request };
}

const USER_AGENT = 'TwilioProxy/1.1';
/** The header's name, lower-cased as the simulator's other headers are (HTTP names are case-insensitive). */
const IDEMPOTENCY_TOKEN_HEADER = 'i-twilio-idempotency-token';
const GET_HEADERS = Object.freeze({ 'user-agent': USER_AGENT });
const POST_HEADERS = Object.freeze({ 'user-agent': USER_AGENT, 'content-type': 'application/x-www-form-urlencoded' });

/** Appends without re-encoding the existing query, so state carried in the URL stays byte-identical. */
function appendQuery(url: string, params: Record<string, string>): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const query = new URLSearchParams(params).toString();
  if (!query) return base;
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + separator + query;
}
