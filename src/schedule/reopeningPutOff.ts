import { IANAZone, type DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { dayOffOn, type DayOff } from './dayOff';
import { rangesOn } from './weekdays';

// Why a closed line opens again later than its weekly hours alone would have
// it: a caller told on Friday evening "lunedì 16 agosto" wonders why not
// Monday the 9th. The answer is a day off (a holiday or a closure) on a day
// the weekly hours would have opened.

/**
 * The day off that puts the opening `opens` (from nextOpening) off, if any:
 * of the days from `now` to `opens` that the weekly hours would open (today
 * only if still open, or yet to open, by them), those shut by a holiday or
 * closure, the last one. The last answers "why not sooner?": each earlier one
 * is followed by another day shut; and one name keeps the sentence short.
 * `todayNamed`: the message already names the day off the caller calls on
 * ("{holiday}"), so that one is not said twice: none when it is the last.
 */
export function reopeningPutOffBy(hours: Hours, now: DateTime, opens: DateTime, language: string, todayNamed: boolean): DayOff | undefined {
  const local = now.setZone(IANAZone.create(hours.timeZone));
  const clock = local.toFormat('HH:mm');
  const opensOn = opens.setZone(local.zone).toISODate() as string;
  let last: DayOff | undefined;
  for (let day = local.startOf('day'); (day.toISODate() as string) < opensOn; day = day.plus({ days: 1 })) {
    const ranges = rangesOn(hours, day);
    const wouldOpen = day.hasSame(local, 'day') ? ranges.some((range) => range.close > clock) : ranges.length > 0;
    if (wouldOpen) last = dayOffOn(hours, day.toISODate() as string, language) ?? last;
  }
  const today = todayNamed ? dayOffOn(hours, local.toISODate() as string, language) : undefined;
  return last && today && last.kind === today.kind && last.name === today.name ? undefined : last;
}
