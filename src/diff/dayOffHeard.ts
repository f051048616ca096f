// What callers hear on a day off the change adds or renames. The calls that
// day part where the hours check sends them to the holiday message, and a
// change of route names that message's node only (the comparison stops where
// calls part), so the sentence heard that day ("Oggi il servizio clienti
// telefonico è chiuso per la festa di Sant'Ambrogio") was nowhere in the
// report. These are its words as the engine says them that day: each hours
// node the new flow's calls enter that day, entered in each language of the
// flow, and what is said from its holiday branch on, through the say nodes
// that follow it, up to the next node that asks, transfers or ends the call.

import type { Settings } from '../config/settings';
import { resolveAgainstFlow } from '../config/settings';
import { DEFAULT_CALLER } from '../config/phoneNumber';
import { continueCall, type TraceEvent } from '../engine/step';
import type { Speech } from '../engine/plan';
import { instantTime } from '../explore/instants';
import type { Instant, LineWalk } from '../explore/types';
import type { Flow } from '../flow/schema';

/** What one line's callers hear on a changed day off, or on days in a row that hear the same words, in each language. */
export interface DayOffHeard {
  /** The days, as the report names them: "closure 2026-12-07", "closure 2026-12-24 to 2027-01-05". */
  day: string;
  /** The first and last of those days, as YYYY-MM-DD. */
  first: string;
  last: string;
  /** The instant the words were first taken at, as `ivr call --at` takes it. */
  at: string;
  /** Each call that heard these words: one per run of days the diff calls at (a weekend, a holiday and the weekdays of a closure apart). */
  calls: Instant[];
  lines: string[];
  /** The node the hours check sends calls to that day: where the words begin. */
  node: string;
  said: { language: string; text: string }[];
}

/** The words the new flow's calls on `walk`'s line hear at its instant, on a run of days off from `first` to `last`, per hours node they enter that day. */
export function heardOnDayOff(flow: Flow, settings: Settings, { day, first, last }: { day: Instant; first: string; last: string }, walk: LineWalk): DayOffHeard[] {
  const hoursNodes = [...new Set(walk.steps.flatMap((step) => step.entered))].filter((id) => flow.nodes[id]?.type === 'hours');
  const ctx = {
    flow,
    now: instantTime(walk.instant, flow.hours.timeZone),
    destinations: resolveAgainstFlow(settings, flow).destinations,
    // As explore calls: a mobile caller, and a sender, so an SMS offer after the message is the node that asks.
    caller: DEFAULT_CALLER,
    smsAvailable: true,
  };
  return hoursNodes.flatMap((hours) => {
    let node: string | undefined;
    const said = Object.keys(flow.languages).flatMap((language) => {
      const trace: TraceEvent[] = [];
      const plan = continueCall({ ...ctx, trace: (event) => trace.push(event) }, { line: walk.line, node: hours, language, tries: 0 }, { kind: 'silence' });
      const from = trace.findIndex((event) => event.kind === 'enter' && event.via === 'holiday');
      const start = trace[from];
      if (start?.kind !== 'enter') return [];
      node = start.node;
      // The sentences are numbered as the trace counts them: each <Say> one, then a <Gather>'s prompts, always last.
      const speeches = plan.flatMap((action): Speech[] => (action.kind === 'say' ? [action.speech] : action.kind === 'gather' ? action.prompts : []));
      const end = trace.slice(from + 1).find((event) => event.kind === 'enter' && flow.nodes[event.node]?.type !== 'say');
      const text = speeches.slice(start.said, end?.kind === 'enter' ? end.said : undefined).map((speech) => speech.text);
      return text.length > 0 ? [{ language, text: text.join(' ') }] : [];
    });
    return node && said.length > 0 ? [{ day: day.label, first, last, at: day.at, calls: [{ label: day.label, at: day.at }], lines: [walk.line], node, said }] : [];
  });
}
