// The instants `ivr explore` calls at, chosen from the flow's own opening
// hours so they stay representative when the hours change: a time the lines
// are open, a time they are closed on an open day, a day closed all week long
// (the weekend), and a public holiday or closure date on an open weekday.
// All fall in one reference week (or the first holiday after it), so the
// choice is deterministic: no run depends on today's date.

import { DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { closureOn } from '../schedule/closures';
import { holidayOn } from '../schedule/holidayCalendar';
import type { Instant } from './types';
import { parseCallInstant, yearProblem } from '../schedule/callInstant';
import { rangesOn, WEEKDAYS } from '../schedule/weekdays';
import { lineStatus } from '../schedule/lineStatus';

/** Monday 7 December 2026: its Tuesday is a public holiday in Italy (Immacolata Concezione). */
export const DEFAULT_WEEK = '2026-12-07';

export const DAY_MINUTES = 24 * 60;
const HOLIDAY_SEARCH_DAYS = 400;

export function representativeInstants(hours: Hours, week: string = DEFAULT_WEEK): Instant[] {
  const monday = DateTime.fromISO(week, { zone: hours.timeZone }).startOf('week');
  if (!monday.isValid) throw new Error(`"${week}" is not a date; give one as YYYY-MM-DD`);
  const outside = yearProblem(monday, `--week "${week}"`, DEFAULT_WEEK);
  if (outside) throw new Error(outside);
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
  const ordinary = days.filter((day) => holidayName(hours, day) === undefined);
  const instants: Instant[] = [];

  const openDay = ordinary.find((day) => sortedRangesOn(hours, day).length > 0);
  if (openDay) {
    const first = sortedRangesOn(hours, openDay)[0] as Range;
    instants.push(instant('open', openDay, midpoint(first.open, first.close)));
  }
  for (const day of ordinary) {
    const gap = closedGaps(sortedRangesOn(hours, day)).at(-1);
    if (sortedRangesOn(hours, day).length > 0 && gap) {
      instants.push(instant('closed', day, midpoint(gap.open, gap.close)));
      break;
    }
  }
  const shutDay = ordinary.find((day) => sortedRangesOn(hours, day).length === 0);
  if (shutDay) {
    const label = shutDay.weekday >= 6 ? 'weekend' : `closed all day (${WEEKDAYS[shutDay.weekday - 1]})`;
    instants.push(instant(label, shutDay, 12 * 60));
  }
  const holiday = findHoliday(hours, monday);
  if (holiday) {
    const first = sortedRangesOn(hours, holiday.day)[0];
    instants.push(instant(`holiday (${holiday.name})`, holiday.day, first ? midpoint(first.open, first.close) : 12 * 60));
  }
  return instants;
}

/** An instant given on the command line; without an offset it is wall-clock time in the flow's zone. */
export function instantAt(text: string, timeZone: string): Instant {
  parseCallInstant(text, timeZone);
  return { label: '--at', at: text };
}

/** The instant `instant.at` names, read as --at is (parseCallInstant): a time the zone has twice is the second, whatever the day this runs. */
export function instantTime(instant: Instant, timeZone: string): DateTime {
  return parseCallInstant(instant.at, timeZone);
}

/** Days a line open round the clock is followed before it counts as never closing. */
const CLOSING_SEARCH_DAYS = 8;

/**
 * When the lines, open at `at`, next close: the end of the opening range `at` is in, or of the ranges that run
 * on from it (to midnight, then from midnight on the next day), or the start of a holiday or closure date.
 * Undefined when they are not open at `at`, or stay open for more than a week.
 */
export function closingAfter(hours: Hours, at: DateTime): DateTime | undefined {
  let time = at.setZone(hours.timeZone);
  for (let step = 0; step < CLOSING_SEARCH_DAYS * 4; step++) {
    if (lineStatus(hours, time, 'en').kind !== 'open') return step === 0 ? undefined : time;
    const clock = time.toFormat('HH:mm');
    const range = rangesOn(hours, time).find((r) => r.open <= clock && clock < r.close) as Range;
    const [hour, minute] = range.close.split(':').map(Number) as [number, number];
    time = hour === 24 ? time.plus({ days: 1 }).startOf('day') : time.set({ hour, minute, second: 0, millisecond: 0 });
  }
  return undefined;
}

interface Range {
  open: string;
  close: string;
}

/** The day's opening ranges, earliest first. */
function sortedRangesOn(hours: Hours, day: DateTime): Range[] {
  return [...rangesOn(hours, day)].sort((a, b) => a.open.localeCompare(b.open));
}

/** The stretches of a day outside its opening ranges, latest last. */
function closedGaps(ranges: Range[]): Range[] {
  const gaps: Range[] = [];
  let from = '00:00';
  for (const range of ranges) {
    if (range.open > from) gaps.push({ open: from, close: range.open });
    if (range.close > from) from = range.close;
  }
  if (from < '24:00') gaps.push({ open: from, close: '24:00' });
  return gaps;
}

export function holidayName(hours: Hours, day: DateTime): string | undefined {
  const date = day.toISODate() as string;
  const closure = closureOn(hours, date);
  if (closure) return closure.name.en ?? Object.values(closure.name)[0] ?? date;
  return holidayOn(hours.holidays.country, hours.holidays.types, date, 'en');
}

/** The first holiday from `monday` on, preferring one on a day that would otherwise open, so it differs from "closed". */
function findHoliday(hours: Hours, monday: DateTime): { day: DateTime; name: string } | undefined {
  let fallback: { day: DateTime; name: string } | undefined;
  for (let i = 0; i < HOLIDAY_SEARCH_DAYS; i++) {
    const day = monday.plus({ days: i });
    const name = holidayName(hours, day);
    if (name === undefined) continue;
    if (sortedRangesOn(hours, day).length > 0) return { day, name };
    fallback ??= { day, name };
  }
  return fallback;
}

export function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function midpoint(open: string, close: string): number {
  return Math.floor((minutes(open) + Math.min(minutes(close), DAY_MINUTES)) / 2);
}

export function instant(label: string, day: DateTime, minuteOfDay: number): Instant {
  // Set the wall clock rather than add minutes, so a daylight-saving change that day cannot shift it.
  const time = day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, millisecond: 0 });
  return { label, at: time.toFormat("yyyy-MM-dd'T'HH:mm") };
}
