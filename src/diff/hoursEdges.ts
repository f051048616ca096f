// The instants where a change of the weekly hours shows: on each weekday whose
// hours differ between two flows, the minutes where one flow opens or closes
// and the other does not, and the minute before each. Between two such
// minutes both flows keep their state, so a difference anywhere in the day
// shows at one of them; the minute before gives the contrast (still open at
// 16:59, closed at 17:00). Each weekday is taken on its first date from the
// diff's week that neither flow keeps closed for a holiday or closure, since
// a holiday hides the weekly hours. The minutes are the new flow's clock:
// a change of time zone moves each of the old flow's times (09:00 in Rome is
// 08:00 in London), and the minutes where one flow then opens or closes and
// the other does not are where callers notice the move. Only the instants
// that fall on the weekday, on that clock, are taken.

import { DateTime } from 'luxon';
import type { Flow, Hours } from '../flow/schema';
import { DAY_MINUTES, DEFAULT_WEEK, holidayName, instant, minutes } from '../explore/instants';
import { WEEKDAYS, type Weekday } from '../schedule/weekdays';
import type { Instant } from '../explore/types';

const WEEKS_TO_SEARCH = 8;
/** 23:30: closed on most lines, after their evening hours (a line open until midnight is open then, and the diff sees an open call). */
export const EVENING_MINUTE = 23 * 60 + 30;

export function hoursEdgeInstants(before: Flow, after: Flow, week: string = DEFAULT_WEEK): Instant[] {
  const monday = DateTime.fromISO(week, { zone: after.hours.timeZone }).startOf('week');
  if (!monday.isValid) return [];
  const instants: Instant[] = [];
  WEEKDAYS.forEach((weekday, index) => {
    const day = ordinaryDate(before.hours, after.hours, monday.plus({ days: index }));
    if (!day) return;
    const oldFlips = flips(before.hours, weekday).map((minute) => onClockOf(after.hours, before.hours, day, minute));
    const newFlips = flips(after.hours, weekday);
    const edges = [...new Set([...oldFlips, ...newFlips])].filter((m) => oldFlips.includes(m) !== newFlips.includes(m)).sort((a, b) => a - b);
    if (edges.length === 0) return;
    for (const minute of edges) {
      if (minute > 0 && minute <= DAY_MINUTES) instants.push(at(day, minute - 1, weekday));
      if (minute >= 0 && minute < DAY_MINUTES) instants.push(at(day, minute, weekday));
    }
    // The evening before: a caller told when the line opens again may be told another day now.
    instants.push(instant(`hours changed, evening before ${weekday}`, day.minus({ days: 1 }), EVENING_MINUTE));
  });
  return instants;
}

/** The minutes of the day where the line's state changes (open to closed or back), touching and overlapping ranges merged. */
function flips(hours: Hours, weekday: Weekday): number[] {
  const ranges = hours.weekly[weekday].map((r) => [minutes(r.open), minutes(r.close)] as const).filter(([o, c]) => c > o);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [open, close] of ranges) {
    const last = merged.at(-1);
    if (last && open <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([open, close]);
  }
  return merged.flat();
}

/**
 * The minute of `day` (a date on the clock of `to`) at which the clock of `from` shows `minute` of the same date:
 * itself when both keep one time zone; less than 0 or past the day's end when the other clock is then on another day.
 */
function onClockOf(to: Hours, from: Hours, day: DateTime, minute: number): number {
  if (to.timeZone === from.timeZone) return minute;
  const there = DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone: from.timeZone }).plus({ days: Math.floor(minute / DAY_MINUTES) });
  const here = there.set({ hour: Math.floor((minute % DAY_MINUTES) / 60), minute: minute % 60 }).setZone(to.timeZone);
  const days = here.startOf('day').diff(day.startOf('day'), 'days').days;
  return Math.round(days) * DAY_MINUTES + here.hour * 60 + here.minute;
}

/** The first date from `day` on, a week at a time, that neither flow keeps closed for a holiday or closure. */
function ordinaryDate(before: Hours, after: Hours, day: DateTime): DateTime | undefined {
  for (let i = 0; i < WEEKS_TO_SEARCH; i++) {
    const date = day.plus({ weeks: i });
    if (holidayName(before, date) === undefined && holidayName(after, date) === undefined) return date;
  }
  return undefined;
}

function at(day: DateTime, minute: number, weekday: string): Instant {
  const clock = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return instant(`hours changed, ${weekday} ${clock}`, day, minute);
}
