// Generated webhook requests for the fuzzing test: anything from a perfect
// Twilio request to garbage, with the status each one must get.

import fc from 'fast-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { MAX_BODY_BYTES } from '../../src/http/plainHttp';
import type { Flow } from '../../src/flow/schema';
import { CALL_SID, ROUTE_PATHS, SMS_STATUS_PATH, STATUS_PATH, TOKEN } from './support';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
  signatureMode: 'none' | 'valid' | 'tampered' | 'other-token' | 'random';
  /** Built from the parts above by `toRequest`; kept for the failure report. */
  describe: string;
}

const FORM = 'application/x-www-form-urlencoded';

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '%', '%00', '../..', '-1', '10', ' 1', '１', '٣', 'null', 'undefined', '<Say>', ']]>', '&amp;', '\u0000', '\ud800'),
);

export function fuzzRequest(flow: Flow): fc.Arbitrary<FuzzRequest> {
  const lines = Object.keys(flow.lines);
  const nodes = Object.keys(flow.nodes);
  const languages = Object.keys(flow.languages);
  const numbers = Object.values(flow.lines).map((l) => l.number);

  const validState = fc.record({
    line: fc.constantFrom(...lines),
    node: fc.constantFrom(...nodes),
    lang: fc.constantFrom(...languages),
    tries: fc.integer({ min: 0, max: 9 }).map(String),
  });
  const tamperedState = fc.record(
    {
      line: fc.oneof(fc.constantFrom(...lines), anyText),
      node: fc.oneof(fc.constantFrom(...nodes), anyText),
      lang: fc.oneof(fc.constantFrom(...languages), anyText),
      tries: fc.oneof(fc.integer({ min: -5, max: 99 }).map(String), anyText),
    },
    { requiredKeys: [] },
  );
  const query = fc.oneof(
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: validState.map((s) => `?${new URLSearchParams(s)}`), weight: 5 },
    { arbitrary: tamperedState.map((s) => `?${new URLSearchParams(s as Record<string, string>)}`), weight: 3 },
    { arbitrary: fc.tuple(validState, validState).map(([a, b]) => `?${new URLSearchParams(a)}&${new URLSearchParams(b)}`), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => `?${s}`), weight: 1 },
  );
  const path = fc.oneof(
    { arbitrary: fc.constantFrom(...ROUTE_PATHS), weight: 12 },
    { arbitrary: fc.constantFrom(STATUS_PATH, SMS_STATUS_PATH), weight: 1 },
    { arbitrary: fc.constantFrom('/api/voice/', '/api/voice/continue/', '/api/voice//', '/API/VOICE', '/api/voice/continue/more', '/', '/api/status', '/api/voice/../voice'), weight: 2 },
  );
  const method = fc.oneof(
    { arbitrary: fc.constant('POST'), weight: 12 },
    { arbitrary: fc.constant('GET'), weight: 4 },
    { arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 1 },
  );
  const digits = fc.oneof(
    fc.constantFrom('0', '1', '2', '3', '4', '5', '9', '*', '#', ''),
    fc.stringMatching(/^[0-9*#]{2,12}$/),
    anyText,
  );
  const to = fc.oneof(fc.constantFrom(...numbers, '+15005550006', '+390000000000', 'sip:ivr@example.com', 'client:alice', 'anonymous'), anyText);
  const params = fc
    .tuple(
      fc.record(
        {
          CallSid: fc.oneof(fc.constant(CALL_SID), fc.stringMatching(/^CA[0-9a-f]{32}$/), anyText),
          AccountSid: fc.constant('AC3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b'),
          From: fc.oneof(fc.constant('+393401234567'), to),
          To: to,
          Called: to,
          CallStatus: fc.constantFrom('ringing', 'in-progress', 'completed', ''),
          Digits: digits,
          // Speech in any script: Latin, Arabic, Devanagari, CJK, emoji, combining marks.
          SpeechResult: fc.string({ unit: 'grapheme', maxLength: 80 }),
          Confidence: fc.oneof(fc.constant('0.93'), anyText),
          DialCallStatus: fc.oneof(fc.constantFrom('completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled', ''), anyText),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(anyText, anyText, { maxKeys: 4 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }) as Record<string, string>);

  const body = fc.oneof(
    { arbitrary: params.map((p) => ({ type: FORM, text: new URLSearchParams(p).toString() })), weight: 10 },
    { arbitrary: params.map((p) => ({ type: `${FORM}; charset=UTF-8`, text: new URLSearchParams(p).toString() })), weight: 1 },
    { arbitrary: params.map((p) => ({ type: 'application/json', text: JSON.stringify(p) })), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 120 }).map((text) => ({ type: FORM, text })), weight: 1 }, // malformed percent-encoding and all
    { arbitrary: fc.record({ type: fc.constantFrom(FORM, 'text/plain', ''), bytes: fc.uint8Array({ maxLength: 200 }) }), weight: 1 }, // not UTF-8
    { arbitrary: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'garbage/;;;', '').map((type) => ({ type, text: 'Digits=2&To=%2B390237921240' })), weight: 1 },
    { arbitrary: fc.integer({ min: MAX_BODY_BYTES - 20, max: MAX_BODY_BYTES + 4096 }).map((n) => ({ type: FORM, text: `Digits=${'1'.repeat(n - 7)}` })), weight: 1 },
  );
  const lyingLength = fc.option(fc.constantFrom(String(MAX_BODY_BYTES + 1), '999999999', '-1', 'abc', '0'), { freq: 12 });
  const origin = fc.constantFrom('http://localhost:7071', 'http://127.0.0.1:7071', 'https://ivr.klarna-italia.example');
  const signatureMode = fc.oneof(
    { arbitrary: fc.constant<FuzzRequest['signatureMode']>('valid'), weight: 6 },
    { arbitrary: fc.constantFrom<FuzzRequest['signatureMode']>('none', 'tampered', 'other-token', 'random'), weight: 4 },
  );

  return fc
    .record({ method, origin, path, query, body, lyingLength, signatureMode, randomSignature: fc.string({ maxLength: 40 }) })
    .map((g) => {
      const url = new URL(`${g.origin}${g.path}${g.query}`).toString();
      const hasBody = g.method !== 'GET' && g.method !== 'HEAD';
      const bytes = 'bytes' in g.body ? g.body.bytes : new TextEncoder().encode(g.body.text);
      const headers: Record<string, string> = {};
      if (g.body.type) headers['content-type'] = g.body.type;
      if (g.lyingLength !== null) headers['content-length'] = g.lyingLength;
      // What Twilio signs: the URL, plus the form parameters of a POST.
      const formParams =
        g.method === 'POST' && g.body.type.split(';')[0]?.trim().toLowerCase() === FORM ? Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes))) : {};
      const signFor = (token: string, signedUrl: string) => getExpectedTwilioSignature(token, signedUrl, formParams);
      let finalUrl = url;
      switch (g.signatureMode) {
        case 'valid':
          headers['x-twilio-signature'] = signFor(TOKEN, url);
          break;
        case 'tampered':
          headers['x-twilio-signature'] = signFor(TOKEN, url);
          finalUrl = `${url}${url.includes('?') ? '&' : '?'}tries=0`;
          break;
        case 'other-token':
          headers['x-twilio-signature'] = signFor('not-the-token-0123456789abcdef01', url);
          break;
        case 'random':
          headers['x-twilio-signature'] = g.randomSignature.replace(/[^\x20-\x7e]/g, '');
          break;
        case 'none':
          break;
      }
      return {
        method: g.method,
        url: finalUrl,
        headers,
        body: hasBody ? bytes : undefined,
        signatureMode: g.signatureMode,
        describe: `${g.method} ${finalUrl} [${g.signatureMode}] ${JSON.stringify(headers)} body(${bytes.length}): ${new TextDecoder().decode(bytes.slice(0, 300))}`,
      };
    });
}

export function toRequest(r: FuzzRequest): Request {
  return new Request(r.url, { method: r.method, headers: r.headers, body: r.body as Uint8Array<ArrayBuffer> | undefined });
}

/** The status a request must get: 404/405/413/403 refusals, in the order the app applies them, else 200 (204 from the status callbacks). */
export function expectedStatus(r: FuzzRequest, checkingOn: boolean): number {
  const path = new URL(r.url).pathname.replace(/\/+$/, '');
  if (!ROUTE_PATHS.includes(path) && path !== STATUS_PATH && path !== SMS_STATUS_PATH) return 404;
  if (r.method !== 'POST' && (r.method !== 'GET' || path === SMS_STATUS_PATH)) return 405;
  const declared = Number(r.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES || (r.body?.length ?? 0) > MAX_BODY_BYTES) return 413;
  if (checkingOn && r.signatureMode !== 'valid') return 403;
  return path === STATUS_PATH || path === SMS_STATUS_PATH ? 204 : 200;
}
