import type { QueueEnd } from './types';

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
