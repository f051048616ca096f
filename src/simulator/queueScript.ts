import type { QueueEnd, ScriptedQueueResult } from './types';

/** The queue's default: an agent takes the call after 30 s of wait music and talks for a minute, like an answered dial. */
export const DEFAULT_QUEUE_END: Required<QueueEnd> = { result: 'bridged', waitSeconds: 30, talkSeconds: 60 };

/**
 * How each <Enqueue> of a call ends, for scripted callers: one ending for
 * every queue, or a list taken in order whose last ending repeats.
 */
export function queueScript(endings: QueueEnd | readonly QueueEnd[]): () => QueueEnd {
  const queue: QueueEnd[] = Array.isArray(endings) ? [...(endings as readonly QueueEnd[])] : [endings as QueueEnd];
  return () => (queue.length > 1 ? queue.shift() : queue[0]) ?? DEFAULT_QUEUE_END;
}

const SCRIPTED_RESULTS: readonly ScriptedQueueResult[] = ['bridged', 'hangup', 'redirected', 'redirected-from-bridged', 'queue-full', 'error', 'system-error'];

/**
 * One ending written as text, `RESULT[:WAIT[:TALK]]` (ivr call --queue, a
 * scenario's `queue:`), e.g. "bridged:45" or "hangup:20"; throws an Error
 * saying what to write instead.
 */
export function parseQueueEnding(text: string): QueueEnd {
  const [result, wait, talk, ...rest] = text.trim().split(':');
  if (!SCRIPTED_RESULTS.includes(result as ScriptedQueueResult)) {
    const why = result === 'leave' ? ' (leave comes from a <Leave> in the wait TwiML, not from the queue)' : '';
    throw new Error(`"${text}": the queue result must be one of ${SCRIPTED_RESULTS.join(', ')}${why}; e.g. bridged:45 (an agent after 45 s) or hangup:20`);
  }
  const seconds = [wait, talk].map((value) => (value === undefined || value === '' ? undefined : Number(value)));
  if (rest.length > 0 || seconds.some((n) => n !== undefined && !(Number.isFinite(n) && n >= 0))) {
    throw new Error(`"${text}": write RESULT[:WAIT[:TALK]] with seconds, e.g. bridged:45 or bridged:45:120`);
  }
  const [waitSeconds, talkSeconds] = seconds;
  return { result: result as ScriptedQueueResult, ...(waitSeconds !== undefined ? { waitSeconds } : {}), ...(talkSeconds !== undefined ? { talkSeconds } : {}) };
}
