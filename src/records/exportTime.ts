// The time Application Insights gives each row of an export of `traces`: when
// the app logged the line. For an `ivr.call` line that is the status callback,
// the call's end, so a record with neither `startedAt` nor Twilio's
// `timestamp` (a status callback that sent no Timestamp, written by an app
// before `startedAt`) still has a time: this one, less its duration.

import { DateTime } from 'luxon';

/** The formats the portal writes in a CSV export's `timestamp [UTC]` column, e.g. "11/24/2026, 9:01:23.000 AM". */
const PORTAL_FORMATS = ['M/d/yyyy, h:mm:ss.SSS a', 'M/d/yyyy, h:mm:ss a', 'M/d/yyyy, h:mm a'];

/**
 * Whether a column of an export holds the row's time, and in which zone: `timestamp [UTC]` (the portal's CSV)
 * in UTC, a bare `timestamp` (a JSON export) only with its own offset. A column in the portal's local time says
 * no zone the file keeps: not used. The Application Insights resource's Logs name it `timestamp` (table
 * `traces`); a Log Analytics workspace names it `TimeGenerated` (table `AppTraces`), in any case.
 */
export function timeColumn(name: string): 'utc' | 'own-offset' | undefined {
  const column = name.trim().toLowerCase();
  if (column === 'timestamp [utc]' || column === 'timegenerated [utc]') return 'utc';
  if (column === 'timestamp' || column === 'timegenerated') return 'own-offset';
  return undefined;
}

/** The instant a row's time column says, as ISO 8601 in UTC, or undefined when it says none that can be read. */
export function exportTime(value: unknown, zone: 'utc' | 'own-offset'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const iso = DateTime.fromISO(text, { zone: 'utc', setZone: zone === 'own-offset' });
  // Without an offset of its own, an ISO time in a bare `timestamp` column is UTC only by guess: Application Insights writes the Z.
  if (iso.isValid && (zone === 'utc' || /(Z|[+-]\d{2}:?\d{2})$/i.test(text))) return iso.toUTC().toISO() ?? undefined;
  if (zone !== 'utc') return undefined;
  // ISO 8601 with a space for the T (RFC 3339 allows it), as Kusto and spreadsheets write it: as unambiguous.
  const spaced = DateTime.fromSQL(text, { zone: 'utc' });
  if (spaced.isValid) return spaced.toUTC().toISO() ?? undefined;
  for (const format of PORTAL_FORMATS) {
    const at = DateTime.fromFormat(text, format, { zone: 'utc', locale: 'en-US' });
    if (at.isValid) return at.toISO() ?? undefined;
  }
  return undefined;
}
