import { DateTime } from 'luxon';
import { lastClosedDay } from '../schedule/closures';
import { dayOffOn } from '../schedule/dayOff';
import { jsonPath, type FlowProblem } from './problem';
import type { Flow } from './schema';

// What `ivr lint` warns about in hours.closures without refusing the flow:
// the app runs as well with them, but an editor most likely wants to know.
// Kept out of the start-up checks, whose verdict may not depend on the day
// they run (a checked flow is remembered by its text alone).

/** A closure longer than this is more likely a slip in "until" (a year typed wrong) than a real closure. */
const LONGEST_LIKELY_DAYS = 31;

/**
 * Closures already over on `today` (YYYY-MM-DD on the flow's wall clock), closures of more than a month,
 * and one-day closures on a holiday of the calendar, where callers hear the closure's name instead of the
 * holiday's (a closure wins over a holiday: dayOff.ts). A closure of several days that takes in a holiday
 * (a summer break over Ferragosto) is most likely meant to be said all through, and is not warned about.
 */
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
    const language = flow.defaultLanguage;
    const holiday = last === closure.date ? dayOffOn({ ...flow.hours, closures: [] }, closure.date, language) : undefined;
    if (holiday) {
      const name = dayOffOn(flow.hours, closure.date, language)?.name;
      warnings.push({
        path: jsonPath(['hours', 'closures', i]),
        message: `${closure.date} is already a holiday: callers that day hear this closure's name, ${JSON.stringify(name)}, instead of the holiday's, ${JSON.stringify(holiday.name)}`,
        fix: `remove the closure, as the holiday closes the lines anyway; keep it only if callers should hear ${JSON.stringify(name)} that day`,
      });
    }
  });
  return warnings;
}

/** Today's date on the flow's wall clock, as `closureWarnings` takes it. */
export function flowToday(flow: Flow): string {
  return DateTime.now().setZone(flow.hours.timeZone).toISODate() as string;
}
