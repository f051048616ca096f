import type { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { lineStatus } from '../schedule/lineStatus';
import { spokenReopening } from '../schedule/reopening';

/**
 * Everything the engine's answers take from `now` (step.ts, an `hours` node),
 * in every language of the flow, as one string: whether the line is open, the
 * holiday or closure it is shut for, and when it opens again, as said with or
 * without naming the day off. Two instants that read the same get the same
 * answer to every request, so `ivr diff` walks a line once per reading, not
 * once per instant (a change of time zone of our flow calls at 53 instants,
 * which each flow reads six or seven ways). The "hours checked at 17:00:08"
 * a transcript tells is left out: the caller does not hear it, and no walk
 * reads it.
 */
export function clockReading(flow: Flow, now: DateTime): string {
  return JSON.stringify(
    Object.entries(flow.languages).map(([language, { tag }]) => {
      const status = lineStatus(flow.hours, now, language);
      if (status.kind === 'open') return status;
      const reopens = (todayNamed: boolean) => spokenReopening(flow.hours, now, language, tag, todayNamed) ?? null;
      return { ...status, reopens: reopens(false), ...(status.kind === 'holiday' ? { reopensAfterItsName: reopens(true) } : {}) };
    }),
  );
}
