import { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { lineForNumber, type Settings } from '../config/settings';
import { isE164 } from '../config/phoneNumber';
import { callStateFaults, decodeCallState, encodeCallState, type CallState } from '../engine/callState';
import { continueCall, restartAfterDial, restartCall, resumeCall, speeches, startCall, transferAnswered, type CallInput, type StepContext, type TraceEvent } from '../engine/step';
import type { Plan } from '../engine/plan';
import { renderPlan } from '../twiml/renderPlan';
import { twimlResponse } from '../twiml/twimlResponse';
import type { FormParams } from './readForm';
import { signedFormReader } from './signedForm';
import { splitUrl, type PlainRequest, type PlainResponse } from '../http/plainHttp';
import type { SmsSender } from '../twilio/smsSender';
import { offersSms, performSms } from './smsAction';
import { smsStatusUrl } from './smsStatus';
import { bounded, describeFallback, describeInput, isFinished, languageAfter, stepEnd, endAfterHangUp } from './callRecords';
import { loggableCallSid, type CallJournal, type StepSms } from '../journal/callJournal';
import { requestKey } from '../journal/answerOrder';
import { ringsThisAppOf, refusedDialMessage } from './ownNumbers';
import { warnOfStatusAtStart } from './statusAtStart';
import type { Logger } from '../app/logger';

export interface VoiceWebhookOptions {
  flow: Flow;
  settings: Settings;
  destinations: Readonly<Record<string, string>>;
  /** The only place the webhook learns the time: tests and the simulator choose it. */
  clock: () => DateTime;
  logger: Logger;
  /** Hears which nodes each call enters (by CallSid): for coverage and exploration tools, off in production. */
  trace?: (callSid: string, event: TraceEvent) => void;
  /** Sends the chat-link SMS; without it (no IVR_SMS_FROM) the offer is not made. */
  sendSms?: SmsSender;
  /** Keeps each answer for the call's `ivr.call` line, written by the status callback. */
  journal: CallJournal;
  /**
   * False only for the tools that study the flow's paths (explore, diff, replay): they compare where
   * calls go, transfer outcomes included, whatever the operators' numbers on the machine running them;
   * a refused transfer would hide every branch after it. Every host and every simulated call refuses.
   */
  refuseOwnNumbers?: boolean;
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
  const readSigned = signedFormReader(settings, logger);
  const ringsThisApp = ringsThisAppOf(flow, settings);
  // Rendered now, so the answer of last resort cannot itself fail during a call.
  const lastResort = renderPlan(apologyPlan({ flow, now: DateTime.fromMillis(0), destinations: options.destinations }, flow.defaultLanguage), continueUrl);
  return async (request: PlainRequest): Promise<PlainResponse> => {
    let callSid = '(unknown)';
    try {
      const form = readSigned(request);
      if (!form.ok) {
        if (form.tooLarge) logger.warn(`${request.method} ${splitUrl(request.url).path}: refused with 413, body over the size limit`);
        return form.response;
      }
      const params = form.params;
      if (kind === 'start') warnOfStatusAtStart(params, form.url, logger);
      const sentCallSid = params.get('CallSid');
      callSid = loggableCallSid(sentCallSid);

      const { path, query } = splitUrl(request.url);
      const carried = kind === 'continue' ? new URLSearchParams(query) : undefined;
      const state = carried ? resumable(decodeCallState(carried, flow), flow) : undefined;
      // The query of our continue URL whose failure sent Twilio here, to the fallback (ErrorUrl names it);
      // parsed once, for a start request, where it says where the call was.
      const failedQuery = failedContinueQuery(params);
      const failedState = kind === 'start' && failedQuery !== undefined ? new URLSearchParams(failedQuery) : undefined;
      const resumed = failedState ? stateBeforeFallback(failedState, flow) : undefined;
      // A continue request whose node this flow cannot resume, or Twilio's fallback after one failed (a deploy
      // that renamed nodes may well fail requests as it swaps instances): the call starts over, in the caller's language.
      const fallenBack = resumed ? undefined : failedState;
      const over = carried && !state ? startingOver(carried, flow) : fallenBack ? staleFallback(fallenBack, flow) : undefined;
      // Twilio's fallback after the request that follows a transfer failed: the call starts over, in the caller's language,
      // unless the fallback carries how the transfer ended (DialCallStatus, if Twilio sends the failed request's own
      // parameters on) and it was answered: the caller has spoken with an operator, and the call ends as after any transfer.
      const afterTransfer = fallenBack && !over ? languageIn(fallenBack, flow) : undefined;
      const transferEnded = afterTransfer !== undefined ? params.get('DialCallStatus') : undefined;
      const known = state ?? resumed;
      // Only a real E.164 number is looked up, so "__proto__" or "constructor" in To
      // can never match an inherited property of the number table.
      const dialed = [params.get('To'), params.get('Called')].find(isE164) ?? null;
      const line = known?.line ?? lineForNumber(flow, settings, dialed);
      const trace = options.trace;
      const traceSid = sentCallSid ?? '';
      const nodes: string[] = [];
      let dialRefused = false;
      const ctx: StepContext = {
        flow,
        now: options.clock(),
        destinations: options.destinations,
        caller: params.get('From'),
        ...(dialed ? { dialled: dialed } : {}),
        ...(options.refuseOwnNumbers === false ? {} : { ringsThisApp: (number: string) => ringsThisApp(number, dialed) }),
        smsAvailable: options.sendSms !== undefined,
        trace: (event) => {
          if (event.kind === 'enter') nodes.push(event.node);
          trace?.(traceSid, event);
          // Logged right after the tracer heard it: a test reads the refusal from the trace and knows this line for its (refusalReader).
          if (event.kind === 'dial-refused') {
            dialRefused = true;
            logger.error(`CallSid=${callSid} ${refusedDialMessage(flow, event, dialed)}`);
          }
        },
      };
      const input = state ? inputFrom(params) : undefined;
      // What the caller (or the transfer) did, at a continue request that cannot be resumed: how a <Dial> ended
      // decides whether the call starts over (restartAfterDial).
      const overInput = over && kind === 'continue' ? inputFrom(params) : undefined;
      const dialEnded = overInput?.kind === 'dial-ended' ? overInput.status : undefined;
      const endsAfterTransfer = dialEnded !== undefined && transferAnswered(dialEnded);
      // An answer told after the caller hung up (how a transfer ended, a key): the call is over, and nothing answered to it is heard.
      const afterHangUp = isFinished(params.get('CallStatus'));
      const hungUp = kind === 'continue' ? endAfterHangUp(overInput ?? input, afterHangUp) : undefined;
      let plan: Plan;
      let sms: StepSms | undefined;
      let failed = false;
      try {
        if (hungUp) {
          // Nothing to run: the engine would play the apology and the SMS offer (or put the call through
          // again, after a deploy renamed the dial node) to a caller who is gone, and the record would say they heard it.
          plan = [];
          if (over) logger.warn(`CallSid=${callSid} ${over.why}: the caller had hung up${dialEnded === undefined ? '' : endsAfterTransfer ? ' after the transfer from there was answered' : ' while the transfer from there rang'}, so the call is over`);
        } else {
          plan = state
            ? continueCall(ctx, state, input as CallInput)
            : resumed
              ? resumeCall(ctx, resumed)
              : over
                ? dialEnded !== undefined
                  ? restartAfterDial(ctx, line, over.language, dialEnded)
                  : restartCall(ctx, line, over.language)
                : afterTransfer !== undefined
                  ? transferEnded !== undefined
                    ? restartAfterDial(ctx, line, afterTransfer, transferEnded)
                    : restartCall(ctx, line, afterTransfer)
                  : startCall(ctx, line);
          if (over && endsAfterTransfer) {
            logger.warn(`CallSid=${callSid} ${over.why}: the transfer from there was answered (DialCallStatus=${dialEnded}), so the call ends, as after any transfer`);
          } else if (over) {
            logger.warn(`CallSid=${callSid} ${over.why}: the call starts over at "${nodes[0] ?? ''}" in "${over.language}"`);
          }
          // A trailing send-sms action is performed here and its result fed back to the engine.
          const statusCallback = () => smsStatusUrl(form.url, callSid);
          const sent = await performSms(
            plan,
            ctx,
            { callSid, accountSid: params.get('AccountSid'), statusCallback },
            options.sendSms && settings.sms && { sendSms: options.sendSms, accountSid: settings.sms.credentials.accountSid, logger, journal: options.journal },
          );
          plan = sent.plan;
          // A message tried; else the caller's answer to the offer (another key, or silence until it timed out), which
          // declined it; else whether this answer's prompt is the offer: the call's record must say it was made, to be replayed.
          sms = sent.sms ?? (known && flow.nodes[known.node]?.type === 'sms-offer' ? 'declined' : offersSms(plan, flow) ? 'offered' : undefined);
        }
      } catch (err) {
        logger.error(`CallSid=${callSid} webhook failed: ${(err as Error).stack ?? String(err)}`);
        plan = apologyPlan(ctx, known?.language ?? over?.language ?? afterTransfer ?? flow.defaultLanguage);
        failed = true;
      }
      // The answer goes to the call journal for the call's `ivr.call` line; it never waits for storage.
      const language = languageAfter(plan, flow, known?.language ?? over?.language ?? afterTransfer ?? flow.defaultLanguage);
      // The first answer's instant is when the call began: the ivr.call record needs it to be replayed or charted.
      // Kept as a number: the status callback formats it, once per call and off the caller's path.
      // Twilio's fallback after a continue request failed did not begin the call: the journal tells it from a retried start by that.
      // A fallback after the start request failed (a cold start over Twilio's 15 s) is where the caller heard the welcome.
      // A call that starts over did not begin here either: the record keeps what the caller pressed, and that it started over.
      const startedAtMs = known || over || failedQuery !== undefined ? undefined : ctx.now.toMillis();
      // Twilio may send a request again (a connection that failed): the journal keeps the call's step once (isSentAgain).
      const answered = { key: requestKey(`${request.method} ${path}?${query}`, params.names, params.values), atMs: ctx.now.toMillis() };
      options.journal.record({
        callSid,
        line,
        language,
        // What the caller pressed, for a continue request. Twilio's fallback after a continue request failed says so
        // ("fallback:<ErrorCode>"): the caller heard the prompt again, and a record without it could not be replayed.
        // The fallback after the start request failed is the start, "call": the caller heard the welcome once.
        input: failedQuery !== undefined ? describeFallback(params.get('ErrorCode')) : describeInput(overInput ?? input),
        nodes,
        // A transfer answered at a node the flow no longer has ended the call as at the node itself: "transferred".
        end: failed ? 'error' : (hungUp ?? stepEnd(plan, overInput ?? input)),
        request: answered,
        ...(dialRefused && !failed ? { dialRefused: true } : {}),
        ...(sms ? { sms } : {}),
        ...(startedAtMs !== undefined ? { startedAtMs } : {}),
        // Only a call that started over says so: one that ended after its transfer did not.
        ...(over && !endsAfterTransfer && !hungUp ? { startedOver: over.asked } : {}),
        // Made after the caller hung up: it may reach the journal after the status callback took the call.
        ...(afterHangUp ? { afterHangUp: true } : {}),
      });
      return twimlResponse(renderPlan(plan, continueUrl));
    } catch (err) {
      // Anything else (the clock, rendering, an apology in a missing language):
      // still valid TwiML, in the flow's default language.
      logger.error(`CallSid=${callSid} webhook failed, answered the last-resort apology: ${(err as Error).stack ?? String(err)}`);
      return twimlResponse(lastResort);
    }
  };
}

// Our TwiML only ever sends Twilio back to a menu or an SMS offer (after
// <Gather>) or a dial (after <Dial>). A state at any other node, or at one the
// flow no longer has, was not issued by this flow: the call starts over
// (startingOver, restartCall) rather than, say, play a holiday message with
// no holiday.
function resumable(state: CallState | undefined, flow: Flow): CallState | undefined {
  const type = state && flow.nodes[state.node]?.type;
  return type === 'menu' || type === 'dial' || type === 'sms-offer' ? state : undefined;
}

/**
 * Why a continue request's state cannot be resumed, and the language the call starts over in: the state's,
 * when the flow has it (a caller who chose English is not sent back to the Italian welcome). Undefined for a
 * request with no node at all, which our TwiML never makes: that call starts as any call does. The words name
 * each parameter that is wrong, with its value (callStateFaults), or else the node, where no call waits.
 * What comes from the request is quoted as JSON and bounded, so it cannot write a line of its own.
 */
function startingOver(query: URLSearchParams, flow: Flow, request = 'continue request'): { asked: string; language: string; why: string } | undefined {
  const node = query.get('node');
  if (node === null) return undefined;
  const language = languageIn(query, flow);
  const asked = bounded(node);
  const named = JSON.stringify(asked);
  // A deploy that renamed or removed a node while calls were at it: their next request names it.
  if (!Object.hasOwn(flow.nodes, node)) return { asked, language, why: `${request} for node ${named}, not in the flow (changed since the call began?)` };
  // The node is named already; any other parameter with the value sent.
  const faults = callStateFaults(query, flow).map(({ param, value, problem }) => `${param}${value === null || param === 'node' ? '' : `=${shownValue(value)}`} ${problem}`);
  const why = faults.length > 0 ? `whose ${faults.join(', and ')}` : `a node of type "${flow.nodes[node]?.type}", where no call waits for an answer`;
  return { asked, language, why: `${request} for node ${named}, ${why} (a state this flow did not make, or changed since the call began?)` };
}

/** A value from a request's query as the log shows it: bare when it is a plain word or number, else quoted as JSON and bounded. */
function shownValue(value: string): string {
  return /^[\w+-]{1,40}$/.test(value) ? value : JSON.stringify(bounded(value));
}

/** The caller's language in one of our continue URLs' queries, when the flow has it; else the flow's default language. */
function languageIn(query: URLSearchParams, flow: Flow): string {
  const lang = query.get('lang');
  return lang !== null && Object.hasOwn(flow.languages, lang) ? lang : flow.defaultLanguage;
}

/**
 * startingOver for Twilio's fallback after a continue request failed, when that request's node is one the
 * flow does not have. A state the flow has but does not resume from the fallback (after a transfer) starts
 * over in the caller's language (restartCall), or ends if DialCallStatus says the transfer was answered, as
 * stateBeforeFallback says, and is no news for the log.
 */
function staleFallback(query: URLSearchParams, flow: Flow): ReturnType<typeof startingOver> {
  const node = query.get('node');
  return node !== null && !Object.hasOwn(flow.nodes, node) ? startingOver(query, flow, "Twilio's fallback after a failed continue request") : undefined;
}

/**
 * The state of the call when Twilio, after a failed request, turned to the
 * number's fallback URL, which ivr provision sets to our start URL. Twilio
 * does that for a fatal error at any point of a call, and adds ErrorUrl, the
 * URL that failed (https://www.twilio.com/docs/usage/security/availability-reliability).
 * When that was one of our continue URLs at a menu or the SMS offer, the
 * call goes on from there in the caller's language (resumeCall)
 * instead of starting over at the Italian welcome. After a transfer it starts
 * over, in the caller's language (restartCall): how the transfer ended is not
 * known, and it must not be dialled again after a conversation; a fallback
 * that says the transfer was answered (DialCallStatus) ends the call
 * (restartAfterDial), as the request that failed would have.
 */
function stateBeforeFallback(query: URLSearchParams, flow: Flow): CallState | undefined {
  const state = resumable(decodeCallState(query, flow), flow);
  return state && flow.nodes[state.node]?.type !== 'dial' ? state : undefined;
}

/** The query of our continue URL whose failure sent Twilio to the fallback (ErrorUrl), or undefined: no URL failed, or another did. */
function failedContinueQuery(params: FormParams): string | undefined {
  const errorUrl = params.get('ErrorUrl');
  if (!errorUrl) return undefined;
  const { path, query } = splitUrl(errorUrl);
  return path === CONTINUE_PATH ? query : undefined;
}

/** The flow's error prompt, then a polite hang-up. */
function apologyPlan(ctx: StepContext, language: string): Plan {
  return [...speeches(ctx, ctx.flow.errorPrompt, language).map((speech) => ({ kind: 'say' as const, speech })), { kind: 'hangup' }];
}

/** The caller's input as Twilio reports it: Digits after a <Gather>, DialCallStatus after a <Dial>. */
function inputFrom(params: FormParams): CallInput {
  const dialStatus = params.get('DialCallStatus');
  if (dialStatus !== undefined) return { kind: 'dial-ended', status: dialStatus };
  const digits = params.get('Digits') ?? '';
  return digits === '' ? { kind: 'silence' } : { kind: 'keys', digits };
}

export function continueUrl(state: CallState): string {
  return `${CONTINUE_PATH}?${encodeCallState(state)}`;
}
