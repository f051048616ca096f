// The called party's side of a <Dial>. Twilio places a child call to each
// noun: its own CallSid, ParentCallSid = the caller's, Direction
// "outbound-dial" (https://www.twilio.com/docs/voice/twiml#request-parameters).
// When a noun has a `url`, Twilio requests it once the called party answers
// and runs its TwiML on their leg before the two are joined
// (https://www.twilio.com/docs/voice/twiml/number#url): a whisper, or a
// screening the called party may decline with <Gather> and <Hangup>. TwiML
// that runs out of verbs joins the two; TwiML that hangs up does not. Such
// TwiML may not contain <Dial>. What the called party does there is scripted
// like the caller (the `calledParty` option).

import type { CallContext } from './callContext';
import { sendCallback } from './callbacks';
import { twilioTimestamp } from './finalStatus';
import { promptAsker } from './callerScript';
import type { EventBody, TranscriptEvent } from './events';
import { geographicParameters } from './geography';
import { runDocument, runVerb } from './interpreter';
import { MediaClient } from './mediaClient';
import { DEFAULT_QUEUE_END } from './queueScript';
import type { Outcome } from './outcome';
import { newSid } from './sids';
import { parseTwiml } from './twimlDocument';
import type { CallerScript, CallIdentity, HttpMethod } from './types';
import { speakingSeconds, type VirtualClock } from './virtualClock';
import { WebhookClient, type WebhookClientOptions } from './webhookClient';

/** One child call of a <Dial>: to one noun, from the Dial's callerId or the caller's number. */
interface ChildLeg {
  callSid: string;
  to: string;
  from: string;
}

/**
 * How the TwiML on the called party's leg ended: the two joined, not joined
 * (declined, failed), the caller left first, or the simulator may not fetch
 * the leg's URL (another origin, or a TwiML file run), so the call stops there.
 */
export type CalledLegEnd = 'bridged' | 'not-bridged' | 'caller-hangup' | Extract<Outcome, { kind: 'not-followed' }>;

export interface DialLegs {
  /** The caller's own From: the caller ID a child leg shows when the <Dial> has no callerId. */
  readonly callerFrom: string;
  /** A new child leg to `to`; its From is `callerId` when given, else the caller's number (Twilio's default caller ID). */
  open(to: string, callerId?: string): ChildLeg;
  /** The parameters Twilio sends on the child leg's requests and callbacks. */
  parameters(leg: ChildLeg, callStatus: string): Record<string, string>;
  /** The call's current moment as Twilio writes a callback's Timestamp (RFC 2822, UTC). */
  timestamp(): string;
  /** Requests `url` on the child leg and runs its TwiML until it joins the two, hangs up, or fails. */
  run(leg: ChildLeg, url: string, method: HttpMethod): Promise<CalledLegEnd>;
  /** HTTP requests sent on the called parties' legs so far (callbacks aside), for the call's count. */
  readonly requests: number;
}

/** The caller's leg's transport, origin (the only one requested) and token, and the call's transcript (`emit`). */
export interface DialLegsOptions extends WebhookClientOptions {
  call: Required<CallIdentity>;
  clock: VirtualClock;
  startedAt: Date;
  calledParty?: CallerScript;
  /** Emits on the call's transcript. */
  emit(event: EventBody, at?: number): void;
  /** The most documents one leg may fetch (its redirects and Gather actions). */
  maxRequests: number;
}

export function createDialLegs(options: DialLegsOptions): DialLegs {
  // One script for the called parties of the whole call, in order, as the caller's is.
  const calledParty = promptAsker(options.calledParty);
  const { call, clock } = options;

  const parameters = (leg: ChildLeg, callStatus: string): Record<string, string> => ({
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: leg.callSid,
    CallStatus: callStatus,
    Called: leg.to,
    Caller: leg.from,
    Direction: 'outbound-dial',
    From: leg.from,
    ParentCallSid: call.callSid,
    To: leg.to,
    ...geographicParameters(leg.from, leg.to),
  });

  let requests = 0;
  const legs: DialLegs = {
    callerFrom: call.from,
    get requests() {
      return requests;
    },
    open: (to, callerId) => ({ callSid: newSid('CA'), to, from: callerId || call.from }),
    parameters,
    timestamp: () => twilioTimestamp(new Date(options.startedAt.getTime() + clock.seconds * 1000)),
    async run(leg, url, method) {
      const emit = (body: EventBody, at = clock.seconds): void => {
        // Running out of verbs here joins the two: the dial's own line says so, no hang-up happened.
        if (body.type === 'hangup' && body.by === 'end-of-document') return;
        // The caller left (hangupAt): the caller's leg says so, not the called party's.
        if (body.type === 'hangup' && body.by === 'caller' && clock.callerGone) return;
        options.emit({ type: 'called-party', to: leg.to, event: { at, ...body } as TranscriptEvent }, at);
      };
      const sender: WebhookClientOptions = { transport: options.transport, origin: options.origin, emit, ...(options.authToken ? { authToken: options.authToken } : {}) };
      const client = new WebhookClient(sender);
      const media = new MediaClient(sender);
      // A new client for each leg: its own requests, and no cookie of the caller's leg.
      const inProgress = parameters(leg, 'in-progress');
      const contextFor = (documentUrl: string): CallContext => ({
        documentUrl,
        accountSid: call.accountSid,
        callSid: leg.callSid,
        clock,
        emit,
        // The called party's script (an array) may interrupt a prompt too, as the caller's does.
        foresee: calledParty.foresee,
        ask: (draft, foreseen, reached) => calledParty.ask(draft, foreseen, emit, reached),
        // Never asked: <Dial> refuses to run on a called party's leg.
        dial: async () => ({ status: 'failed' }),
        // Nobody scripts a called party's queue: it ends as queues do by default.
        queue: async () => DEFAULT_QUEUE_END,
        connected() {},
        fetchBeside: (beside, how, params) => client.fetch(beside, how, { ...inProgress, ...params }),
        runVerb: (verb, verbUrl) => runVerb(verb, contextFor(verbUrl)),
        media: (mediaUrl) => media.fetch(mediaUrl),
        callback: (request) => sendCallback(sender, { ...request, params: { ...inProgress, ...request.params } }, documentUrl),
        dialLegs: legs,
        calledParty: leg.to,
      });

      try {
        return await playLeg();
      } finally {
        requests += client.sent + media.sent;
      }

      async function playLeg(): Promise<CalledLegEnd> {
        let next = { url, method, params: {} as Record<string, string> };
        for (let fetched = 0; fetched < options.maxRequests; fetched++) {
          const answered = await client.fetch(next.url, next.method, { ...inProgress, ...next.params });
          if (answered.kind === 'failed') return ended(answered.outcome, emit, clock);
          if (answered.kind === 'audio' || answered.kind === 'text') {
            // Played or read to the called party, and then nothing more: the two are joined.
            if (answered.kind === 'audio') emit({ type: 'play', url: answered.url, loop: 1 });
            else emit({ type: 'say', text: answered.text, language: 'en-US', loop: 1 });
            if (answered.kind === 'text' && !clock.waitFor(speakingSeconds(answered.text))) return 'caller-hangup';
            return 'bridged';
          }
          const parsed = parseTwiml(answered.body);
          if (!parsed.ok) return ended({ kind: 'error', code: parsed.code, message: parsed.message, url: answered.url }, emit, clock);
          const step = await runDocument(parsed.verbs, contextFor(answered.url));
          if (step.kind === 'end') return ended(step.outcome, emit, clock);
          next = step;
        }
        // A redirect loop on the leg: Twilio would give up on it too, and the two are never joined.
        return 'not-bridged';
      }
    },
  };
  return legs;
}

/** What the end of the leg's TwiML means for the dial. */
function ended(outcome: Outcome, emit: (body: EventBody) => void, clock: VirtualClock): CalledLegEnd {
  if (clock.callerGone) return 'caller-hangup';
  if (outcome.kind === 'not-followed') return outcome;
  if (outcome.kind === 'hangup' && outcome.endOfDocument) return 'bridged';
  // Twilio logs a failing leg's error; the called party is not joined.
  if (outcome.kind === 'error') emit({ type: 'error', code: outcome.code, message: outcome.message, ...(outcome.url ? { url: outcome.url } : {}) });
  return 'not-bridged';
}
