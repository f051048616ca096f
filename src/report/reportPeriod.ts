// The period `ivr report` covers, said alike on the terminal and in the
// page's header, with where it comes from: the days asked for (--from,
// --to) bound it, so a day with no call inside them is still part of it; an
// end not asked for is the first or last call's day.

import type { CallTally } from './callTally';

export interface ReportPeriod {
  /** The first and last day (YYYY-MM-DD), when there is a period: days asked for, or calls with a date. */
  first?: string;
  last?: string;
  /** The period in words, e.g. "2026-11-23 to 2026-11-29 (the days asked for)", or "days unknown (…)" when no record says when its call began. */
  words: string;
}

export function reportPeriod(asked: { from?: string | undefined; to?: string | undefined }, tally: Pick<CallTally, 'first' | 'last'>): ReportPeriod {
  const first = asked.from ?? tally.first;
  const last = asked.to ?? tally.last;
  // One end asked for and no call counted to give the other: every record was outside the days asked for.
  if (first && !last) return { words: `from ${first} (the day asked for; no call since)` };
  if (!first && last) return { words: `up to ${last} (the day asked for; no call until then)` };
  if (!first || !last) return { words: 'days unknown (no record says when its call began)' };
  const days = first === last ? first : `${first} to ${last}`;
  const which =
    asked.from && asked.to ? (first === last ? 'the day asked for' : 'the days asked for') :
    asked.from ? 'from the day asked for to the last call' :
    asked.to ? 'from the first call to the day asked for' :
    first === last ? 'the day of the calls' : 'from the first call to the last';
  return { first, last, words: `${days} (${which})` };
}

/**
 * The days every record covers, --from/--to or not, e.g. "the records run from 2026-11-24 to 2026-12-31":
 * said beside the records left out, so a period with no call in it says where the calls are. "" when no record has a date.
 */
export function recordsCover(tally: Pick<CallTally, 'recordsFirst' | 'recordsLast'>): string {
  const { recordsFirst: first, recordsLast: last } = tally;
  if (!first || !last) return '';
  return first === last ? `the records are all of ${first}` : `the records run from ${first} to ${last}`;
}
