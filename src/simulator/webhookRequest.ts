// Builds the HTTP request Twilio sends to a webhook: form-encoded POST, or GET
// with the parameters appended to the query, signed with X-Twilio-Signature
// when an auth token is known.

import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { HttpMethod } from './types';

export interface WebhookRequest {
  request: Request;
  /** The URL actually requested (for GET, with the parameters appended). */
  url: string;
}

export function buildWebhookRequest(
  url: string,
  method: HttpMethod,
  params: Record<string, string>,
  authToken?: string,
): WebhookRequest {
  const headers = new Headers({ 'User-Agent': 'TwilioProxy/1.1' });
  if (method === 'GET') {
    const fullUrl = appendQuery(url, params);
    // For GET, Twilio signs the full URL and no body parameters.
    if (authToken) headers.set('X-Twilio-Signature', getExpectedTwilioSignature(authToken, fullUrl, {}));
    return { url: fullUrl, request: new Request(fullUrl, { method, headers }) };
  }
  headers.set('Content-Type', 'application/x-www-form-urlencoded');
  if (authToken) headers.set('X-Twilio-Signature', getExpectedTwilioSignature(authToken, url, params));
  return { url, request: new Request(url, { method, headers, body: new URLSearchParams(params).toString() }) };
}

/** Appends without re-encoding the existing query, so state carried in the URL stays byte-identical. */
function appendQuery(url: string, params: Record<string, string>): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const query = new URLSearchParams(params).toString();
  if (!query) return base;
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + separator + query;
}
