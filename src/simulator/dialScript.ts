import type { DialResult, DialStatus } from './types';

/**
 * How each <Dial> of a call ends, for scripted callers: one status for every
 * dial, or a list taken in order whose last status repeats. An answered dial
 * talks for a minute.
 */
export function dialScript(statuses: DialStatus | readonly DialStatus[]): () => DialResult {
  const queue = typeof statuses === 'string' ? [statuses] : [...statuses];
  return () => {
    const status = (queue.length > 1 ? queue.shift() : queue[0]) ?? 'completed';
    return { status, durationSeconds: status === 'completed' ? 60 : 0 };
  };
}
