// The days of a report's period the line was closed all day, whatever its
// weekly hours say: the public holidays of the flow's calendar and its own
// closures, as dayOffOn (what callers were told) names them. The hour chart
// adds every week of the period up on one week, so a holiday's calls sit in
// the hours of an ordinary weekday: the page names these days beside it.

import { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { dayOffOn } from '../schedule/dayOff';
import { lineStatus } from '../schedule/lineStatus';

export interface ClosedDay {
  /** YYYY-MM-DD in the flow's time zone. */
  date: string;
  /** The holiday's or closure's name as callers hear it after "closed for" ("the Feast of the Immaculate Conception"), in the page's language (English when the flow has it). */
  name: string;
  /** The flow's language (a key of its languages) `name` is in: the page marks the name with its tag, for a screen reader to say it in that language. */
  language: string;
  /** The name as the callers of each of the flow's languages heard it, in the flow's order of languages: Italian callers heard "l'Immacolata". */
  heard: [language: string, name: string][];
}

/** Whether the line answered as open at `started` (a holiday or closure is closed all day). */
export function lineOpenAt(flow: Flow, started: DateTime): boolean {
  // The language only names a holiday, which is not asked for here: the flow's own is in its holiday table.
  return lineStatus(flow.hours, started, flow.defaultLanguage).kind === 'open';
}

/** Every holiday and closure from `first` to `last` (YYYY-MM-DD, inclusive), earliest first. */
export function closedDaysIn(flow: Flow, first: string, last: string): ClosedDay[] {
  const language = Object.hasOwn(flow.languages, 'en') ? 'en' : flow.defaultLanguage;
  const days: ClosedDay[] = [];
  for (let day = DateTime.fromISO(first, { zone: flow.hours.timeZone }); (day.toISODate() as string) <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    const dayOff = dayOffOn(flow.hours, date, language);
    if (dayOff) days.push({ date, name: dayOff.name, language, heard: Object.keys(flow.languages).map((spoken) => [spoken, dayOffOn(flow.hours, date, spoken)?.name ?? dayOff.name]) });
  }
  return days;
}
