import { DateTime, IANAZone } from 'luxon';
import './luxonLocale';

/**
 * The instant of a simulated call as people write it: ISO-8601, and without
 * an offset it is wall-clock time in the flow's zone ("2026-11-24T10:00").
 * `what` names where it came from in the error (--at, call.at, ...).
 *
 * Both a date and a time of day are required: ISO-8601 lets either stand
 * alone, and luxon reads a date alone as midnight (when every line is closed)
 * and a time alone as today, so a test would quietly check the night, or
 * pass on one day and fail on the next.
 */
export function parseCallInstant(text: string, timeZone: string, what = '--at'): DateTime {
  const instant = DateTime.fromISO(text, { zone: IANAZone.create(timeZone), setZone: true });
  if (!instant.isValid) throw new Error(`${what} "${text}" is not an ISO-8601 date-time; e.g. 2026-11-24T10:00 (${timeZone}) or 2026-11-24T09:00:00Z`);
  // A date-time in ISO-8601 always has its T between the date and the time.
  if (!/t/i.test(text)) {
    throw new Error(
      text.includes(':')
        ? `${what} "${text}" has no date (it would be today's); give one, e.g. 2026-11-24T${text}`
        : `${what} "${text}" has no time of day (it would be 00:00); give one, e.g. ${instant.toISODate()}T10:00`,
    );
  }
  const problem = yearProblem(instant.setZone(timeZone), `${what} "${text}"`, '2026-11-24T10:00');
  if (problem) throw new Error(problem);
  return instant;
}

const FIRST_YEAR = 2000;
const LAST_YEAR = 2999;

/**
 * A call before Twilio or centuries ahead is a typo ("0206-11-24", "20266-…"): refused, rather than heard in
 * Rome's 19th-century local time or charted by `ivr report` as a period of centuries. The year is the one on
 * the flow's wall clock (`day` in its zone). Undefined when the year is one a call can have.
 */
export function yearProblem(day: DateTime, named: string, example: string): string | undefined {
  if (isCallYear(day.year)) return undefined;
  return `${named} is in the year ${day.year}; ${CALL_YEARS_FIX}, e.g. ${example}`;
}

export function isCallYear(year: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

export const CALL_YEARS_FIX = `give a year from ${FIRST_YEAR} to ${LAST_YEAR}`;
