import { IANAZone, type DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { dayOffOn } from './dayOff';
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
  const dayOff = dayOffOn(hours, local.toISODate() as string, language);
  if (dayOff) return { kind: 'holiday', name: dayOff.name };
  return openByWeeklyHours(hours, local) ? { kind: 'open' } : { kind: 'closed' };
}
