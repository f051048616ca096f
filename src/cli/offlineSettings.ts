import { readSettings, type Settings } from '../config/settings';

/**
 * The app settings for commands that run many calls in-process to study the
 * flow (explore, diff, replay): call paths are what they look at, not
 * signatures, so those checks are off, and no text message may ever leave.
 */
export function offlineSettings(overrides: Record<string, string> = {}): Settings {
  const { IVR_SMS_FROM: _neverSend, ...env } = process.env;
  return readSettings({ ...env, TWILIO_SIGNATURE_VALIDATION: 'off', ...overrides });
}
