import { DateTime, IANAZone } from 'luxon';
import './luxonLocale';

/**
 * The instant of a simulated call as people write it: ISO-8601, and without
 * an offset it is wall-clock time in the flow's zone ("2026-11-24T10:00").
 * `what` names where it came from in the error (--at, call.at, ...).
 */
export function parseCallInstant(text: string, timeZone: string, what = '--at'): DateTime {
  const instant = DateTime.fromISO(text, { zone: IANAZone.create(timeZone), setZone: true });
  if (!instant.isValid) throw new Error(`${what} "${text}" is not an ISO-8601 date-time; e.g. 2026-11-24T10:00 (${timeZone}) or 2026-11-24T09:00:00Z`);
  return instant;
}
