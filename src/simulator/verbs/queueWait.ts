// The caller's time in a queue: the waitUrl's TwiML runs, and is requested
// again each time it runs out, "looping the hold music indefinitely", until
// the queue ends (https://www.twilio.com/docs/voice/twiml/enqueue#attributes-waiturl).
// Only Play, Say, Pause, Gather, Redirect, Hangup and Leave may run there.

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp } from '../callContext';
import { parseTwiml, type TwimlElement } from '../twimlDocument';
import type { HttpMethod, QueueResult } from '../types';

export type WaitMusic = { url: string; method: HttpMethod } | { none: string };

export interface Waiting {
  queue: string;
  queueSid: string;
  enteredAt: number;
  /** The second the queue ends as scripted, unless the wait TwiML or the caller ends it first. */
  endsAt: number;
  music: WaitMusic;
  scripted: QueueResult;
}

/** How the wait ended; `step` when the call ended with it (a hang-up). */
export type Waited = { result: QueueResult; detail?: string; step?: VerbStep };

const WAIT_VERBS = new Set(['Play', 'Say', 'Pause', 'Gather', 'Redirect', 'Hangup', 'Leave']);
/** Twilio's default maximum queue size (the Queue resource's max_size). */
const MAX_QUEUE_SIZE = 1000;
/**
 * Wait-music requests one queue makes at most; after them the last round is
 * taken to repeat until the queue ends, so a long wait stays a short transcript.
 */
const MAX_WAIT_REQUESTS = 50;

export async function waitInQueue(waiting: Waiting, context: CallContext): Promise<Waited> {
  const { clock } = context;
  if (!('url' in waiting.music)) return hold(waiting, context, waiting.music.none);
  const start = { url: waiting.music.url, method: waiting.music.method, params: {} as Record<string, string> };
  let next = start;
  for (let requests = 0; clock.seconds < waiting.endsAt; requests++) {
    if (clock.callerGone) return { result: 'hangup', step: callerHungUp(context) };
    if (requests === MAX_WAIT_REQUESTS) return hold(waiting, context, `the wait music repeats (the simulator stops requesting it after ${MAX_WAIT_REQUESTS} rounds)`);
    const roundStart = clock.seconds;
    const queueSeconds = clock.seconds - waiting.enteredAt;
    context.emit({ type: 'queue-wait', queue: waiting.queue, url: next.url, position: 1, queueSeconds });
    const fetched = await context.fetchBeside(next.url, next.method, { ...waitParameters(waiting, queueSeconds), ...next.params });
    if (fetched.kind === 'failed') {
      if (fetched.outcome.kind === 'not-followed') return hold(waiting, context, `wait music not fetched: ${fetched.outcome.reason}`);
      const detail = 'message' in fetched.outcome ? fetched.outcome.message : fetched.outcome.kind;
      return { result: 'error', detail: `the wait URL failed: ${detail}` };
    }
    if (fetched.kind === 'audio') {
      context.emit({ type: 'play', url: fetched.url, loop: 1 });
      return hold(waiting, context, 'the wait music plays on (its length is unknown to the simulator)');
    }
    if (fetched.kind === 'text') return { result: 'error', detail: 'the wait URL answered plain text, not TwiML or audio' };
    const parsed = parseTwiml(fetched.body);
    if (!parsed.ok) return { result: 'error', detail: `the wait TwiML cannot run: ${parsed.message}` };
    const ran = await runWaitDocument(parsed.verbs, fetched.url, waiting, context);
    if ('result' in ran) return ran;
    // A <Redirect> or a <Gather> action leads to more wait TwiML; otherwise Twilio requests the waitUrl again.
    next = ran.next ?? start;
    if (!ran.next && clock.seconds === roundStart) {
      // Nothing in the round took time the simulator can measure (only <Play>s): the music is taken to last until the queue ends.
      return hold(waiting, context, 'the wait music plays on (its length is unknown to the simulator)');
    }
  }
  return scriptedEnd(waiting, context);
}

type Ran = Waited | { next?: { url: string; method: HttpMethod; params: Record<string, string> } };

async function runWaitDocument(verbs: TwimlElement[], documentUrl: string, waiting: Waiting, context: CallContext): Promise<Ran> {
  for (const verb of verbs) {
    // The queue ended (an agent took the call, ...) while the music played: the rest of it is not heard.
    if (context.clock.seconds >= waiting.endsAt) return scriptedEnd(waiting, context);
    if (context.clock.callerGone) return { result: 'hangup', step: callerHungUp(context) };
    if (!WAIT_VERBS.has(verb.name)) {
      return { result: 'error', detail: `<${verb.name}> cannot run in a queue's wait TwiML (${documentUrl}); only Play, Say, Pause, Gather, Redirect, Hangup and Leave can` };
    }
    if (verb.name === 'Leave') {
      // "The call is removed from the queue and Twilio executes the next TwiML verb after the original <Enqueue>."
      context.emit({ type: 'leave', inQueue: true });
      return { result: 'leave' };
    }
    const step = await context.runVerb(verb, documentUrl);
    if (!step) continue;
    if (step.kind === 'fetch') return { next: step };
    const ended = step.outcome;
    // <Hangup> "hangs up the call and thereby leaving the queue"; so does the caller.
    if (ended.kind === 'hangup' || ended.kind === 'caller-hangup') return { result: 'hangup', step };
    return { result: 'error', detail: 'message' in ended ? ended.message : `the wait TwiML stopped at ${ended.kind}` };
  }
  return {};
}

/** The caller waits without new wait TwiML until the queue ends, or hangs up during it. */
function hold(waiting: Waiting, context: CallContext, why: string): Waited {
  const seconds = Math.max(waiting.endsAt - context.clock.seconds, 0);
  if (seconds > 0) context.emit({ type: 'queue-hold', seconds, why });
  if (!context.clock.waitFor(seconds)) return { result: 'hangup', step: callerHungUp(context) };
  return scriptedEnd(waiting, context);
}

/** The queue ends as scripted; a scripted hangup is the caller putting the phone down at that moment. */
function scriptedEnd(waiting: Waiting, context: CallContext): Waited {
  return waiting.scripted === 'hangup' ? { result: 'hangup', step: callerHungUp(context) } : { result: waiting.scripted };
}

/** The parameters Twilio adds to each waitUrl request; the simulated caller is alone in the queue. */
function waitParameters(waiting: Waiting, queueSeconds: number): Record<string, string> {
  return {
    QueuePosition: '1',
    QueueSid: waiting.queueSid,
    QueueTime: String(queueSeconds),
    AvgQueueTime: String(queueSeconds),
    CurrentQueueSize: '1',
    MaxQueueSize: String(MAX_QUEUE_SIZE),
  };
}
