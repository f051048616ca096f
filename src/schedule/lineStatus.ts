import { IANAZone, type DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { closureOn } from './closures';
import { holidayOn, spokenHolidayName } from './holidayCalendar';
import './luxonLocale';
import { openByWeeklyHours } from './weekdays';

export type LineStatus = { kind: 'open' } | { kind: 'closed' } | { kind: 'holiday'; name: string };

/**
 * Whether the line answers at `now`, judged on the wall clock of the flow's
 * time zone (so daylight-saving changes need no special case). A holiday or
 * closure date wins over the weekly hours, so the caller hears its name: the
 * flow's spoken name for it, if it gives one, else the calendar's.
 */
export function lineStatus(hours: Hours, now: DateTime, language: string): LineStatus {
  const local = now.setZone(IANAZone.create(hours.timeZone));
  const date = local.toISODate() as string;

  const closure = closureOn(hours, date);
  if (closure) return { kind: 'holiday', name: spokenHolidayName(closure.name[language] ?? Object.values(closure.name)[0] ?? date) };
  const holiday = holidayOn(hours.holidays.country, hours.holidays.types, date, language);
  if (holiday) {
    const name = spokenHolidayName(holiday);
    const spoken = hours.holidays.spokenNames?.[language];
    return { kind: 'holiday', name: spoken && Object.hasOwn(spoken, name) ? (spoken[name] as string) : name };
  }

  return openByWeeklyHours(hours, local) ? { kind: 'open' } : { kind: 'closed' };
}
