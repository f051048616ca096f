// Why a replayed call parts from its record, in a line: what the caller did at
// the last node both share (the key pressed, or the hours, a transfer's end,
// the SMS offer), where the record went from there, and where the replay goes
// now. `ivr replay` sums its groups by it before listing them, so one moved key
// reads as one line however many groups it makes. The record keeps its keys
// apart from its nodes; the engine's trace of the replayed call says which edge
// it took out of that node, and which input no option matched there.

import type { TraceEvent } from '../engine/step';
import type { ShowRecordValue } from './replayRecord';

/** The replayed call as the engine traced it: each node entered (by which edge), each input no option of a menu matched. */
export type RouteEvent = Extract<TraceEvent, { kind: 'enter' | 'no-match' }>;

/**
 * A replayed call's outcome as its group says it. The replay hangs up when the record's keys run out, so a replayed
 * caller-hung-up-in-menu says where the record's keys ended on this flow, not that a caller would hang up there.
 */
export function replayedOutcome(outcome: string): string {
  return outcome === 'caller-hung-up-in-menu' ? 'the recorded keys ran out' : outcome;
}

/** A call that parts from its record after the first `shared` nodes of both paths (none: at the line's start). */
export interface Parting {
  line: string;
  shared: number;
  recorded: { path: readonly string[]; outcome: string };
  replayed: { path: readonly string[]; outcome: string; route: readonly RouteEvent[] };
}

/**
 * Why the call parts, to follow "N calls": `pressed 1 at consumer-menu: was consumer-chat, now
 * consumer-operator-hours`, `pressed 2 at consumer-menu: was consumer-operator-hours, now no 2 there (the menu
 * asks again)`.
 */
export function whyTheyPart({ line, shared, recorded, replayed }: Parting, show: ShowRecordValue): string {
  const at = shared > 0 ? show.value(recorded.path[shared - 1] as string) : undefined;
  const wasNext = recorded.path[shared];
  const was = wasNext !== undefined ? `was ${show.value(wasNext)}` : `ended there (${show.value(recorded.outcome)})`;
  const next = replayed.path[shared];
  if (next === undefined) return `${at === undefined ? `began on the ${show.value(line)} line` : `reached ${at}`}: ${was}, now ${endsThere(replayed.outcome)}`;
  if (at === undefined) return `began on the ${show.value(line)} line: ${was}, now ${show.value(next)}`;
  // The path's nodes are the trace's entered nodes, one for one (unless answers were left out of a long call's record).
  const entered = replayed.route.filter((event) => event.kind === 'enter');
  const step = entered[shared];
  if (step?.node !== next) return `reached ${at}: ${was}, now ${show.value(next)}`;
  const noMatch = unmatchedBefore(replayed.route, step);
  const pressed = (keys: string) => (keys === '' ? 'pressed nothing' : `pressed ${show.value(keys)}`);
  const none = (keys: string) => (keys === '' ? '' : `no ${show.value(keys)} there, `);
  switch (step.via) {
    case 'retry':
      return `${pressed(noMatch ?? '')} at ${at}: ${was}, now ${none(noMatch ?? '')}the menu asks again`;
    case 'otherwise':
      return `${pressed(noMatch ?? '')} at ${at}: ${was}, now ${none(noMatch ?? '')}on to ${show.value(next)}`;
    case 'exhausted':
      return `${pressed(noMatch ?? '')} at ${at}: ${was}, now ${none(noMatch ?? '')}the last try, on to ${show.value(next)}`;
    case 'open':
    case 'closed':
      return `found the line ${step.via} at ${at}: ${was}, now ${show.value(next)}`;
    case 'holiday':
      return `found the line closed for a holiday at ${at}: ${was}, now ${show.value(next)}`;
    case 'onFailure':
      return `had the transfer at ${at} fail: ${was}, now ${show.value(next)}`;
    case 'declined':
      return `declined the SMS offer at ${at}: ${was}, now ${show.value(next)}`;
    case 'sent':
    case 'failed':
      return `took the SMS offer at ${at} (${step.via}): ${was}, now ${show.value(next)}`;
    case 'not offered':
      return `got no SMS offer at ${at}: ${was}, now ${show.value(next)}`;
    case undefined:
    case 'next':
      return `went on from ${at}: ${was}, now ${show.value(next)}`;
    default:
      return `${pressed(step.via.slice('key '.length))} at ${at}: ${was}, now ${show.value(next)}`;
  }
}

/** How the replayed call ends at the node where it parts: the recorded keys running out there is the replay's doing. */
function endsThere(outcome: string): string {
  return outcome === 'caller-hung-up-in-menu' ? 'the recorded keys run out there' : `ends there (${outcome})`;
}

/** The input no option matched just before `step` was entered, if that is what took the call there. */
function unmatchedBefore(route: readonly RouteEvent[], step: RouteEvent): string | undefined {
  const before = route[route.indexOf(step) - 1];
  return before?.kind === 'no-match' ? before.input : undefined;
}
