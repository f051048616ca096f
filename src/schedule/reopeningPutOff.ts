import { IANAZone, type DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { dayOffOn, type DayOff } from './dayOff';
import { rangesOn } from './weekdays';

// Why a closed line opens again later than its weekly hours alone would have
// it: a caller told on Friday evening "lunedì 16 agosto" wonders why not
// Monday the 9th. The answer is a day off (a holiday or a closure) on a day
// the weekly hours would have opened.

/**
 * The days off that put the opening `opens` (from nextOpening) off, in order,
 * each once: of the days from `now` to `opens` that the weekly hours would
 * open (today only if still open, or yet to open, by them), those shut by a
 * holiday or closure. All of them answer "why not sooner?": a caller told
 * only "dopo Santo Stefano" on Christmas Eve still wonders about Christmas
 * Day; a closure of many days is one name. `todayNamed`: the message already
 * names the day off the caller calls on ("{holiday}"), so that one is not
 * said twice.
 */
export function reopeningPutOffBy(hours: Hours, now: DateTime, opens: DateTime, language: string, todayNamed: boolean): DayOff[] {
  const local = now.setZone(IANAZone.create(hours.timeZone));
  const clock = local.toFormat('HH:mm');
  const opensOn = opens.setZone(local.zone).toISODate() as string;
  const today = todayNamed ? dayOffOn(hours, local.toISODate() as string, language) : undefined;
  // Each day off once, by kind and name: a closure of many days is one reason, and today's, named already, none.
  const named = new Set(today ? [dayOffKey(today)] : []);
  const putOffBy: DayOff[] = [];
  for (let day = local.startOf('day'); (day.toISODate() as string) < opensOn; day = day.plus({ days: 1 })) {
    const ranges = rangesOn(hours, day);
    const wouldOpen = day.hasSame(local, 'day') ? ranges.some((range) => range.close > clock) : ranges.length > 0;
    const off = wouldOpen ? dayOffOn(hours, day.toISODate() as string, language) : undefined;
    if (!off || named.has(dayOffKey(off))) continue;
    named.add(dayOffKey(off));
    putOffBy.push(off);
  }
  return putOffBy;
}

const dayOffKey = (off: DayOff) => `${off.kind}\n${off.name}`;
