import type { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { lineForNumber, type Settings } from '../config/settings';
import { decodeCallState, encodeCallState, type CallState } from '../engine/callState';
import { continueCall, speeches, startCall, type CallInput, type StepContext, type TraceEvent } from '../engine/step';
import type { Plan } from '../engine/plan';
import { renderPlan } from '../twiml/renderPlan';
import { readForm } from './readForm';
import { hasValidSignature } from './twilioSignature';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface VoiceWebhookOptions {
  flow: Flow;
  settings: Settings;
  destinations: Readonly<Record<string, string>>;
  /** The only place the webhook learns the time: tests and the simulator choose it. */
  clock: () => DateTime;
  logger: Logger;
  /** Hears which nodes each call enters (by CallSid): for coverage and exploration tools, off in production. */
  trace?: (callSid: string, event: TraceEvent) => void;
}

export const CONTINUE_PATH = '/api/voice/continue';

/**
 * The Twilio voice webhook: checks the request, asks the engine what comes
 * next and answers TwiML. Whatever goes wrong inside, Twilio gets valid TwiML
 * (an apology and a goodbye) and never a 500, which callers would hear as
 * "an application error has occurred".
 */
export function voiceWebhook(options: VoiceWebhookOptions, kind: 'start' | 'continue') {
  const { flow, settings, logger } = options;
  return async (request: Request): Promise<Response> => {
    const form = await readForm(request);
    if (!form.ok) return new Response('Request body too large', { status: form.status });
    const params = form.params;
    if (settings.validateSignatures && settings.authToken) {
      if (!hasValidSignature(request, params, settings.authToken, settings.publicBaseUrl)) {
        return new Response('Forbidden: X-Twilio-Signature does not match', { status: 403 });
      }
    }

    const query = new URL(request.url).searchParams;
    const state = kind === 'continue' ? decodeCallState(query, flow) : undefined;
    const line = state?.line ?? lineForNumber(flow, settings, params.To ?? params.Called ?? null);
    const trace = options.trace;
    const callSid = params.CallSid ?? '';
    const ctx: StepContext = {
      flow,
      now: options.clock(),
      destinations: options.destinations,
      trace: trace && ((event) => trace(callSid, event)),
    };
    let plan: Plan;
    try {
      plan = state ? continueCall(ctx, state, inputFrom(params)) : startCall(ctx, line);
    } catch (err) {
      logger.error(`CallSid=${params.CallSid ?? '(none)'} webhook failed: ${(err as Error).stack ?? String(err)}`);
      plan = [...speeches(ctx, flow.errorPrompt, state?.language ?? flow.defaultLanguage).map((speech) => ({ kind: 'say' as const, speech })), { kind: 'hangup' }];
    }
    return twimlResponse(renderPlan(plan, continueUrl));
  };
}

/** The caller's input as Twilio reports it: Digits after a <Gather>, DialCallStatus after a <Dial>. */
function inputFrom(params: Record<string, string>): CallInput {
  if (params.DialCallStatus !== undefined) return { kind: 'dial-ended', status: params.DialCallStatus };
  const digits = params.Digits ?? '';
  return digits === '' ? { kind: 'silence' } : { kind: 'keys', digits };
}

export function continueUrl(state: CallState): string {
  return `${CONTINUE_PATH}?${encodeCallState(state)}`;
}

function twimlResponse(xml: string): Response {
  return new Response(xml, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
}
