import type { DateTime } from 'luxon';
import type { VirtualClock } from '../simulator';

/**
 * The time an app answering a simulated call in-process reads: the instant
 * the call began plus the seconds it has lasted on the simulator's virtual
 * clock. A real call's webhooks see time pass: the hours check comes after
 * the welcome, a transfer after a menu or two. A clock held at the start
 * would keep a call begun at 16:59:55 open past 17:00, where a real one is
 * not.
 */
export function clockOfCall(start: DateTime, call: VirtualClock): () => DateTime {
  return () => (call.seconds === 0 ? start : start.plus({ seconds: call.seconds }));
}
