// Both flows are called at the same moments: the ones a real caller calls at.
// An instant is picked on one flow's clock (each flow's explore instants on
// its own hours, the others on the new flow's) and written as `ivr call --at`
// takes it. While both flows keep one time zone that is wall-clock time, which
// either flow reads as the same moment. A change of time zone would make each
// read it on its own clock, an hour apart from Rome to London, and hide every
// call the move changes: the instant is then written on the new flow's clock
// with its UTC offset, so the commands printed play that moment on either flow.

import { instantTime } from '../explore/instants';
import type { Instant } from '../explore/types';
import type { Flow } from '../flow/schema';

/** `instant`, picked on the clock of `pickedIn` (a time zone), as the moment both flows are called at. */
export function atSameMoment<T extends Instant>(instant: T, pickedIn: string, before: Flow, after: Flow): T {
  if (before.hours.timeZone === after.hours.timeZone) return instant;
  const moment = instantTime(instant, pickedIn).setZone(after.hours.timeZone);
  return { ...instant, at: moment.toISO({ suppressMilliseconds: true, suppressSeconds: true }) as string };
}
