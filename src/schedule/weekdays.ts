import type { DateTime } from 'luxon';
import type { Hours } from '../flow/schema';

// The keys of "hours.weekly", in the order of the week: Monday first, as luxon
// numbers weekdays (1 = Monday), so WEEKDAYS[dt.weekday - 1] is a DateTime's.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The opening ranges "hours.weekly" gives the weekday `day` falls on (as the flow lists them). */
export function rangesOn(hours: Hours, day: DateTime): Hours['weekly'][Weekday] {
  return hours.weekly[WEEKDAYS[day.weekday - 1] as Weekday];
}

/**
 * Whether the weekly hours say open at `local`, a time already in the flow's
 * zone, to the minute: holidays and closures aside, which lineStatus weighs.
 */
export function openByWeeklyHours(hours: Hours, local: DateTime): boolean {
  const clock = local.toFormat('HH:mm');
  return rangesOn(hours, local).some((range) => range.open <= clock && clock < range.close);
}

/** Open days said together: a run of consecutive days with the same ranges. */
export interface DaysAlike {
  first: Weekday;
  last: Weekday;
  ranges: Hours['weekly'][Weekday];
}

/** The open days, in runs of consecutive days with the same ranges (earliest first). */
export function daysAlike(weekly: Hours['weekly']): DaysAlike[] {
  const groups: DaysAlike[] = [];
  let previous: string | undefined;
  for (const day of WEEKDAYS) {
    const ranges = [...weekly[day]].sort((a, b) => a.open.localeCompare(b.open));
    const key = JSON.stringify(ranges);
    const last = groups.at(-1);
    if (ranges.length > 0 && last && key === previous) last.last = day;
    else if (ranges.length > 0) groups.push({ first: day, last: day, ranges });
    previous = ranges.length > 0 ? key : undefined;
  }
  return groups;
}
