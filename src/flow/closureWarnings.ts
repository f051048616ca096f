import { DateTime } from 'luxon';
import { lastClosedDay } from '../schedule/closures';
import { jsonPath, type FlowProblem } from './problem';
import type { Flow } from './schema';

// What `ivr lint` warns about in hours.closures without refusing the flow:
// the app runs as well with them, but an editor most likely wants to know.
// Kept out of the start-up checks, whose verdict may not depend on the day
// they run (a checked flow is remembered by its text alone).

/** A closure longer than this is more likely a slip in "until" (a year typed wrong) than a real closure. */
const LONGEST_LIKELY_DAYS = 31;

/** Closures already over on `today` (YYYY-MM-DD on the flow's wall clock), and closures of more than a month. */
export function closureWarnings(flow: Flow, today: string): FlowProblem[] {
  const warnings: FlowProblem[] = [];
  flow.hours.closures.forEach((closure, i) => {
    const last = lastClosedDay(closure);
    if (last < today) {
      warnings.push({
        path: jsonPath(['hours', 'closures', i]),
        message: `this closure ended on ${last}, so callers no longer hear it`,
        fix: 'remove it, so the list holds only the closures to come',
      });
    }
    const days = DateTime.fromISO(last).diff(DateTime.fromISO(closure.date), 'days').days + 1;
    if (days > LONGEST_LIKELY_DAYS) {
      warnings.push({
        path: jsonPath(['hours', 'closures', i]),
        message: `closes the lines for ${days} days in a row, from ${closure.date} to ${last}`,
        fix: 'if that is a slip, correct the year of "date" (the first closed day) or "until" (the last)',
      });
    }
  });
  return warnings;
}

/** Today's date on the flow's wall clock, as `closureWarnings` takes it. */
export function flowToday(flow: Flow, now: DateTime = DateTime.now()): string {
  return now.setZone(flow.hours.timeZone).toISODate() as string;
}
