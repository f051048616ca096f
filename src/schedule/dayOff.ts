import type { Hours } from '../flow/schema';
import { closureOn } from './closures';
import { holidayOn, spokenHolidayName } from './holidayCalendar';

/** A day the lines stay shut all day whatever the weekly hours: one of the flow's closures, or a public holiday. */
export interface DayOff {
  kind: 'closure' | 'holiday';
  /** As callers hear it in "{holiday}": the closure's name, or the flow's spoken name for the holiday, else the calendar's. */
  name: string;
}

/**
 * The closure or holiday that shuts the lines on `date` (YYYY-MM-DD, the
 * flow's wall clock), named in `language`. A closure wins over a holiday on
 * the same day: it is the flow's own word for that day.
 */
export function dayOffOn(hours: Hours, date: string, language: string): DayOff | undefined {
  const dayOff = calendarDayOffOn(hours, date, language);
  if (dayOff?.kind !== 'holiday') return dayOff;
  const spoken = hours.holidays.spokenNames?.[language];
  return { kind: 'holiday', name: spoken && Object.hasOwn(spoken, dayOff.name) ? (spoken[dayOff.name] as string) : dayOff.name };
}

/**
 * The day off on `date` as dayOffOn finds it, a holiday named as the calendar names it ("Immacolata
 * Concezione"), not as the flow has callers hear it ("l'Immacolata"): what someone checking the
 * calendar looks for.
 */
export function calendarDayOffOn(hours: Hours, date: string, language: string): DayOff | undefined {
  const closure = closureOn(hours, date);
  if (closure) return { kind: 'closure', name: spokenHolidayName(closure.name[language] ?? Object.values(closure.name)[0] ?? date) };
  const holiday = holidayOn(hours.holidays.country, hours.holidays.types, date, language);
  return holiday === undefined ? undefined : { kind: 'holiday', name: spokenHolidayName(holiday) };
}
