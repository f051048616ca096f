// <Dial>: ring the targets (all at once, as Twilio does), let the `dial`
// option decide how it ends, then request the action URL with DialCallStatus,
// or carry on with the next verb when there is no action.

import type { CallContext, VerbStep } from '../callContext';
import { endWith, schemaError } from '../callContext';
import { newSid } from '../sids';
import type { DialNounKind, DialTarget } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { integer, method, resolveUrl } from './attributes';
import { dequeueParameters } from './queueNoun';

const NOUN_KINDS: Record<string, DialNounKind> = { Number: 'number', Sip: 'sip', Client: 'client', Queue: 'queue' };
/** Nouns Twilio accepts in <Dial> that need more than a caller and a callee to emulate. */
const UNEMULATED_NOUNS = new Set(['Conference', 'Sim', 'Application', 'WhatsApp']);

const DEFAULT_TIMEOUT = 30;
const DEFAULT_TIME_LIMIT = 14400;

export async function dial(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const targets = dialTargets(element);
  if ('kind' in targets) {
    if (targets.kind === 'end' && targets.outcome.kind === 'unsupported') {
      context.emit({ type: 'unsupported', verb: targets.outcome.verb });
    }
    return targets;
  }
  const first = targets[0]!;
  const timeout = integer(element, 'timeout', DEFAULT_TIMEOUT);
  const timeLimit = integer(element, 'timeLimit', DEFAULT_TIME_LIMIT);
  const action = element.attributes.action !== undefined ? resolveUrl(context, element.attributes.action) : undefined;
  if (action && !action.ok) return action.step;
  const callerId = element.attributes.callerId?.trim();

  const result = await context.dial({
    to: first.to,
    noun: first.kind,
    targets,
    timeout,
    timeLimit,
    ...(callerId ? { callerId } : {}),
    ...(action ? { action: action.url } : {}),
  });
  const answered = result.status === 'completed';
  const durationSeconds = answered ? Math.min(result.durationSeconds ?? 60, timeLimit) : 0;
  // A bridged <Queue> dial: its url is requested before the join, and its parameters go to the action.
  const dequeued = answered && first.kind === 'queue' ? await dequeueParameters(element, durationSeconds, context) : {};
  context.emit({ type: 'dial', to: first.to, noun: first.kind, targets, status: result.status, durationSeconds });
  context.clock.advance(answered ? durationSeconds : result.status === 'no-answer' ? timeout : 0);
  if (answered) context.connected({ kind: 'dial', to: first.to, noun: first.kind, status: 'completed', durationSeconds });
  if (!action) return undefined;

  const params: Record<string, string> = {
    DialCallStatus: result.status,
    DialCallSid: newSid('CA'),
    DialBridged: String(answered),
  };
  if (answered) params.DialCallDuration = String(durationSeconds);
  Object.assign(params, dequeued);
  return { kind: 'fetch', url: action.url, method: method(element), params };
}

function dialTargets(element: TwimlElement): DialTarget[] | VerbStep {
  if (element.children.length === 0) {
    return element.text ? [{ kind: 'number', to: element.text }] : schemaError('<Dial> needs a number or a noun');
  }
  const targets: DialTarget[] = [];
  for (const noun of element.children) {
    if (UNEMULATED_NOUNS.has(noun.name)) return endWith({ kind: 'unsupported', verb: noun.name });
    const kind = NOUN_KINDS[noun.name];
    if (!kind) return schemaError(`<${noun.name}> cannot be nested in <Dial>`);
    // <Client> may name its identity in an <Identity> child, beside <Parameter>s.
    const identity = noun.children.find((child) => child.name === 'Identity');
    const to = identity?.text || noun.ownText;
    if (!to) return schemaError(`<${noun.name}> in <Dial> is empty`);
    targets.push({ kind, to });
  }
  return targets;
}
