import { IANAZone, type DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { calendarDayOffOn } from './dayOff';
import type { LineStatus } from './lineStatus';
import { rangesOn } from './weekdays';

/**
 * Why an hours check found what it found, in plain words for a transcript: the time on the flow's wall clock it
 * was made at, and the hours that decided it. A call's transcript counts seconds from the call's start and the
 * check comes after the welcome, so a call begun at 16:59:59 is checked at 17:00:08 and is told "closed": said
 * here, that is no longer a puzzle. `status` is what lineStatus answered at the same instant `now`.
 */
export function hoursChecked(hours: Hours, now: DateTime, status: LineStatus, language: string): string {
  const local = now.setZone(IANAZone.create(hours.timeZone));
  const checked = `hours checked at ${local.toFormat('HH:mm:ss')}`;
  if (status.kind === 'holiday') {
    const dayOff = calendarDayOffOn(hours, local.toISODate() as string, language);
    return `${checked}: ${dayOff?.kind ?? 'holiday'}: ${dayOff?.name ?? status.name}`;
  }
  // The weekly hours are checked to the minute (openByWeeklyHours).
  const clock = local.toFormat('HH:mm');
  const ranges = [...rangesOn(hours, local)].sort((a, b) => a.open.localeCompare(b.open));
  if (status.kind === 'open') {
    const until = ranges.filter((range) => range.open <= clock && clock < range.close).map((range) => range.close).sort().at(-1);
    return until === undefined ? `${checked}: open` : `${checked}: open until ${until}`;
  }
  if (ranges.length === 0) return `${checked}: closed, no opening hours on ${local.setLocale('en').toFormat('cccc')}`;
  const opening = ranges.find((range) => clock < range.open)?.open;
  const closed = ranges.map((range) => range.close).filter((close) => close <= clock).sort().at(-1);
  if (closed === undefined) return `${checked}: closed, before the ${opening} opening`;
  if (opening === undefined) return `${checked}: closed, after the ${closed} close`;
  return `${checked}: closed, between the ${closed} close and the ${opening} opening`;
}
