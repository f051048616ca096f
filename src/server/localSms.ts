import { defaultLineNumber, SettingsError, type Settings } from '../config/settings';
import { splitUrl, textResponse, type PlainHandler } from '../http/plainHttp';
import type { Flow } from '../flow/schema';
import type { SmsSender } from '../twilio/smsSender';
import { twilioCredentials } from '../twilio/credentials';
import { simulateSms, type SimulatedMessage, type SimulatedSmsResult } from '../twilio/simulatedSms';
import { smsOffLine } from '../twilio/smsSettings';
import { listed } from '../text/listed';

// The chat-link SMS of the local host (`npm start`). A local host with no
// real SMS set up (IVR_SMS_FROM with Twilio credentials) texts the simulated
// Messages API, as an in-process `ivr call` does, so a call from
// `ivr call --url` against it hears the same offer and the same "sent":
// nothing ever leaves the machine. The host files each message under the
// call that asked for it and shows them at LOCAL_SMS_PATH?callSid=CA...,
// where `ivr call --url` reads them once the call is over (the webhooks'
// answers say where, so no other app is ever asked). IVR_LOCAL_SMS
// chooses: simulated (each message accepted), failed (each refused, Twilio
// error 21610), twilio (real messages: needs IVR_SMS_FROM and credentials),
// off (no sender, so no offer). Default: twilio when IVR_SMS_FROM is set up;
// off when Twilio REST credentials or PUBLIC_BASE_URL say real calls may
// come (through a tunnel); else simulated.

const LOCAL_SMS_PATH = '/local/sms';

const MODES = ['simulated', 'failed', 'twilio', 'off'] as const;
export type LocalSmsMode = (typeof MODES)[number];

/** The messages of the calls this host answered, newest calls kept. */
export interface SmsOutbox {
  add(callSid: string, message: SimulatedMessage): void;
  of(callSid: string): SimulatedMessage[];
}

/** How many calls' messages a host keeps: enough for any test run, bounded for a host left running. */
const CALLS_KEPT = 200;

function smsOutbox(): SmsOutbox {
  const byCall = new Map<string, SimulatedMessage[]>();
  return {
    add(callSid, message) {
      const list = byCall.get(callSid) ?? [];
      byCall.delete(callSid); // re-inserted last: the map's order is the calls' recency
      byCall.set(callSid, [...list, message]);
      if (byCall.size > CALLS_KEPT) byCall.delete(byCall.keys().next().value as string);
    },
    of: (callSid) => byCall.get(callSid) ?? [],
  };
}

export function localSmsMode(settings: Settings): LocalSmsMode {
  const raw = settings.env.IVR_LOCAL_SMS?.trim().toLowerCase();
  if (!raw) {
    if (settings.sms) return 'twilio';
    // REST credentials or a public origin (a tunnel) mean real calls may come: they get no offer, as before, unless asked.
    return twilioCredentials(settings.env) || settings.publicBaseUrl ? 'off' : 'simulated';
  }
  if (!(MODES as readonly string[]).includes(raw)) {
    throw new SettingsError(`IVR_LOCAL_SMS is "${settings.env.IVR_LOCAL_SMS}"`, 'set it to simulated, failed, twilio or off (or leave it unset: simulated on a host with no Twilio credentials and no PUBLIC_BASE_URL)');
  }
  if (raw === 'twilio' && !settings.sms) throw new SettingsError('IVR_LOCAL_SMS=twilio sends real messages, from IVR_SMS_FROM, which is not set', 'set IVR_SMS_FROM and the Twilio credentials too, or use IVR_LOCAL_SMS=simulated');
  return raw as LocalSmsMode;
}

/** The line `npm start` prints about the chat-link SMS: a caller offered no SMS should not come as a surprise. */
export function localSmsDescription(settings: Settings): string {
  const mode = localSmsMode(settings);
  const chosen = settings.env.IVR_LOCAL_SMS?.trim() ? `IVR_LOCAL_SMS=${mode}` : `IVR_LOCAL_SMS unset: ${mode}`;
  switch (mode) {
    case 'simulated':
    case 'failed':
      return `Chat-link SMS: a simulated Messages API (${chosen}); nothing is sent. \`ivr call --url\` prints each call's messages.`;
    case 'twilio':
      return `Chat-link SMS: real messages through Twilio from ${settings.sms?.from} (${chosen}).`;
    case 'off':
      return smsOffLine(`${chosen}${settings.env.IVR_LOCAL_SMS?.trim() ? '' : `, as ${whyOff(settings)} without IVR_SMS_FROM`}`, 'Set IVR_LOCAL_SMS=simulated to hear the offer with nothing sent.');
  }
}

/** Which of the settings that turn the SMS off by default (localSmsMode) are set: "PUBLIC_BASE_URL is set", "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set"… */
function whyOff(settings: Settings): string {
  const credentials = twilioCredentials(settings.env);
  const set = [
    ...(settings.publicBaseUrl ? ['PUBLIC_BASE_URL'] : []),
    ...(credentials?.kind === 'auth-token' ? ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] : []),
    ...(credentials?.kind === 'api-key' ? ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET'] : []),
  ];
  return `${listed(set)} ${set.length > 1 ? 'are' : 'is'} set`;
}

export interface LocalSms {
  /** The settings the app runs with: the SMS on the simulated account, or off. */
  settings: Settings;
  /** The simulated sender for createApp; undefined when the settings' own sender (or none) applies. */
  sendSms?: SmsSender;
  /** Where simulated messages are filed; undefined when none are simulated. */
  outbox?: SmsOutbox;
}

/**
 * The SMS set-up of a local host. `flow` gives the sender when IVR_SMS_FROM
 * is not set: the default line's number, as a call to it would show.
 */
export function localSms(settings: Settings, flow: () => Flow): LocalSms {
  const mode = localSmsMode(settings);
  if (mode === 'twilio') return { settings };
  if (mode === 'off') return { settings: { ...settings, sms: undefined } };
  const result: SimulatedSmsResult = mode === 'failed' ? 'failed' : 'sent';
  const outbox = smsOutbox();
  const from = () => defaultLineNumber(flow());
  // One simulated API per message, so each message is filed under its own call however many calls run at once.
  const sendSms: SmsSender = (to, body, call) =>
    simulateSms(settings, result, from(), (message) => outbox.add(call?.callSid ?? '', message)).sendSms(to, body);
  return { settings: simulateSms(settings, result, '').settings, sendSms, outbox };
}

/** The header on the webhooks' answers of a host that files simulated messages: where to read them (any other app stays unasked). */
export const LOCAL_SMS_HEADER = 'x-ivr-local-sms';

/**
 * Answers GET LOCAL_SMS_PATH?callSid=CA... with that call's messages, and
 * says so on every webhook answer (LOCAL_SMS_HEADER); everything else goes
 * to `handle`.
 */
export function withSmsOutbox(handle: PlainHandler, outbox: SmsOutbox | undefined): PlainHandler {
  if (!outbox) return handle;
  return async (request) => {
    const { path, query } = splitUrl(request.url);
    if (path.startsWith('/api/')) {
      const answer = await handle(request);
      return { ...answer, headers: { ...answer.headers, [LOCAL_SMS_HEADER]: LOCAL_SMS_PATH } };
    }
    if (path !== LOCAL_SMS_PATH) return handle(request);
    if (request.method !== 'GET') return textResponse(405, 'Method not allowed', { allow: 'GET' });
    const callSid = new URLSearchParams(query).get('callSid') ?? '';
    if (!/^CA[0-9a-zA-Z]{32}$/.test(callSid)) return textResponse(400, `give ?callSid=CA... (34 characters), e.g. ${LOCAL_SMS_PATH}?callSid=CA${'0'.repeat(32)}`);
    const body = JSON.stringify({ callSid, messages: outbox.of(callSid) });
    return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body };
  };
}
