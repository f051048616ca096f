import type { DialResult, DialStatus } from './types';

/**
 * How each <Dial> of a call ends, for scripted callers: one status for every
 * dial, or a list taken in order whose last status repeats.
 */
export function dialScript(statuses: DialStatus | readonly DialStatus[]): () => DialResult {
  const queue = typeof statuses === 'string' ? [statuses] : [...statuses];
  return () => dialEnding((queue.length > 1 ? queue.shift() : queue[0]) ?? 'completed');
}

/** A <Dial> that ends with `status`: an answered one talks for a minute. */
export function dialEnding(status: DialStatus): DialResult {
  return { status, durationSeconds: status === 'completed' ? 60 : 0 };
}
