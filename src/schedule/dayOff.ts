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
  const closure = closureOn(hours, date);
  if (closure) return { kind: 'closure', name: spokenHolidayName(closure.name[language] ?? Object.values(closure.name)[0] ?? date) };
  const holiday = holidayOn(hours.holidays.country, hours.holidays.types, date, language);
  if (!holiday) return undefined;
  const name = spokenHolidayName(holiday);
  const spoken = hours.holidays.spokenNames?.[language];
  return { kind: 'holiday', name: spoken && Object.hasOwn(spoken, name) ? (spoken[name] as string) : name };
}
