import { splitUrl } from '../http/plainHttp';
import { twilioCallbackRoute } from './signedForm';
import type { VoiceWebhookOptions } from './voiceWebhook';
import { isCallSid } from '../journal/callJournal';

/** Where Twilio reports what became of a chat-link SMS: the app names it with each message it sends. */
export const SMS_STATUS_PATH = '/api/sms/status';
const SMS_STATUS_EVENT = 'ivr.sms-status';

// Statuses on the way out of Twilio; only what happened after them is news.
const UNDER_WAY = new Set(['accepted', 'scheduled', 'queued', 'sending']);

/**
 * The status callback URL for a message sent during the call `callSid`, on
 * the origin Twilio reached the voice webhook at: that of `signedUrl`, the URL
 * its signature was made over (https behind Azure's front end, even where the
 * function sees http). None when that is not https, as on a local host Twilio
 * cannot call back.
 */
export function smsStatusUrl(signedUrl: string, callSid: string): string | undefined {
  const origin = new URL(signedUrl).origin;
  return origin.startsWith('https:') ? `${origin}${SMS_STATUS_PATH}?callSid=${encodeURIComponent(callSid)}` : undefined;
}

/**
 * Twilio's status callback for the chat-link SMS. The caller hears "sent" as
 * soon as Twilio accepts the message (queued); whether it reached the phone is
 * known only later, when Twilio posts the message's next statuses (sent,
 * delivered, undelivered, failed, with ErrorCode on a failure;
 * https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks).
 * Each is one `ivr.sms-status` line, beside the call's `ivr.sms` line (same
 * callSid); a failure at warning level (twilioCallbackRoute: signed, 204).
 */
export function smsStatusCallback(options: Pick<VoiceWebhookOptions, 'settings' | 'logger'>) {
  const { settings, logger } = options;
  return twilioCallbackRoute(settings, logger, 'SMS status callback', (params, request) => {
    const status = (params.get('MessageStatus') ?? params.get('SmsStatus') ?? '').slice(0, 32);
    const messageSid = params.get('MessageSid') ?? '';
    if (!/^(SM|MM)[0-9a-f]{32}$/i.test(messageSid) || status === '' || UNDER_WAY.has(status)) return;
    const callSid = new URLSearchParams(splitUrl(request.url).query).get('callSid') ?? '';
    // A number, as in the ivr.sms line: Twilio's form sends it as text. Anything else is no Twilio error code, and left out.
    const errorCode = /^[1-9][0-9]{0,8}$/.test(params.get('ErrorCode') ?? '') ? Number(params.get('ErrorCode')) : undefined;
    const line = JSON.stringify({
      event: SMS_STATUS_EVENT,
      ...(isCallSid(callSid) ? { callSid } : {}),
      sid: messageSid,
      status,
      ...(errorCode !== undefined ? { code: errorCode } : {}),
      to: (params.get('To') ?? '').slice(0, 64),
    });
    if (status === 'failed' || status === 'undelivered') logger.warn(line);
    else logger.info(line);
  });
}
