import type { Settings } from '../config/settings';

/**
 * How Twilio reaches this app: the voice webhook URL it calls (the public
 * base URL when one is configured, so signatures check as they would behind
 * a proxy) and the token it signs with (none while checking is off). Every
 * in-process caller (ivr call, scenarios, explore, the dev phone, callIvr)
 * dials through this, so they all sign exactly as Twilio would.
 */
export function twilioView(settings: Settings): { voiceUrl: string; authToken: string | undefined } {
  return {
    voiceUrl: `${settings.publicBaseUrl ?? 'http://localhost:7071'}/api/voice`,
    authToken: settings.validateSignatures ? settings.authToken : undefined,
  };
}
