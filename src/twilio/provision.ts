import type { TwilioClient } from './restClient';
import { shortSid } from './credentials';
import { MalformedResponseError } from './twilioFailure';

// `ivr provision`'s work, apart from printing: what a number's voice settings
// should be for a function app, how they differ from what Twilio has, finding
// the number in the account and changing it.

/** The app's routes a number points at (test/twilio/provision.test.ts checks them against the route table). */
export const VOICE_PATH = '/api/voice';
export const STATUS_PATH = '/api/voice/status';

/** A number's voice settings, as the Twilio console shows them. An empty string is "not set". */
export interface VoiceConfig {
  voiceUrl: string;
  voiceMethod: string;
  voiceFallbackUrl: string;
  voiceFallbackMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
  /** A TwiML App on the number overrides all the URLs above, so provisioning clears it. */
  voiceApplicationSid: string;
}

export interface PhoneNumber extends VoiceConfig {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  /** A number on a SIP trunk sends its calls to the trunk, whatever its URLs say. */
  trunkSid: string;
  voiceCapable: boolean;
}

/** A usage problem (exit 2) or a state of the account the user must fix (exit 1), said plainly. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const LABELS: Record<keyof VoiceConfig, string> = {
  voiceUrl: 'A call comes in (voice URL)',
  voiceMethod: 'voice URL method',
  voiceFallbackUrl: 'Primary handler fails (fallback URL)',
  voiceFallbackMethod: 'fallback URL method',
  statusCallback: 'Call status changes (status callback)',
  statusCallbackMethod: 'status callback method',
  voiceApplicationSid: 'TwiML App (overrides the URLs)',
};

/** The voice settings that send a number's calls to the function app at `baseUrl`. */
export function targetConfig(baseUrl: string, options: { allowHttp?: boolean; fallbackUrl?: string } = {}): VoiceConfig {
  const base = appBaseUrl(baseUrl, options.allowHttp === true);
  const voiceUrl = `${base}${VOICE_PATH}`;
  // By default the fallback is the same start URL: Twilio tries it when the
  // first request fails or times out, which on a consumption plan is most often
  // a cold start that a second request finds over.
  const voiceFallbackUrl = options.fallbackUrl === undefined ? voiceUrl : fallbackUrl(options.fallbackUrl, options.allowHttp === true);
  return {
    voiceUrl,
    voiceMethod: 'POST',
    voiceFallbackUrl,
    voiceFallbackMethod: 'POST',
    statusCallback: `${base}${STATUS_PATH}`,
    statusCallbackMethod: 'POST',
    voiceApplicationSid: '',
  };
}

/**
 * The function app's base URL: an origin alone. The app answers at the root of
 * its host (its menus send callers on to /api/voice/continue), so a path in
 * front would take the first request and lose every later one.
 */
function appBaseUrl(text: string, allowHttp: boolean): string {
  const url = new URL(checkedUrl(text, allowHttp, 'the app URL'));
  const path = url.pathname.replace(/\/+$/, '');
  if (path) {
    const api = path.toLowerCase().indexOf('/api');
    const without = api >= 0 ? path.slice(api) : path;
    throw new ProvisionError(
      `give the function app's base URL, without ${without}: e.g. ${url.origin}; "${VOICE_PATH}" and "${STATUS_PATH}" are added to it, and the app answers only at the root of its host`,
      2,
    );
  }
  return url.origin;
}

/** --fallback-url: a base URL (a second deployment) gets the webhook's path, like the app URL; any other URL is taken as it is. */
function fallbackUrl(text: string, allowHttp: boolean): string {
  const url = new URL(checkedUrl(text, allowHttp, '--fallback-url'));
  return url.pathname === '/' ? `${url.origin}${VOICE_PATH}` : url.href;
}

function checkedUrl(text: string, allowHttp: boolean, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProvisionError(`${what} "${text}" is not a URL; give the function app's address, e.g. https://my-ivr.azurewebsites.net`, 2);
  }
  if (url.protocol === 'http:' && !allowHttp) {
    throw new ProvisionError(
      `${what} "${text}" is http: Twilio would send callers' key presses and the request signatures unencrypted. Use the https address (every Azure function app has one), or pass --allow-http for a local tunnel you trust.`,
      2,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ProvisionError(`${what} "${text}" must start with https://`, 2);
  if (url.username || url.password) throw new ProvisionError(`${what} carries a user name or password; leave them out: the app checks Twilio's signature instead`, 2);
  if (url.search || url.hash) throw new ProvisionError(`${what} "${text}" has a query or fragment; give the address alone`, 2);
  if (/^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i.test(url.hostname)) {
    throw new ProvisionError(`${what} "${text}" is this machine: Twilio cannot reach it. Expose the local host with a tunnel (e.g. ngrok http 7071) and give the tunnel's public URL.`, 2);
  }
  return url.toString().replace(/\/$/, '');
}

export interface Change {
  field: keyof VoiceConfig;
  label: string;
  from: string;
  to: string;
}

/** The settings that differ, in the console's order. */
export function changesBetween(current: VoiceConfig, target: VoiceConfig): Change[] {
  return (Object.keys(LABELS) as (keyof VoiceConfig)[])
    .filter((field) => normalise(field, current[field]) !== normalise(field, target[field]))
    .map((field) => ({ field, label: LABELS[field], from: current[field], to: target[field] }));
}

function normalise(field: keyof VoiceConfig, value: string): string {
  return field.endsWith('Method') ? value.toUpperCase() || 'POST' : value;
}

/** The number in the account, or a ProvisionError that lists the numbers the account does have. */
export async function findNumber(client: TwilioClient, number: string): Promise<PhoneNumber> {
  const matches = await client.incomingPhoneNumbers.list({ phoneNumber: number, limit: 20 });
  const found = matches.map(toPhoneNumber).find((n) => n.phoneNumber === number);
  if (found) return found;
  const some = (await client.incomingPhoneNumbers.list({ limit: 20 })).map(toPhoneNumber);
  const account = shortSid(client.accountSid);
  if (some.length === 0) {
    throw new ProvisionError(`${number} is not in account ${account}, which has no phone numbers at all. Buy one in the Twilio console (Phone Numbers > Buy a number), or use the credentials of the account that has it.`);
  }
  const listed = some.map((n) => n.phoneNumber).join(', ');
  throw new ProvisionError(
    `${number} is not in account ${account}. Its numbers${some.length === 20 ? ' (the first 20)' : ''}: ${listed}. Check the number (E.164, with the country code), or the credentials: a number in a subaccount needs that subaccount's TWILIO_ACCOUNT_SID.`,
  );
}

/** Sets the voice configuration; returns the number as Twilio now has it. */
export async function updateNumber(client: TwilioClient, sid: string, target: VoiceConfig): Promise<PhoneNumber> {
  return toPhoneNumber(await client.incomingPhoneNumbers(sid).update({ ...target }));
}

/** Why this number cannot take the app's calls whatever its URLs, if it cannot. */
export function blockers(number: PhoneNumber): string[] {
  const problems: string[] = [];
  if (!number.voiceCapable) problems.push(`${number.phoneNumber} cannot receive voice calls (its capabilities have voice: false); use a voice-capable number`);
  if (number.trunkSid) {
    problems.push(`${number.phoneNumber} is attached to SIP trunk ${number.trunkSid}, so Twilio sends its calls to the trunk and ignores voice URLs; remove it from the trunk (Elastic SIP Trunking > Numbers) first`);
  }
  return problems;
}

function toPhoneNumber(raw: unknown): PhoneNumber {
  const r = (raw ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof r[key] === 'string' ? (r[key] as string) : '');
  if (!/^PN[0-9a-fA-F]{32}$/.test(text('sid')) || !text('phoneNumber').startsWith('+')) {
    throw new MalformedResponseError(`a phone number record without a PN sid or an E.164 phone_number: ${JSON.stringify(raw)?.slice(0, 160)}`);
  }
  const capabilities = (r.capabilities ?? {}) as { voice?: unknown };
  return {
    sid: text('sid'),
    phoneNumber: text('phoneNumber'),
    friendlyName: text('friendlyName'),
    trunkSid: text('trunkSid'),
    voiceCapable: capabilities.voice !== false,
    voiceUrl: text('voiceUrl'),
    voiceMethod: text('voiceMethod'),
    voiceFallbackUrl: text('voiceFallbackUrl'),
    voiceFallbackMethod: text('voiceFallbackMethod'),
    statusCallback: text('statusCallback'),
    statusCallbackMethod: text('statusCallbackMethod'),
    voiceApplicationSid: text('voiceApplicationSid'),
  };
}
