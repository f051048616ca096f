// <Dial>: ring the targets (all at once, as Twilio does), let the `dial`
// option decide how it ends, play the called party's leg (src/simulator/
// verbs/childLegs.ts: a noun's url, its status callbacks), then request the
// action URL with DialCallStatus, or carry on with the next verb when there
// is no action. When the caller hangs up during the dial, Twilio still
// requests the action, but the call is over: its TwiML is not run
// (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends).

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp, endWith, schemaError } from '../callContext';
import type { DialNounKind, DialResult, DialTarget } from '../types';
import { isE164 } from '../../config/phoneNumber';
import { TwilioError } from '../twilioErrors';
import type { TwimlElement } from '../twimlDocument';
import { integer, method, resolveUrl } from './attributes';
import { playChildLegs, PROGRESS_EVENTS, type DialNoun, type ProgressEvent } from './childLegs';
import { DialRecording } from './dialRecording';
import { dequeueParameters } from './queueNoun';

const NOUN_KINDS: Record<string, DialNounKind> = { Number: 'number', Sip: 'sip', Client: 'client', Queue: 'queue' };
/** Nouns Twilio accepts in <Dial> that need more than a caller and a callee to emulate. */
const UNEMULATED_NOUNS = new Set(['Conference', 'Sim', 'Application', 'WhatsApp']);

const DEFAULT_TIMEOUT = 30;
const DEFAULT_TIME_LIMIT = 14400;

export async function dial(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  // "TwiML documents executed in this manner are not allowed to contain the <Dial> verb" (Number, url).
  if (context.calledParty !== undefined) return schemaError("<Dial> cannot run on the called party's leg (a Dial noun's url)");
  const nouns = dialNouns(element, context);
  if ('kind' in nouns) {
    if (nouns.kind === 'end' && nouns.outcome.kind === 'unsupported') {
      context.emit({ type: 'unsupported', verb: nouns.outcome.verb });
    }
    return nouns;
  }
  const targets = nouns.map((noun) => noun.target);
  const first = targets[0]!;
  const timeout = integer(element, 'timeout', DEFAULT_TIMEOUT);
  const timeLimit = integer(element, 'timeLimit', DEFAULT_TIME_LIMIT);
  const action = element.attributes.action !== undefined ? resolveUrl(context, element.attributes.action) : undefined;
  if (action && !action.ok) return action.step;
  const callerId = element.attributes.callerId?.trim();
  const refused = refusedCallerId(context.dialLegs.callerFrom, callerId, targets);
  if (refused) context.emit({ type: 'error', code: TwilioError.dialInvalidCallerId, message: refused });

  const result: DialResult = refused
    ? { status: 'failed' }
    : await context.dial({
        to: first.to,
        noun: first.kind,
        targets,
        timeout,
        timeLimit,
        ...(callerId ? { callerId } : {}),
        ...(action ? { action: action.url } : {}),
      });
  const dialledAt = context.clock.seconds;
  const recording = DialRecording.of(element);
  if (recording?.fromRinging) await recording.start(context);
  const end = await playChildLegs({ nouns, timeout, timeLimit, ...(callerId ? { callerId } : {}), result }, context, async () => {
    if (recording && !recording.fromRinging) await recording.start(context);
  });
  if (end.notFollowed) return endWith(end.notFollowed);
  // A bridged <Queue> dial: its url is requested for the dequeued caller, and its parameters go to the action.
  const dequeued = end.bridged && first.kind === 'queue' ? await dequeueParameters(element, end.talkSeconds, context) : {};
  context.emit({
    type: 'dial',
    to: first.to,
    noun: first.kind,
    targets,
    status: end.status,
    durationSeconds: end.talkSeconds,
    // A <Dial> Twilio refused (13214) called no one, so no one was shown a caller ID.
    ...(refused ? {} : { from: end.from, ...(callerId ? { byCallerId: true as const } : {}) }),
    ...(end.answered && !end.bridged ? { bridged: false as const } : {}),
  }, dialledAt);
  if (end.bridged) context.connected({ kind: 'dial', to: first.to, noun: first.kind, status: 'completed', durationSeconds: end.talkSeconds });
  const recorded = recording ? await recording.finish(context) : {};
  if (!action) return end.callerHungUp ? callerHungUp(context) : undefined;

  const params: Record<string, string> = {
    DialCallStatus: end.status,
    DialCallSid: end.callSid,
    DialBridged: String(end.bridged),
    ...(end.answered ? { DialCallDuration: String(end.callSeconds) } : {}),
    ...recorded,
    ...dequeued,
  };
  if (!end.callerHungUp) return { kind: 'fetch', url: action.url, method: method(element), params };
  // The call is over: Twilio still tells the app how the dial ended, and runs nothing it answers.
  await context.callback({ name: '<Dial> action, after the caller hung up', url: action.url, method: method(element), params: { ...params, CallStatus: 'completed' } });
  return callerHungUp(context);
}

/**
 * Why Twilio refuses to ring a number from this call, or undefined. A call from a Voice SDK client (From
 * "client:alice") has no number to show: "if the calling leg is a client leg, the caller ID is required and
 * must be a validated outgoing number" (https://www.twilio.com/docs/api/errors/13214). The <Dial> fails
 * (DialCallStatus failed). Whether a number is verified on the account is beyond the simulator: it asks
 * for one in E.164.
 */
function refusedCallerId(callerFrom: string, callerId: string | undefined, targets: readonly DialTarget[]): string | undefined {
  if (!/^client:/i.test(callerFrom) || !targets.some((target) => target.kind === 'number')) return undefined;
  if (callerId !== undefined && isE164(callerId)) return undefined;
  const given = callerId ? `callerId "${callerId}" is not a phone number` : 'it has no callerId';
  return `Dial: Invalid callerId value: the call comes from a client (From "${callerFrom}") and ${given}; Twilio rings a number from a client leg only with a callerId that is a number of the account. The <Dial> failed`;
}

function dialNouns(element: TwimlElement, context: CallContext): DialNoun[] | VerbStep {
  if (element.children.length === 0) {
    return element.text ? [plainNoun({ kind: 'number', to: element.text })] : schemaError('<Dial> needs a number or a noun');
  }
  const nouns: DialNoun[] = [];
  for (const noun of element.children) {
    if (UNEMULATED_NOUNS.has(noun.name)) return endWith({ kind: 'unsupported', verb: noun.name });
    const kind = NOUN_KINDS[noun.name];
    if (!kind) return schemaError(`<${noun.name}> cannot be nested in <Dial>`);
    // <Client> may name its identity in an <Identity> child, beside <Parameter>s.
    const identity = noun.children.find((child) => child.name === 'Identity');
    const to = identity?.text || noun.ownText;
    if (!to) return schemaError(`<${noun.name}> in <Dial> is empty`);
    const leg = legAttributes(noun, kind, context);
    if ('kind' in leg) return leg;
    nouns.push({ target: { kind, to }, ...leg });
  }
  return nouns;
}

function plainNoun(target: DialTarget): DialNoun {
  return { target, method: 'POST', statusCallbackMethod: 'POST', statusCallbackEvents: new Set() };
}

/** A noun's url (run on the called party's leg) and status callback, as Twilio reads them. */
function legAttributes(noun: TwimlElement, kind: DialNounKind, context: CallContext): Omit<DialNoun, 'target'> | VerbStep {
  // <Queue url> plays to the queued caller, not to a called party: that belongs to the queue's emulation.
  const url = kind !== 'queue' && noun.attributes.url?.trim() ? resolveUrl(context, noun.attributes.url) : undefined;
  if (url && !url.ok) return url.step;
  const statusCallback = noun.attributes.statusCallback?.trim();
  // Without statusCallbackEvent, only "completed" is sent.
  const listed = (noun.attributes.statusCallbackEvent ?? 'completed').split(/[\s,]+/);
  return {
    ...(url ? { url: url.url } : {}),
    method: method(noun),
    ...(statusCallback ? { statusCallback } : {}),
    statusCallbackMethod: method(noun, 'statusCallbackMethod'),
    statusCallbackEvents: new Set(listed.filter((e): e is ProgressEvent => (PROGRESS_EVENTS as readonly string[]).includes(e))),
  };
}
