// A record with neither `startedAt` nor `timestamp` is dated by its export row's time (exportTime). The
// portal writes a CSV's `timestamp [UTC]` in the format of its language and region, and only English
// (United States)'s and ISO 8601 are read: a day-first date (24/11/2026) cannot be told from a month-first
// one for days up to 12. Said beside the undated count, alike on the terminal and the page, so the reader
// knows why those records have no time and how to export them so they do.

import type { CallTally, ShowValue } from './callTally';

/** Why undated records have no time, when their export rows had one this command does not read; "" otherwise. */
export function unreadTimeNote(t: Pick<CallTally, 'undated' | 'unreadTime'>, show: ShowValue): string {
  if (t.undated === 0 || t.unreadTime === undefined) return '';
  return (
    `the export's timestamp [UTC] says "${show(t.unreadTime)}", a form not read (only English (United States) dates, such as 11/24/2026, 9:01:23.000 AM, and ISO 8601 are): ` +
    'export again with the portal\'s regional format (Portal settings, Language + region) set to English (United States)'
  );
}
