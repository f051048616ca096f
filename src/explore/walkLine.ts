// Walks every path a caller can take on one line at one instant, breadth
// first: at each gather every key 0-9, *, # and silence; at each dial every
// way it can end. A situation is named by its action URL, which carries the
// whole call state, so cycles (a menu that repeats) are walked once and the
// walk stays small. Breadth first keeps each situation's path the shortest.

import type { DialStatus } from '../simulator';
import { decodeCallState } from '../engine/callState';
import type { Flow } from '../flow/schema';
import type { CallProbe, ProbedCall, WaitPoint } from './callProbe';
import { offeredKeys } from '../flow/announcedKeys';
import { START, type Choice, type Ending, type Instant, type LineWalk, type Situation } from './types';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const GATHER_CHOICES: Choice[] = [...KEYS, '-'].map((press) => ({ press }));
const DIAL_STATUSES: DialStatus[] = ['completed', 'busy', 'no-answer', 'failed'];
const DIAL_CHOICES: Choice[] = DIAL_STATUSES.map((dial) => ({ dial }));

export async function walkLine(probe: CallProbe, flow: Flow, instant: Instant, line: string, to: string): Promise<LineWalk> {
  const walk: LineWalk = { instant, line, to, situations: new Map(), steps: [], calls: 0, requests: 0 };
  const explored = new Set<string>();
  const queue: Situation[] = [];

  /** Records what a call from `base` (or from the start) showed that was not known yet. */
  const absorb = (base: Situation | undefined, call: ProbedCall): void => {
    walk.calls++;
    walk.requests += call.requests;
    const first = call.points[0];
    if (base && (!first || situationId(first) !== base.id)) {
      throw new Error(`explore: resuming at ${base.id} led elsewhere: the app does not answer the same request the same way`);
    }
    // From the start, or from `base`, then past the script: every dial answered by default.
    for (let i = base ? 0 : -1; i < call.points.length; i++) {
      const from = i < 0 ? START : situationId(call.points[i] as WaitPoint);
      const choice = i < 0 ? undefined : call.answers[i];
      if (i >= 0 && !choice) break; // the explorer hung up at this gather: a later call branches there
      const stepKey = `${from}\n${choiceName(choice)}`;
      if (explored.has(stepKey)) continue;
      explored.add(stepKey);
      const lastNode = lastEntered(call, i + 1) ?? base?.lastNode;
      const next = call.points[i + 1];
      const nextId = next && situationId(next);
      const piece = call.pieces[i + 1];
      const entered = piece?.trace.flatMap((e) => (e.kind === 'enter' ? [e.node] : [])) ?? [];
      if (next && nextId && !walk.situations.has(nextId)) {
        const path = [...(base?.path ?? []), ...call.answers.slice(0, i + 1)];
        const situation = describeSituation(next, nextId, path, lastNode, flow, entered);
        walk.situations.set(nextId, situation);
        queue.push(situation);
      }
      // An answer to the SMS offer ends the call where the message before it left off: say so in the ending's route.
      const at = walk.situations.get(from);
      const before = at?.node && flow.nodes[at.node]?.type === 'sms-offer' ? (at.arrivedThrough ?? []) : [];
      walk.steps.push({
        from,
        choice,
        to: nextId,
        ...(next ? {} : { ending: endingOf(call, lastNode, [...before, ...entered]) }),
        noMatch: piece?.trace.flatMap((e) => (e.kind === 'no-match' ? [e.input] : [])) ?? [],
        entered,
        said: piece?.said ?? [],
        errors: piece?.errors ?? [],
        seconds: piece?.seconds ?? 0,
      });
    }
  };

  absorb(undefined, await probe.run(to, []));
  while (queue.length > 0) {
    const situation = queue.shift() as Situation;
    for (const choice of situation.kind === 'gather' ? GATHER_CHOICES : DIAL_CHOICES) {
      if (explored.has(`${situation.id}\n${choiceName(choice)}`)) continue;
      absorb(situation, await probe.run(to, [choice], situation.document));
    }
  }
  return walk;
}

export function choiceName(choice: Choice | undefined): string {
  if (!choice) return 'call';
  return 'press' in choice ? choice.press : `dial ${choice.dial}`;
}

function situationId(point: WaitPoint): string {
  return point.kind === 'gather' ? `gather ${point.action} ${point.says.join(' ')}` : `dial ${point.action ?? '(no action)'} ${point.to}`;
}

function describeSituation(point: WaitPoint, id: string, path: Choice[], lastNode: string | undefined, flow: Flow, arrivedThrough: string[]): Situation {
  const state = point.action && URL.canParse(point.action) ? decodeCallState(new URL(point.action).searchParams, flow) : undefined;
  return {
    id,
    kind: point.kind,
    path,
    ...(state ? { node: state.node, language: state.language } : {}),
    says: point.kind === 'gather' ? point.says : [],
    offered: point.kind === 'gather' ? offeredKeys(point.heard) : [],
    heard: point.kind === 'gather' ? point.heard : [],
    ...(point.kind === 'dial' ? { to: point.to } : {}),
    document: point.document,
    ...(lastNode ? { lastNode } : {}),
    arrivedThrough,
  };
}

/** The last node the call entered up to and including piece `upTo`. */
function lastEntered(call: ProbedCall, upTo: number): string | undefined {
  for (let p = Math.min(upTo, call.pieces.length - 1); p >= 0; p--) {
    const trace = call.pieces[p]?.trace ?? [];
    for (let e = trace.length - 1; e >= 0; e--) {
      const event = trace[e];
      if (event?.kind === 'enter') return event.node;
    }
  }
  return undefined;
}

function endingOf(call: ProbedCall, lastNode: string | undefined, route: string[]): Ending {
  const last = call.pieces[call.pieces.length - 1];
  const said = call.pieces.flatMap((p) => p.said);
  return {
    outcome: call.outcome ?? { kind: 'caller-hangup' },
    ...(lastNode ? { node: lastNode } : {}),
    route: route.length > 0 ? route : lastNode ? [lastNode] : [],
    ...(said.length > 0 ? { lastSaid: said[said.length - 1] } : {}),
    spokeAtEnd: last?.spokeInDocument ?? false,
  };
}
