import { twilioCredentials, type TwilioCredentials } from './credentials';
import type { SmsSettings } from './smsSender';
import { isE164 } from '../config/phoneNumber';
import { SettingsError } from '../config/settingsError';

/** Everything the chat-link SMS needs, read from app settings at start-up. */
export interface SmsConfig extends SmsSettings {
  credentials: TwilioCredentials;
}

export const DEFAULT_SMS_TIMEOUT_MS = 3000;

/**
 * The start-up line of a host whose callers are offered no chat-link SMS (npm start, the functions entry):
 * a caller offered none should not come as a surprise. `why` says what turned it off, `turnOn` what would not.
 */
export function smsOffLine(why: string, turnOn: string): string {
  return `Chat-link SMS: off (${why}): callers are not offered the links by SMS. ${turnOn}`;
}

/**
 * IVR_SMS_FROM turns the SMS offer on; without it the offer is never made.
 * Throws a SettingsError (with what to set) when the rest is missing: REST credentials, and
 * signed webhooks, since an open webhook would let anyone make the app text
 * any mobile number at the account's cost.
 */
export function smsConfigFrom(env: Readonly<Record<string, string | undefined>>, webhooksSigned: boolean): SmsConfig | undefined {
  const from = env.IVR_SMS_FROM?.trim();
  if (!from) return undefined;
  if (!isE164(from) && !/^MG[0-9a-fA-F]{32}$/.test(from) && !/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(from)) {
    throw new SettingsError(`IVR_SMS_FROM is "${from}"`, 'give a Twilio number that can send SMS (E.164, e.g. +393123456789), an alphanumeric sender ID of up to 11 letters and digits (e.g. Klarna), or a Messaging Service SID (MG...)');
  }
  const rawTimeout = env.IVR_SMS_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_SMS_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 500 || timeoutMs > 10_000) {
    throw new SettingsError(`IVR_SMS_TIMEOUT_MS is "${rawTimeout}"`, `give milliseconds from 500 to 10000 (default ${DEFAULT_SMS_TIMEOUT_MS}): the caller waits on the line, and Twilio gives a webhook 15 s in all`);
  }
  const credentials = twilioCredentials(env);
  if (!credentials) {
    throw new SettingsError(
      "IVR_SMS_FROM is set, so the app sends SMS with Twilio's REST API, and no credentials for it are set",
      'set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), or unset IVR_SMS_FROM',
    );
  }
  if (!webhooksSigned) {
    throw new SettingsError(
      'IVR_SMS_FROM is set but Twilio signatures are not checked (no TWILIO_AUTH_TOKEN, or TWILIO_SIGNATURE_VALIDATION=off): anyone could then make this app text any mobile number at your cost',
      'set TWILIO_AUTH_TOKEN and keep TWILIO_SIGNATURE_VALIDATION=on, or unset IVR_SMS_FROM',
    );
  }
  return { from, timeoutMs, credentials };
}
