// Counts the distinct paths of a walk and finds the longest. A path goes from
// the call's start to an end of the call without passing the same situation
// twice (or it could go round a menu for ever); choices that lead to the same
// place (every wrong key at a menu, say) are one path, not twelve.
//
// Counting simple paths is exponential in a tangled graph, but a phone menu is
// mostly a tree of small loops (a menu, its retries, the answers that lead back
// to it). A path that leaves such a loop (a strongly connected component) can
// never come back to it, so the paths on from the node where it enters the
// next one are the same whichever way it came: they are counted once, and
// every path that reaches that node adds them up. Only the paths inside one
// component are walked one by one, and that walk stops at a budget, when the
// count says it is a lower bound.

import { endingKey } from './summarize';
import { START, type Choice, type Ending, type LineWalk, type Step } from './types';

export interface PathCount {
  paths: number;
  /** Paths per way of ending (by endingKey), with one example of that ending. */
  byEnding: Map<string, { paths: number; ending: Ending }>;
  /** False when the budget ran out: `paths` is then a lower bound and `longest` the longest seen. */
  complete: boolean;
  longest?: { path: Choice[]; step: Step };
}

// Steps walked inside components, and sums taken of the paths beyond them. Our
// own flow's consumer line is one large component (every answer leads back to
// the menu): at opening time it takes about 1.1 million steps; four million
// leaves it room to grow and costs well under a second.
const BUDGET = 4_000_000;

/** A merged step, with its ending's key worked out once. */
type Edge = Step & { endingKey?: string };

/** The paths from one situation on: what countPaths reports, before the whole walk is done. */
type Tally = Omit<PathCount, 'complete'>;

export function countPaths(walk: LineWalk): PathCount {
  const edges = mergedEdges(walk);
  const componentOf = components(edges);
  const counted = new Map<string, Tally>();
  let spent = 0;
  let complete = true;

  // Every path on from `entry`, where the call enters its component: nothing the call passed before can be met again.
  const pathsFrom = (entry: string): Tally => {
    const known = counted.get(entry);
    if (known) return known;
    const tally: Tally = { paths: 0, byEnding: new Map() };
    const home = componentOf.get(entry);
    const onPath = new Set<string>();
    const choices: Choice[] = [];
    const visit = (from: string): boolean => {
      onPath.add(from);
      for (const step of edges.get(from) ?? []) {
        if (++spent > BUDGET) return false;
        if (step.choice) choices.push(step.choice);
        if (step.ending) {
          // add()'s work for one path, without making a tally of it: there is one per ending reached.
          tally.paths++;
          const known = tally.byEnding.get(step.endingKey as string);
          if (known) known.paths++;
          else tally.byEnding.set(step.endingKey as string, { paths: 1, ending: step.ending });
          if (!tally.longest || choices.length > tally.longest.path.length) tally.longest = { path: [...choices], step };
        } else if (step.to && componentOf.get(step.to) !== home) {
          add(tally, pathsFrom(step.to), choices);
          if (!complete) return false;
        } else if (step.to && !onPath.has(step.to) && !visit(step.to)) {
          return false;
        }
        if (step.choice) choices.pop();
      }
      onPath.delete(from);
      return true;
    };
    if (visit(entry)) counted.set(entry, tally);
    else complete = false;
    return tally;
  };
  const { paths, byEnding, longest } = pathsFrom(START);
  return { paths, byEnding, complete, ...(longest ? { longest } : {}) };
}

/** Adds the paths `after` counts, each reached by `before`, to `tally`; a longest path is replaced only by a longer one. */
function add(tally: Tally, after: Tally, before: Choice[]): void {
  tally.paths += after.paths;
  for (const [key, { paths, ending }] of after.byEnding) {
    const known = tally.byEnding.get(key);
    if (known) known.paths += paths;
    else tally.byEnding.set(key, { paths, ending });
  }
  if (after.longest && (!tally.longest || before.length + after.longest.path.length > tally.longest.path.length)) {
    tally.longest = { path: [...before, ...after.longest.path], step: after.longest.step };
  }
}

/** One step per distinct place each situation leads to: the next situation, or a way of ending. */
function mergedEdges(walk: LineWalk): Map<string, Edge[]> {
  const bySource = new Map<string, Map<string, Edge>>();
  for (const step of walk.steps) {
    const key = step.ending ? endingKey(step.ending) : undefined;
    const target = step.ending ? `end ${key} ${step.ending.lastSaid ?? ''}` : `to ${step.to}`;
    let targets = bySource.get(step.from);
    if (!targets) bySource.set(step.from, (targets = new Map()));
    if (!targets.has(target)) targets.set(target, key === undefined ? step : { ...step, endingKey: key });
  }
  return new Map([...bySource].map(([from, targets]) => [from, [...targets.values()]]));
}

/**
 * Each situation's strongly connected component, as a number (Tarjan's algorithm, without recursion: a walk
 * of a large flow can pass thousands of situations in a row).
 */
function components(edges: Map<string, Edge[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const componentOf = new Map<string, number>();
  const stack: string[] = [];
  let next = 0;
  let count = 0;
  const successors = (node: string) => (edges.get(node) ?? []).flatMap((step) => (step.to ? [step.to] : []));
  for (const root of [START, ...edges.keys()]) {
    if (index.has(root)) continue;
    const frames: Array<{ node: string; targets: string[]; at: number }> = [];
    const open = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      frames.push({ node, targets: successors(node), at: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.at < frame.targets.length) {
        const target = frame.targets[frame.at++] as string;
        if (!index.has(target)) open(target);
        else if (!componentOf.has(target)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: string;
        do {
          member = stack.pop() as string;
          componentOf.set(member, count);
        } while (member !== frame.node);
        count++;
      }
    }
  }
  return componentOf;
}
