import type { Flow } from '../flow/schema';
import type { SmsConfig } from '../twilio/smsSettings';
import type { SmsSender } from '../twilio/smsSender';
import type { Logger } from './logger';

// The chat-link SMS sender an app is made with (routes.ts), from the settings,
// and what the log must say of it then: links still marked placeholders, a
// sender number that cannot text. Each message is sent in smsAction.ts.

/** The sender the settings ask for, or undefined (no offer) when IVR_SMS_FROM is not set. */
export function smsSenderFor(sms: SmsConfig | undefined, flow: Flow, logger: Logger): SmsSender | undefined {
  if (!sms) return undefined;
  const placeholders = Object.entries(flow.nodes).flatMap(([id, node]) =>
    node.type === 'sms-offer' ? Object.entries(node.links).filter(([, link]) => link.placeholder).map(([name, link]) => `${id}.links.${name} (${link.url})`) : [],
  );
  if (placeholders.length > 0) {
    logger.warn(`SMS links marked as placeholders are being sent to callers (check them, then drop "placeholder" in the flow file): ${placeholders.join(', ')}`);
  }
  // Twilio's Italian geographic numbers are voice-only (its Italy guidelines): every message from one fails with 21606.
  if (sms.from.startsWith('+390')) {
    logger.warn(
      `IVR_SMS_FROM ${sms.from} is an Italian geographic number, and Twilio's cannot send SMS: every chat-link message would fail (Twilio error 21606) and callers would hear it was not sent. ` +
        'Use a number whose Capabilities in the Twilio console list SMS, a registered alphanumeric sender, or a Messaging Service (docs/twilio.md).',
    );
  }
  // The sender (and the twilio client behind it) is loaded with the first message, not with every webhook.
  let sender: Promise<SmsSender> | undefined;
  return async (to, body, call) => {
    sender ??= import('../twilio/smsSender.js').then(({ twilioSmsSender }) => twilioSmsSender(sms.credentials, sms));
    return (await sender)(to, body, call);
  };
}
