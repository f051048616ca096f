import { afterAll, afterEach, beforeAll } from 'vitest';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';

// Twilio's REST API as msw handlers: the resources `ivr provision` and the SMS
// sender use, with the JSON Twilio sends (snake_case records, list pages,
// error bodies with code / message / more_info / status), Basic auth checked
// as Twilio checks it, and helpers for the failures it can answer with.

export const API = 'https://api.twilio.com/2010-04-01';
export const ACCOUNT_SID = `AC${'1a'.repeat(16)}`;
export const AUTH_TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';
export const API_KEY = `SK${'2b'.repeat(16)}`;
export const API_SECRET = 'api-key-secret-from-the-console';

/** App settings that give the REST client these credentials. */
export const CREDENTIALS = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  authorization: string | null;
}

type NumberRecord = Record<string, unknown> & { sid: string; phone_number: string };
type MessageRecord = Record<string, unknown> & { sid: string };

let sequence = 0;
const sid = (prefix: string) => `${prefix}${(++sequence).toString(16).padStart(32, '0')}`;
const rfc2822 = 'Tue, 24 Nov 2026 10:00:00 +0000';

export function fakeTwilio() {
  const numbers = new Map<string, NumberRecord>();
  const messages: MessageRecord[] = [];
  const requests: Recorded[] = [];

  const record = async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.clone().text() : '';
    requests.push({ method: request.method, path: url.pathname, query: url.searchParams, form: new URLSearchParams(body), authorization: request.headers.get('authorization') });
  };

  /** Twilio's Basic auth: the account SID or an API key SID as user, the auth token or the key's secret as password. */
  const authorised = (request: Request, account: string) => {
    const header = request.headers.get('authorization') ?? '';
    const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    const valid = (user === ACCOUNT_SID && password === AUTH_TOKEN) || (user === API_KEY && password === API_SECRET);
    return valid && account === ACCOUNT_SID;
  };

  const handlers: HttpHandler[] = [
    http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, async ({ request, params }) => {
      await record(request);
      if (!authorised(request, params.account as string)) return twilioError(401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      const url = new URL(request.url);
      const wanted = url.searchParams.get('PhoneNumber');
      const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
      const all = [...numbers.values()].filter((n) => wanted === null || n.phone_number === wanted).slice(0, pageSize);
      const uri = `${url.pathname}${url.search}`;
      return HttpResponse.json({
        first_page_uri: uri,
        end: Math.max(0, all.length - 1),
        previous_page_uri: null,
        incoming_phone_numbers: all,
        uri,
        page_size: pageSize,
        start: 0,
        next_page_uri: null,
        page: 0,
      });
    }),
    http.post(`${API}/Accounts/:account/IncomingPhoneNumbers/:sid`, async ({ request, params }) => {
      await record(request);
      if (!authorised(request, params.account as string)) return twilioError(401, 20003, 'Authenticate');
      const numberSid = String(params.sid).replace(/\.json$/, '');
      const number = numbers.get(numberSid);
      if (!number) return twilioError(404, 20404, `The requested resource ${new URL(request.url).pathname} was not found`);
      const form = new URLSearchParams(await request.text());
      const fields: Record<string, string> = {
        VoiceUrl: 'voice_url',
        VoiceMethod: 'voice_method',
        VoiceFallbackUrl: 'voice_fallback_url',
        VoiceFallbackMethod: 'voice_fallback_method',
        StatusCallback: 'status_callback',
        StatusCallbackMethod: 'status_callback_method',
        VoiceApplicationSid: 'voice_application_sid',
      };
      for (const [param, field] of Object.entries(fields)) {
        const value = form.get(param);
        if (value !== null) number[field] = value === '' && field === 'voice_application_sid' ? null : value;
      }
      number.date_updated = rfc2822;
      return HttpResponse.json(number);
    }),
    http.post(`${API}/Accounts/:account/Messages.json`, async ({ request, params }) => {
      await record(request);
      if (!authorised(request, params.account as string)) return twilioError(401, 20003, 'Authenticate');
      const form = new URLSearchParams(await request.text());
      const to = form.get('To') ?? '';
      const from = form.get('From');
      const service = form.get('MessagingServiceSid');
      if (!/^\+[1-9][0-9]{6,14}$/.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
      if (!from && !service) return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
      if (!form.get('Body')) return twilioError(400, 21602, 'Message body is required.');
      const message: MessageRecord = {
        account_sid: ACCOUNT_SID,
        api_version: '2010-04-01',
        body: form.get('Body'),
        date_created: rfc2822,
        date_sent: null,
        date_updated: rfc2822,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: from ?? null,
        messaging_service_sid: service ?? null,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: sid('SM'),
        status: service ? 'accepted' : 'queued',
        subresource_uris: {},
        to,
        uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM.json`,
      };
      messages.push(message);
      return HttpResponse.json(message, { status: 201 });
    }),
  ];

  /** A number in the account, as Twilio lists it; `overrides` in snake_case like the API. */
  function addNumber(phoneNumber: string, overrides: Record<string, unknown> = {}): NumberRecord {
    const numberSid = sid('PN');
    const number: NumberRecord = {
      account_sid: ACCOUNT_SID,
      address_requirements: 'none',
      address_sid: null,
      api_version: '2010-04-01',
      beta: false,
      capabilities: { voice: true, sms: true, mms: false, fax: false },
      date_created: rfc2822,
      date_updated: rfc2822,
      emergency_status: 'Inactive',
      emergency_address_sid: null,
      emergency_address_status: 'unregistered',
      friendly_name: phoneNumber,
      identity_sid: null,
      origin: 'twilio',
      phone_number: phoneNumber,
      sid: numberSid,
      sms_application_sid: '',
      sms_fallback_method: 'POST',
      sms_fallback_url: '',
      sms_method: 'POST',
      sms_url: 'https://demo.twilio.com/welcome/sms/reply',
      status_callback: '',
      status_callback_method: 'POST',
      trunk_sid: null,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${numberSid}.json`,
      voice_receive_mode: 'voice',
      voice_application_sid: null,
      voice_caller_id_lookup: false,
      voice_fallback_method: 'POST',
      voice_fallback_url: null,
      voice_method: 'POST',
      voice_url: 'https://demo.twilio.com/welcome/voice/',
      bundle_sid: null,
      status: 'in-use',
      subresource_uris: {},
      ...overrides,
    };
    numbers.set(numberSid, number);
    return number;
  }

  return { handlers, numbers, messages, requests, addNumber };
}

/**
 * Twilio's REST API played by msw for one test file: listening before the
 * tests, no request let out (onUnhandledRequest: 'error'), the handlers and
 * what was recorded reset after each test, closed after all.
 */
export function fakeTwilioDuringSuite(): { twilio: ReturnType<typeof fakeTwilio>; server: SetupServer } {
  const twilio = fakeTwilio();
  const server = setupServer(...twilio.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    twilio.numbers.clear();
    twilio.requests.length = 0;
    twilio.messages.length = 0;
  });
  afterAll(() => server.close());
  return { twilio, server };
}

/** An error exactly as Twilio's REST API writes one. */
export function twilioError(status: number, code: number, message: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, { status, headers });
}

/** 429 with the Retry-After Twilio sends when an account is over its request rate. */
export const tooManyRequests = (retryAfterSeconds: number) => twilioError(429, 20429, 'Too Many Requests', { 'Retry-After': String(retryAfterSeconds) });

/** A body that is not the API's JSON, e.g. a proxy's error page. */
export const htmlPage = (status: number) => HttpResponse.text('<html><body><h1>502 Bad Gateway</h1></body></html>', { status, headers: { 'content-type': 'text/html' } });
