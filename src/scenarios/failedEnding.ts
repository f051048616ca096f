// A scenario that pins only how the call ends (expect.outcome, expect.to) and fails is told "expected dial, got
// hangup", which does not say why. The route the call took does, as expect.path's failure shows it; and an hours
// check that found the line closed on the way says it in words: a scenario begun just before closing time reaches
// the operator's hours check after it, and moved hours close the line under a scenario that passed.

import type { TracedStep } from './coverage';
import { route } from './expectedPath';
import { hoursMayHaveChanged } from './refusedTransfer';
import type { HoursCheck } from './scenarioTarget';
import type { DateTime } from 'luxon';
import type { Hours } from '../flow/schema';
import { closureOn } from '../schedule/closures';
import { dayOffOn } from '../schedule/dayOff';
import { openByWeeklyHours, rangesOn } from '../schedule/weekdays';

/**
 * The lines told under a failed ending: the route (`entered`), unless the scenario pins its own
 * (`pinsRoute`: expect.path says it then), and the call's last hours check when it found the line closed.
 * `callAt`: the scenario's instant as written.
 */
export function failedEndingLines(entered: readonly TracedStep[], hoursChecks: readonly HoursCheck[], callAt: string | undefined, pinsRoute: boolean): string[] {
  const lines = pinsRoute ? [] : [`the call's route: ${route(entered.map((s) => s.node))}`];
  const last = hoursChecks.at(-1);
  if (last && last.found !== 'open') {
    const began = callAt === undefined ? '' : ` (begun at ${callAt}, its call.at)`;
    const dayOff = last.dayOff?.();
    const closedFor = dayOff ? ` for ${dayOff.kind === 'closure' ? 'the closure' : 'the holiday'} "${dayOff.name}"` : last.found === 'holiday' ? ' for a holiday' : '';
    lines.push(
      `the hours check at node "${last.node}" found the line closed${closedFor} at ${last.at.toFormat('HH:mm:ss')}, ${last.second} s into the call${began}`,
      `if the line was meant to be open then: ${dayOff ? dayOffFix(dayOff) : hoursMayHaveChanged("move the scenario's call.at")}`,
    );
  }
  return lines;
}

/**
 * The day off an hours check found, as the engine saw it (lineStatus): one of the flow's closures, with its place in
 * `hours.closures` and its days, or a holiday of the calendar its `hours.holidays` names. Named in `language`.
 */
export type DayOffFound =
  | { kind: 'closure'; name: string; index: number; date: string; until?: string; weeklyClosed?: string }
  | { kind: 'holiday'; name: string; date: string; country: string; types: readonly string[] };

/** The day off that closes the line at `at` (any zone; read on the flow's wall clock), or undefined. */
export function dayOffFound(hours: Hours, at: DateTime, language: string): DayOffFound | undefined {
  const local = at.setZone(hours.timeZone);
  const date = local.toISODate() as string;
  const dayOff = dayOffOn(hours, date, language);
  if (!dayOff) return undefined;
  const closure = closureOn(hours, date);
  if (dayOff.kind === 'closure' && closure) {
    const weeklyClosed = weeklyHoursClose(hours, local);
    return { kind: 'closure', name: dayOff.name, index: hours.closures.indexOf(closure), date: closure.date, ...(closure.until ? { until: closure.until } : {}), ...(weeklyClosed ? { weeklyClosed } : {}) };
  }
  return { kind: 'holiday', name: dayOff.name, date, country: hours.holidays.country, types: hours.holidays.types };
}

/**
 * When the weekly hours alone would close the line at `local` too, in words (`a Saturday`, `at 20:00 on a Monday`):
 * changing the closure would not open it then. Undefined when they would open it.
 */
function weeklyHoursClose(hours: Hours, local: DateTime): string | undefined {
  if (openByWeeklyHours(hours, local)) return undefined;
  const day = `a ${local.setLocale('en').toFormat('cccc')}`;
  return rangesOn(hours, local).length === 0 ? day : `at ${local.toFormat('HH:mm')} on ${day}`;
}

/**
 * Where the day off comes from, to edit it, and the other fix: a day the line is open. The weekly hours are not why,
 * unless they close the line then too: changing the closure would not open it, so it is not offered.
 */
function dayOffFix(dayOff: DayOffFound): string {
  const other = "move the scenario's call.at to a day the line is open";
  if (dayOff.kind === 'closure') {
    const days = dayOff.until ? `${dayOff.date} to ${dayOff.until}` : dayOff.date;
    const closes = `the flow closes it ${days} for "${dayOff.name}" (hours.closures[${dayOff.index}])`;
    if (dayOff.weeklyClosed) return `${closes} (${dayOff.weeklyClosed}: the weekly hours close it too); ${other}`;
    return `${closes}; ${other}, or change that closure`;
  }
  return `${dayOff.date} is "${dayOff.name}", a holiday of the calendar the flow's hours.holidays names (${dayOff.country}, ${dayOff.types.join(', ')}); ${other}`;
}
