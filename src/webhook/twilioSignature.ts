import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Settings } from '../config/settings';
import { headerOf, splitUrl, type PlainRequest } from '../http/plainHttp';
import { FormParams } from './readForm';
import { loggableCallSid } from '../journal/callJournal';

// X-Twilio-Signature is base64(HMAC-SHA1(auth token, URL + each POST parameter
// name and value, sorted by name)). Computed here with node:crypto's createHmac,
// one per candidate URL and token, and proven equal to twilio's own
// getExpectedTwilioSignature by test/hardening/signatureMatrix.test.ts.

/** base64(HMAC-SHA1(token, text)), both taken as UTF-8. */
function hmacSha1Base64(token: string, text: string): string {
  return createHmac('sha1', token).update(text, 'utf8').digest('base64');
}

/** The signature Twilio sends for a request to `url` with these POST parameters ({} for a GET). */
export function expectedSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  return hmacSha1Base64(authToken, url + signedParamText(new FormParams(Object.keys(params), Object.values(params))));
}

/**
 * Each parameter's name and value, sorted by name (as Array.prototype.sort
 * orders strings): the text Twilio signs after the URL. Of a repeated name
 * only the last value counts, as in the object twilio's own validators get.
 */
function signedParamText({ names, values }: FormParams): string {
  // The sort is stable, so of equal names the last sent comes last.
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  let text = '';
  for (let i = 0; i < order.length; i++) {
    const at = order[i]!;
    if (i + 1 < order.length && names[order[i + 1]!] === names[at]) continue;
    text += names[at]! + values[at]!;
  }
  return text;
}

/**
 * The URL Twilio called and signed, as far as the request tells. Behind a
 * proxy or a custom domain the function sees another origin, so the configured
 * public base URL replaces it.
 */
export function signedUrlOf(request: PlainRequest, publicBaseUrl: string | undefined): string {
  if (!publicBaseUrl) return request.url;
  const { path, query } = splitUrl(request.url);
  return `${publicBaseUrl}${path}${query ? `?${query}` : ''}`;
}

/**
 * The same URL with the port written out (the scheme's default) or left out.
 * Twilio's documentation says it drops the port of an https URL before signing,
 * yet non-default ports have been seen signed (twilio-python #402, twilio-csharp
 * #44), and twilio's own validators accept both forms; so do we. The variant
 * changes only the text that is hashed, never what the token proves.
 */
export function portVariant(url: string): string {
  const match = /^(https?):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:\d*)?(.*)$/is.exec(url);
  if (!match) return url;
  const [, scheme, userInfo = '', host, port, rest] = match;
  if (port) return `${scheme}://${userInfo}${host}${rest}`;
  return `${scheme}://${userInfo}${host}:${scheme?.toLowerCase() === 'https' ? 443 : 80}${rest}`;
}

/** Constant-time comparison; a length mismatch returns early, which reveals nothing (every HMAC-SHA1 in base64 is 28 characters). */
export function signaturesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The tokens a signature may be made with: TWILIO_AUTH_TOKEN, and during a
 * rotation TWILIO_AUTH_TOKEN_SECONDARY, so that promoting the secondary token
 * in the Twilio console does not turn calls away while the app settings catch up.
 */
export function acceptedAuthTokens(settings: Settings): string[] {
  const secondary = settings.env.TWILIO_AUTH_TOKEN_SECONDARY?.trim();
  return [settings.authToken, secondary].filter((token): token is string => Boolean(token));
}

/**
 * The same URL with https for http, host, port, path and query unchanged.
 * Azure's front end ends TLS, and Linux function apps have seen the https
 * request Twilio made as http (azure-functions-host #6602, Azure-Functions
 * #1926); Twilio signed the https URL it was given. Twilio's own guide to 403s
 * behind a proxy names this scheme mismatch as the usual cause. Like the port
 * variant, it changes only the text hashed: a signature must still be made
 * with the auth token over this host, port, path and query.
 */
export function httpsForm(url: string): string {
  return /^http:\/\//i.test(url) ? `https://${url.slice('http://'.length)}` : url;
}

/**
 * The URL X-Twilio-Signature was made over, among those Twilio may have been
 * given for this request (see signedUrlOf, httpsForm, portVariant), and which
 * of `authTokens` made it (its index), or none: one HMAC-SHA1 per candidate
 * and token, each candidate worked out only when the ones before it do not
 * match. Without a public base URL, the https form of an http URL is tried too
 * (httpsForm): a front end that ends TLS changes only the scheme. Twilio signs
 * a GET's URL alone: its query parameters are part of the URL and are not
 * added again. The token's index is for the log, which says when Twilio starts
 * signing with the secondary token during a rotation (signatureLog.ts); the
 * token itself never leaves this function.
 */
export function signatureMatchOf(
  request: PlainRequest,
  params: FormParams,
  authTokens: readonly string[],
  publicBaseUrl: string | undefined,
): { url: string; token: number } | undefined {
  const signature = headerOf(request.headers, 'x-twilio-signature');
  if (!signature || authTokens.length === 0) return undefined;
  const paramText = request.method === 'POST' ? signedParamText(params) : '';
  const signedWith = (candidate: string) => {
    const token = authTokens.findIndex((token) => signaturesMatch(signature, hmacSha1Base64(token, candidate + paramText)));
    return token < 0 ? undefined : { url: candidate, token };
  };
  const url = signedUrlOf(request, publicBaseUrl);
  // PUBLIC_BASE_URL names its scheme; only the URL the function sees may have lost https on the way.
  const https = publicBaseUrl || httpsForm(url) === url ? undefined : httpsForm(url);
  return signedWith(url) ?? (https ? signedWith(https) : undefined) ?? signedWith(portVariant(url)) ?? (https ? signedWith(portVariant(https)) : undefined);
}

/**
 * The warning logged for a request refused for its signature: its CallSid, the
 * method and the URL checked (without its query, which holds the call's state),
 * and what to check. Behind a proxy or custom domain, that URL is what tells a
 * wrong PUBLIC_BASE_URL.
 */
export function signatureRefusal(request: PlainRequest, params: FormParams, publicBaseUrl: string | undefined): string {
  const signed = signedUrlOf(request, publicBaseUrl).split('?')[0]!;
  const alsoHttps = !publicBaseUrl && httpsForm(signed) !== signed ? ` (and ${httpsForm(signed)})` : '';
  return `CallSid=${loggableCallSid(params.get('CallSid'))} ${request.method} ${signed}${alsoHttps}: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)`;
}
