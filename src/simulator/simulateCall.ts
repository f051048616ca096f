// One simulated inbound call: fetch TwiML, run it, follow where it leads, and
// stop at an outcome. It knows only what the TwiML says (design principle 4):
// no engine, no flow files, so it can drive any TwiML app.

import type { CallContext } from './callContext';
import { callParameters } from './callParameters';
import { promptAsker } from './callerScript';
import { geographicParameters } from './geography';
import type { EventBody, TranscriptEvent } from './events';
import { runDocument, runVerb } from './interpreter';
import type { Outcome } from './outcome';
import { newSid } from './sids';
import { TwilioError } from './twilioErrors';
import { parseTwiml } from './twimlDocument';
import { postFinalStatus } from './finalStatus';
import { sendCallback } from './callbacks';
import { createDialLegs } from './calledLeg';
import { dialEnding } from './dialScript';
import type { CallResult, HttpMethod, SimulateCallOptions } from './types';
import { DEFAULT_QUEUE_END } from './queueScript';
import { speakingSeconds, VirtualClock } from './virtualClock';
import { WebhookClient, type WebhookClientOptions } from './webhookClient';
import { MediaClient } from './mediaClient';

const DEFAULT_MAX_REQUESTS = 50;
/** However the caller drives it, one simulated call stops here, so a script that answers forever cannot hang. */
const MAX_REQUESTS_PER_CALL = 1000;

export async function simulateCall(options: SimulateCallOptions): Promise<CallResult> {
  if (!URL.canParse(options.url)) return invalidStartUrl(options);
  // A CallSid given as a parameter (ivr call --param CallSid=...) is the call's: every request and the result carry it.
  // So is a From (--param From=client:alice): a <Dial> without callerId shows it to the called party, as Twilio does.
  const call = { ...options.call, from: options.params?.From ?? options.call.from, callSid: options.params?.CallSid ?? options.call.callSid ?? newSid('CA'), accountSid: options.call.accountSid ?? newSid('AC') };
  const { callSid, accountSid } = call;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const clock = options.clock ?? new VirtualClock();
  if (options.hangupAt !== undefined) clock.hangUpAt(options.hangupAt);
  const startedAt = options.startedAt ?? new Date();
  const transcript: TranscriptEvent[] = [];
  const emit = (body: EventBody, at = clock.seconds): void => {
    const event = { at, ...body } as TranscriptEvent;
    transcript.push(event);
    options.onEvent?.(event);
  };
  // Webhooks, callbacks and <Play> media go through the same transport, to the same origin, signed alike.
  const callbacks: WebhookClientOptions = {
    transport: options.transport,
    origin: new URL(options.url).origin,
    emit,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  };
  // <Play> URLs: requested only when a <Play> runs, each once per call.
  const media = new MediaClient(callbacks);
  const client = new WebhookClient(callbacks);
  const caller = promptAsker(options.caller);
  // The called parties' legs of the call's <Dial>s, and what they do there.
  const dialLegs = createDialLegs({
    ...callbacks,
    call,
    clock,
    startedAt,
    ...(options.calledParty ? { calledParty: options.calledParty } : {}),
    emit,
    maxRequests,
  });
  // Worked out once per call: what Twilio adds about the two numbers, then whatever the caller of simulateCall sets.
  const sentWithEveryRequest = { ...geographicParameters(call.from, call.to), ...options.params };
  // The parameters of the call's state, made once for each: a request adds only its own to them.
  const ringing = { ...callParameters(call, 'ringing'), ...sentWithEveryRequest };
  const inProgress = { ...callParameters(call, 'in-progress'), ...sentWithEveryRequest };
  // Requests sent when the caller last pressed keys or spoke: a loop is requests with no caller input between them.
  let requestsAtLastInput = 0;
  let connected: Extract<Outcome, { kind: 'dial' | 'enqueue' }> | undefined;

  const contextFor = (documentUrl: string): CallContext => ({
    documentUrl,
    accountSid,
    callSid,
    clock,
    emit,
    foresee: caller.foresee,
    async ask(draft, foreseen, reached) {
      const action = await caller.ask(draft, foreseen, emit, reached);
      if ('digits' in action || 'speech' in action) requestsAtLastInput = client.sent;
      return action;
    },
    dial: async (attempt) => (options.dial ? options.dial(attempt) : dialEnding('completed')),
    queue: async (attempt) => (options.queue ? options.queue(attempt) : DEFAULT_QUEUE_END),
    connected(outcome) {
      connected ??= outcome; // the first answered <Dial> (or agent from a queue) is where the call went
    },
    async fetchBeside(url, method, params) {
      const before = client.sent;
      const fetched = await client.fetch(url, method, { ...inProgress, ...params });
      // The clock, not the app, asks for it again and again: no sign of a redirect loop, so the guard does not count it.
      requestsAtLastInput += client.sent - before;
      return fetched;
    },
    runVerb: (verb, url) => runVerb(verb, contextFor(url)),
    callback: (request) => sendCallback(callbacks, { ...request, params: { ...inProgress, ...request.params } }, documentUrl),
    media: (url) => media.fetch(url),
    dialLegs,
  });

  let next: { url: string; method: HttpMethod; params: Record<string, string> } = {
    url: options.url,
    method: 'POST',
    params: {},
  };
  // The number's fallback URL: requested, with ErrorCode and ErrorUrl, when a request or its TwiML fails.
  const fallback = options.fallbackUrl ? { url: new URL(options.fallbackUrl, options.url).href, method: 'POST' as const } : undefined;
  let onFallback = false;
  let documentsRun = 0;
  let outcome: Outcome;
  for (;;) {
    if (client.sent - requestsAtLastInput >= maxRequests) {
      outcome = { kind: 'loop', maxRequests };
      break;
    }
    if (client.sent >= MAX_REQUESTS_PER_CALL) {
      outcome = { kind: 'loop', maxRequests: MAX_REQUESTS_PER_CALL, callerDriven: true };
      break;
    }
    const base = documentsRun === 0 ? ringing : inProgress;
    const fetched = await client.fetch(next.url, next.method, Object.keys(next.params).length === 0 ? base : { ...base, ...next.params });
    let ended: Outcome;
    // Where a failure happened, for ErrorUrl: the document whose TwiML failed, or the URL requested.
    let failedAt = next.url;
    if (fetched.kind === 'failed') ended = fetched.outcome;
    else if (fetched.kind === 'audio' || fetched.kind === 'text') {
      // Twilio plays audio or reads plain text, then hangs up.
      if (fetched.kind === 'audio') emit({ type: 'play', url: fetched.url, loop: 1 });
      else emit({ type: 'say', text: fetched.text, language: 'en-US', loop: 1 });
      if (fetched.kind === 'text') clock.advance(speakingSeconds(fetched.text));
      emit({ type: 'hangup', by: 'end-of-document' });
      outcome = { kind: 'hangup', endOfDocument: true };
      break;
    } else {
      const parsed = parseTwiml(fetched.body);
      if (!parsed.ok) ended = { kind: 'error', code: parsed.code, message: parsed.message, url: fetched.url };
      else {
        documentsRun++;
        const step = await runDocument(parsed.verbs, contextFor(fetched.url));
        if (step.kind !== 'end') {
          next = step;
          onFallback = false;
          continue;
        }
        ended = step.outcome;
        failedAt = fetched.url;
      }
    }
    if (ended.kind === 'error' && fallback && !onFallback) {
      // Twilio logs the error, then "a request is immediately made to the number's Fallback URL".
      emit({ type: 'error', code: ended.code, message: ended.message, ...(ended.url ? { url: ended.url } : {}) });
      emit({ type: 'fallback', url: fallback.url, code: ended.code });
      next = { url: fallback.url, method: fallback.method, params: { ErrorCode: String(ended.code), ErrorUrl: ended.url ?? failedAt } };
      onFallback = true;
      continue;
    }
    outcome = ended;
    break;
  }
  if (outcome.kind === 'error') {
    emit({ type: 'error', code: outcome.code, message: outcome.message, ...(outcome.url ? { url: outcome.url } : {}) });
  }
  const final = connected ?? outcome;
  emit({ type: 'end', outcome: final });
  // After the 'end' event, which stays last: the final status is not a line of the call.
  const statusCallback = options.statusCallback
    ? await postFinalStatus({ sender: { ...callbacks, emit: undefined }, url: options.statusCallback, call, outcome: final, seconds: clock.seconds, startedAt, params: sentWithEveryRequest })
    : undefined;
  return {
    outcome: final,
    transcript,
    requests: client.sent + media.sent + dialLegs.requests,
    virtualSeconds: clock.seconds,
    callSid,
    ...(statusCallback ? { statusCallback: { url: statusCallback.url, ...(statusCallback.status !== undefined ? { status: statusCallback.status } : { notSent: statusCallback.notSent }) } } : {}),
  };
}

/** A start URL that is not a URL is Twilio's 11100; no request can be made. */
function invalidStartUrl(options: SimulateCallOptions): CallResult {
  const outcome: Outcome = { kind: 'error', code: TwilioError.invalidUrl, message: `Invalid URL format: ${options.url}` };
  const transcript: TranscriptEvent[] = [
    { at: 0, type: 'error', code: outcome.code, message: outcome.message },
    { at: 0, type: 'end', outcome },
  ];
  transcript.forEach((event) => options.onEvent?.(event));
  return { outcome, transcript, requests: 0, virtualSeconds: 0, callSid: options.call.callSid ?? newSid('CA') };
}
