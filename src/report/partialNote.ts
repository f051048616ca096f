import type { CallTally } from './callTally';
import { counted } from '../text/counted';

/**
 * The calls whose path misses their first answers, in words ("" when none), for the page and the terminal:
 * their paths begin with "…", and the map counts them from the first node the journal had, not from the start.
 */
export function partialNote(tally: Pick<CallTally, 'partialPaths'>): string {
  if (tally.partialPaths === 0) return '';
  return `${counted(tally.partialPaths, 'call has a partial path', 'calls have partial paths')}: the journal missed the call's first answers, so the path begins with … and the map counts the call from the first node it had`;
}
