import { CONTINUE_PATH, voiceWebhook, type VoiceWebhookOptions } from '../webhook/voiceWebhook';
import { STATUS_CALLBACK_PATH, statusCallback } from '../webhook/statusCallback';
import { smsSenderFor } from './smsSenderFor';
import { SMS_STATUS_PATH, smsStatusCallback } from '../webhook/smsStatus';
import type { PlainHandler } from '../http/plainHttp';

type Handler = PlainHandler;

/** One webhook route, hosted the same way by Azure, the local server and the in-process simulator. */
export interface Route {
  /** Azure function name. */
  name: string;
  /** Path under the host, including Azure's default "/api" prefix. */
  path: string;
  methods: ('GET' | 'POST')[];
  handler: Handler;
}

/**
 * The one route table. Twilio numbers point at /api/voice; every later request
 * goes to /api/voice/continue; a finished call is reported to /api/voice/status,
 * and what became of a chat-link SMS to /api/sms/status.
 */
export function buildRoutes(options: VoiceWebhookOptions): Route[] {
  const voice = { ...options, sendSms: options.sendSms ?? smsSenderFor(options.settings.sms, options.flow, options.logger) };
  return [
    { name: 'voice', path: '/api/voice', methods: ['GET', 'POST'], handler: voiceWebhook(voice, 'start') },
    { name: 'voiceContinue', path: CONTINUE_PATH, methods: ['GET', 'POST'], handler: voiceWebhook(voice, 'continue') },
    { name: 'voiceStatus', path: STATUS_CALLBACK_PATH, methods: ['POST', 'GET'], handler: statusCallback(options) },
    { name: 'smsStatus', path: SMS_STATUS_PATH, methods: ['POST'], handler: smsStatusCallback(options) },
  ];
}
