import { DateTime } from 'luxon';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { Flow } from '../../src/flow/schema';
import { simulateCall, type CallerAction, type DialStatus } from '../../src/simulator';
import { ACCOUNT_SID, AUTH_TOKEN } from './fakeTwilio';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';

// A call through the real webhook code, with Twilio played by the simulator
// (down to the final status callback) and the REST API by msw (the test file
// sets that up), and every log line kept. The app serves the fixed copy of
// the menu (test/support/fixedMenu.ts) unless a test gives its own flow: the
// tests quote its offer, goodbye and hours, which a menu edit does not reach.

export const ORIGIN = 'https://klarna-ivr.azurewebsites.net';
export const CONSUMER_LINE = '+390237921240';
export const MOBILE = '+393401234567';
export const SMS_FROM = '+393123456789';
export const SATURDAY = '2026-11-28T11:00';
export const WEEKDAY_OPEN = '2026-11-24T10:00';

/** App settings with the SMS on: signed webhooks, REST credentials, a sender. */
export const SMS_ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, IVR_SMS_FROM: SMS_FROM, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS };

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export function recordingLogger() {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message: string) => lines.push({ level: 'info', message }),
    warn: (message: string) => lines.push({ level: 'warn', message }),
    error: (message: string) => lines.push({ level: 'error', message }),
    /** The JSON log lines of one event, parsed. */
    events: (event: string) => lines.flatMap((l) => (l.message.startsWith(`{"event":"${event}"`) ? [{ level: l.level, ...JSON.parse(l.message) }] : [])),
  };
}

export interface CallOptions {
  at: string;
  from?: string;
  to?: string;
  press: (string | CallerAction)[];
  env?: Record<string, string>;
  /** The account Twilio reports the call on; a simulated call on another account gets no SMS. */
  accountSid?: string;
  dialStatus?: DialStatus;
  /** The flow the app serves; default the fixed copy of the menu. */
  flow?: Flow;
  /** Each request reaches the app as http, though Twilio called (and signed) https: Azure's front end ends TLS. */
  behindTlsFrontEnd?: boolean;
  /** The second of the call at which the caller hangs up, wherever the call is then (`ivr call --hangup-at`). */
  hangupAt?: number;
}

export async function call(options: CallOptions) {
  const logger = recordingLogger();
  const instant = DateTime.fromISO(options.at, { zone: 'Europe/Rome' });
  const settings = readSettings(options.env ?? SMS_ENV);
  const app = createApp({ settings, flow: options.flow ?? fixedFlow(), clock: () => instant, logger });
  const origin = settings.publicBaseUrl ?? ORIGIN;
  const result = await simulateCall({
    url: `${origin}/api/voice`,
    // As the number is provisioned: Twilio reports the finished call there, and the app writes its ivr.call line.
    statusCallback: `${origin}/api/voice/status`,
    // The call begins at the app's instant: the status callback's Timestamp is that plus its duration.
    startedAt: instant.toJSDate(),
    transport: options.behindTlsFrontEnd ? (request) => app.handle({ ...request, url: request.url.replace(/^https:/, 'http:') }) : app.handle,
    call: { to: options.to ?? CONSUMER_LINE, from: options.from ?? MOBILE, accountSid: options.accountSid ?? ACCOUNT_SID },
    caller: options.press.map((p) => (typeof p !== 'string' ? p : p === '-' ? { silence: true as const } : { digits: p })),
    dial: () => ({ status: options.dialStatus ?? 'completed', durationSeconds: options.dialStatus === 'completed' || !options.dialStatus ? 60 : 0 }),
    authToken: settings.validateSignatures ? settings.authToken : undefined,
    ...(options.hangupAt !== undefined ? { hangupAt: options.hangupAt } : {}),
  });
  const said = result.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : []));
  return { ...result, said, heard: said.join(' '), logger, app };
}
