import { CONTINUE_PATH, voiceWebhook, type VoiceWebhookOptions } from '../webhook/voiceWebhook';

export type Handler = (request: Request) => Promise<Response>;

/** One webhook route, hosted the same way by Azure, the local server and the in-process simulator. */
export interface Route {
  /** Azure function name. */
  name: string;
  /** Path under the host, including Azure's default "/api" prefix. */
  path: string;
  methods: ('GET' | 'POST')[];
  handler: Handler;
}

/** The one route table. Twilio numbers point at /api/voice; every later request goes to /api/voice/continue. */
export function buildRoutes(options: VoiceWebhookOptions): Route[] {
  return [
    { name: 'voice', path: '/api/voice', methods: ['GET', 'POST'], handler: voiceWebhook(options, 'start') },
    { name: 'voiceContinue', path: CONTINUE_PATH, methods: ['GET', 'POST'], handler: voiceWebhook(options, 'continue') },
  ];
}
