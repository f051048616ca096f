// Credentials for Twilio's REST API, from app settings. Only what uses the REST
// API (the SMS with the chat links, `ivr provision`) needs them; the webhooks
// need nothing but TWILIO_AUTH_TOKEN to check signatures.

import { SettingsError } from '../config/settingsError';

export type TwilioCredentials =
  | { kind: 'auth-token'; accountSid: string; authToken: string }
  | { kind: 'api-key'; accountSid: string; apiKey: string; apiSecret: string };

/** Settings for the REST API that are incomplete or malformed: a SettingsError, so the app's start-up and `ivr lint` say the fix apart, as for any setting. */
export class CredentialsError extends SettingsError {
  override name = 'CredentialsError';
}

const WHERE = 'in the Twilio console (Account > API keys & tokens)';

/**
 * TWILIO_ACCOUNT_SID with either TWILIO_API_KEY + TWILIO_API_SECRET (preferred:
 * an API key can be revoked alone) or TWILIO_AUTH_TOKEN. Undefined when no REST
 * setting is given at all; CredentialsError, saying what to set, when they are
 * incomplete or malformed.
 */
export function twilioCredentials(env: Readonly<Record<string, string | undefined>>): TwilioCredentials | undefined {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() || undefined;
  const apiKey = env.TWILIO_API_KEY?.trim() || undefined;
  const apiSecret = env.TWILIO_API_SECRET?.trim() || undefined;
  const authToken = env.TWILIO_AUTH_TOKEN?.trim() || undefined;
  if (!accountSid && !apiKey && !apiSecret) return undefined;
  if (!accountSid) {
    throw new CredentialsError('TWILIO_API_KEY and TWILIO_API_SECRET need TWILIO_ACCOUNT_SID, which is not set', `set it too: the account's ID, starting with AC, ${WHERE}`);
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    const hint = accountSid.startsWith('SK') ? ' (that is an API key SID: put it in TWILIO_API_KEY)' : '';
    throw new CredentialsError(`TWILIO_ACCOUNT_SID is "${accountSid}"${hint}`, `it is 34 characters, AC then 32 hex digits, ${WHERE}`);
  }
  if (apiKey || apiSecret) {
    if (!apiKey || !apiSecret) {
      const [given, missing] = apiKey ? ['TWILIO_API_KEY', 'TWILIO_API_SECRET'] : ['TWILIO_API_SECRET', 'TWILIO_API_KEY'];
      throw new CredentialsError(`${given} is set without ${missing}`, `set both TWILIO_API_KEY (SK...) and TWILIO_API_SECRET: the secret is shown once, when the key is created ${WHERE}`);
    }
    if (!/^SK[0-9a-fA-F]{32}$/.test(apiKey)) throw new CredentialsError(`TWILIO_API_KEY is "${apiKey}"`, `an API key SID is SK then 32 hex digits, ${WHERE}`);
    return { kind: 'api-key', accountSid, apiKey, apiSecret };
  }
  if (!authToken) {
    throw new CredentialsError('TWILIO_ACCOUNT_SID is set but there is nothing to prove it', `set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET, ${WHERE}`);
  }
  return { kind: 'auth-token', accountSid, authToken };
}

/** "AC1234…cdef": enough to tell accounts apart in output, without printing the whole ID. */
export function shortSid(sid: string): string {
  return sid.length > 12 ? `${sid.slice(0, 6)}…${sid.slice(-4)}` : sid;
}
