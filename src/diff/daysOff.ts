// The days off a change adds, removes or renames: a closure, or a public
// holiday the flow's calendar settings (country, types, spoken names) now
// close or name otherwise. `ivr diff` calls at the first day of each run of
// them while the line would be open, and the evening before (callers then
// hear when the line opens again): the explore instants alone would miss them.

import { DateTime } from 'luxon';
import { DEFAULT_WEEK, instant } from '../explore/instants';
import type { Instant } from '../explore/types';
import type { Flow } from '../flow/schema';
import { closureOn, lastClosedDay } from '../schedule/closures';
import { dayOffOn } from '../schedule/dayOff';
import { holidayOn } from '../schedule/holidayCalendar';
import { rangesOn } from '../schedule/weekdays';
import { EVENING_MINUTE } from './hoursEdges';

/** A holiday comes once a year: a year from the diff's week meets each one the calendar settings change. */
const HOLIDAY_DAYS_COMPARED = 366;

/** A changed day off's instants: the call on the day itself (`day`), whose words the report shows, and the evening before. */
export interface DayOffInstants {
  day: Instant;
  eveningBefore: Instant;
  /** The run of days the call on `day` stands for, as YYYY-MM-DD. */
  first: string;
  last: string;
}

export function dayOffInstants(before: Flow, after: Flow, week: string = DEFAULT_WEEK): DayOffInstants[] {
  return changedDayOffRuns(before, after, week).map(({ first, last }) => {
    const days = first === last ? first : `${first} to ${last}`;
    const what = closureOn(after.hours, first) ?? closureOn(before.hours, first) ? 'closure' : 'holiday';
    return {
      day: { label: `${what} ${days}`, at: `${first}T${whileOpen(before, after, first)}` },
      eveningBefore: instant(`evening before ${what} ${days}`, DateTime.fromISO(first).minus({ days: 1 }), EVENING_MINUTE),
      first,
      last,
    };
  });
}

/**
 * Each run of days in a row that the change closes, opens or renames alike,
 * cut where the day would otherwise be another kind of day (open or closed by
 * the weekly hours, a day off or not, in either flow). A summer break from a
 * Saturday to the next Friday is called at on the Saturday and on the Monday:
 * the weekend heard the closed message before, the weekdays reached the menu.
 * The last day before the line opens again is a run of its own: callers then
 * hear "Riapriamo domani", where the days before it name the day.
 * Each run's other days repeat its first word for word.
 */
function changedDayOffRuns(before: Flow, after: Flow, week: string): Array<{ first: string; last: string }> {
  const dates = [...closureDates(before), ...closureDates(after), ...yearFrom(week)];
  const languages = [...new Set([...Object.keys(before.languages), ...Object.keys(after.languages)])];
  const [was, is] = [daysOff(before, dates, languages), daysOff(after, dates, languages)];
  const touched = [...new Set(dates)].filter((date) => was.get(date) !== is.get(date)).sort();
  const kind = (date: string) => {
    const day = DateTime.fromISO(date);
    const ordinary = (flow: Flow) => `${JSON.stringify(rangesOn(flow.hours, day))} ${holidayOn(flow.hours.holidays.country, flow.hours.holidays.types, date, 'en') ?? ''}`;
    return `${was.get(date)}\0${is.get(date)}\0${ordinary(before)}\0${ordinary(after)}\0${reopensTomorrow(before, day)}\0${reopensTomorrow(after, day)}`;
  };
  const kinds = touched.map(kind);
  const runs: Array<{ first: string; last: string }> = [];
  touched.forEach((date, i) => {
    const previous = touched[i - 1];
    const run = runs.at(-1);
    if (run && previous !== undefined && DateTime.fromISO(previous).plus({ days: 1 }).toISODate() === date && kinds[i - 1] === kinds[i]) run.last = date;
    else runs.push({ first: date, last: date });
  });
  return runs;
}

/** Whether the flow keeps `day` closed all day and opens the next: callers then hear "Riapriamo domani". */
function reopensTomorrow(flow: Flow, day: DateTime): boolean {
  const openOn = (date: DateTime) => rangesOn(flow.hours, date).length > 0 && dayOffOn(flow.hours, date.toISODate() as string, 'en') === undefined;
  return !openOn(day) && openOn(day.plus({ days: 1 }));
}

/** The name callers hear on each of `dates` the flow keeps closed all day, in every language, as one string; a day the line keeps no day off is absent. */
function daysOff(flow: Flow, dates: string[], languages: string[]): Map<string, string> {
  const days = new Map<string, string>();
  for (const date of dates) {
    const names = languages.map((language) => dayOffOn(flow.hours, date, language)?.name);
    if (names.some((name) => name !== undefined)) days.set(date, JSON.stringify(names));
  }
  return days;
}

/** Every day the flow's closures keep closed. */
function closureDates(flow: Flow): string[] {
  return flow.hours.closures.flatMap((closure) => {
    const dates: string[] = [];
    const last = lastClosedDay(closure);
    for (let day = DateTime.fromISO(closure.date); day.isValid && (day.toISODate() as string) <= last; day = day.plus({ days: 1 })) dates.push(day.toISODate() as string);
    return dates;
  });
}

/** The dates of a year from the Monday of `week`. */
function yearFrom(week: string): string[] {
  const monday = DateTime.fromISO(week).startOf('week');
  if (!monday.isValid) return [];
  return Array.from({ length: HOLIDAY_DAYS_COMPARED }, (_, i) => monday.plus({ days: i }).toISODate() as string);
}

/**
 * When on `date` to call to see what a day off changes: noon, unless neither
 * flow's weekly hours are open then (a Saturday open 14:00-18:00), when the
 * first opening of the day: callers then reached the menu, and now do not.
 */
function whileOpen(before: Flow, after: Flow, date: string): string {
  const day = DateTime.fromISO(date);
  const ranges = [...rangesOn(before.hours, day), ...rangesOn(after.hours, day)];
  if (ranges.length === 0 || ranges.some((range) => range.open <= NOON && NOON < range.close)) return NOON;
  return ranges.map((range) => range.open).sort()[0] as string;
}

const NOON = '12:00';
