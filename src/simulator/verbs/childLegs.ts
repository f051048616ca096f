// The child calls of one <Dial>, as Twilio places them: every noun rings at
// once; the first to answer is joined to the caller (after its url's TwiML,
// if any: src/simulator/calledLeg.ts) and the rest are hung up
// (https://www.twilio.com/docs/voice/twiml/number). Each noun may ask for its
// leg's progress events at its statusCallback: statusCallbackEvent lists any
// of initiated, ringing, answered, completed (default: completed), each
// posted with the child call's parameters plus Timestamp, CallbackSource
// "call-progress-events" and SequenceNumber (from 0, in the order sent)
// (https://www.twilio.com/docs/voice/twiml/number#statuscallbackevent).

import type { CallContext } from '../callContext';
import type { CalledLegEnd } from '../calledLeg';
import type { DialResult, DialStatus, DialTarget, HttpMethod } from '../types';

export type ProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

export const PROGRESS_EVENTS: readonly ProgressEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

/** A Dial noun and what it asks of its leg. */
export interface DialNoun {
  target: DialTarget;
  /** Absolute URL of TwiML run on the called party's leg once they answer (whisper, screening). */
  url?: string;
  method: HttpMethod;
  statusCallback?: string;
  statusCallbackMethod: HttpMethod;
  statusCallbackEvents: ReadonlySet<ProgressEvent>;
}

export interface DialPlan {
  nouns: DialNoun[];
  timeout: number;
  timeLimit: number;
  callerId?: string;
  /** How the dial ends, as the `dial` option scripts it. */
  result: DialResult;
}

export interface DialEnd {
  /** DialCallStatus. */
  status: DialStatus;
  /** The child call that answered (or the first one): DialCallSid. */
  callSid: string;
  /** The caller ID that child call shows the called party (its From). */
  from: string;
  answered: boolean;
  /** The two were joined: the called party's TwiML (if any) ran out of verbs. */
  bridged: boolean;
  /** Seconds the two talked once joined. */
  talkSeconds: number;
  /** Seconds the answered child call lasted, its url's TwiML included: DialCallDuration. */
  callSeconds: number;
  /** The caller hung up during the dial (ringing, screening or conversation). */
  callerHungUp: boolean;
  /** The called party's url could not be followed by the simulator: the call stops there. */
  notFollowed?: Extract<CalledLegEnd, { kind: 'not-followed' }>;
}

/**
 * Rings, answers, screens and talks, in virtual time; `onAnswer` runs at the
 * moment the called party picks up (a recording from the answer starts there).
 */
export async function playChildLegs(plan: DialPlan, context: CallContext, onAnswer?: () => Promise<void>): Promise<DialEnd> {
  const { clock, dialLegs } = context;
  const children = plan.nouns.map((noun) => ({ noun, leg: dialLegs.open(addressOf(noun.target), plan.callerId), sent: 0 }));
  const progress = async (child: (typeof children)[number], event: ProgressEvent, callStatus: string, extra: Record<string, string> = {}) => {
    if (!child.noun.statusCallback || !child.noun.statusCallbackEvents.has(event)) return;
    await context.callback({
      name: `statusCallback ${event}`,
      url: child.noun.statusCallback,
      method: child.noun.statusCallbackMethod,
      params: {
        ...dialLegs.parameters(child.leg, callStatus),
        Timestamp: dialLegs.timestamp(),
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(child.sent++),
        ...extra,
      },
    });
  };
  // A busy line or a number that cannot be reached never rings.
  const rings = plan.result.status !== 'busy' && plan.result.status !== 'failed';
  for (const child of children) {
    await progress(child, 'initiated', 'initiated');
    if (rings) await progress(child, 'ringing', 'ringing');
  }
  const first = children[0] as (typeof children)[number];

  if (plan.result.status !== 'completed') {
    // Nobody answers: a busy line or a failure ends at once, no answer after the timeout.
    const stayed = clock.waitFor(plan.result.status === 'no-answer' ? plan.timeout : 0);
    // The caller hanging up while it rings cancels the child calls.
    const status: DialStatus = stayed ? plan.result.status : 'canceled';
    for (const child of children) await progress(child, 'completed', status, { CallDuration: '0' });
    return { status, callSid: first.leg.callSid, from: first.leg.from, answered: false, bridged: false, talkSeconds: 0, callSeconds: 0, callerHungUp: !stayed };
  }

  // "The first call to pick up is connected to the current call and the rest are hung up."
  for (const child of children.slice(1)) await progress(child, 'completed', 'canceled', { CallDuration: '0' });
  await progress(first, 'answered', 'in-progress');
  await onAnswer?.();
  const answeredAt = clock.seconds;
  const screened: CalledLegEnd = first.noun.url ? await dialLegs.run(first.leg, first.noun.url, first.noun.method) : 'bridged';
  if (typeof screened === 'object') return { status: 'completed', callSid: first.leg.callSid, from: first.leg.from, answered: true, bridged: false, talkSeconds: 0, callSeconds: 0, callerHungUp: false, notFollowed: screened };
  let talkSeconds = 0;
  let callerHungUp = screened === 'caller-hangup';
  if (screened === 'bridged') {
    const joinedAt = clock.seconds;
    callerHungUp = !clock.waitFor(Math.min(plan.result.durationSeconds ?? 60, plan.timeLimit));
    talkSeconds = clock.seconds - joinedAt;
  }
  const callSeconds = clock.seconds - answeredAt;
  await progress(first, 'completed', 'completed', { CallDuration: String(callSeconds) });
  return { status: 'completed', callSid: first.leg.callSid, from: first.leg.from, answered: true, bridged: screened === 'bridged', talkSeconds, callSeconds, callerHungUp };
}

/** The child call's To: a client's identity is addressed "client:identity", as Twilio sends it; numbers and SIP URIs as written. */
function addressOf(target: DialTarget): string {
  return target.kind === 'client' ? `client:${target.to}` : target.to;
}
