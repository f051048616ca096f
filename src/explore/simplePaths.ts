// Counts the distinct paths of a walk and finds the longest. A path goes from
// the call's start to an end of the call without passing the same situation
// twice (or it could go round a menu for ever); choices that lead to the same
// place (every wrong key at a menu, say) are one path, not twelve. Counting
// simple paths can grow fast in a large, tangled flow, so the count stops at
// a budget and says it is a lower bound.

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

// Our own flow needs about 1.1 million steps to count its merchant line at
// opening time (the answers' hours checks and the information keys' retry made
// more situations); four million leaves it room to grow and costs well under a
// second.
const BUDGET = 4_000_000;

export function countPaths(walk: LineWalk): PathCount {
  const edges = mergedEdges(walk);
  const onPath = new Set<string>();
  const choices: Choice[] = [];
  let paths = 0;
  let spent = 0;
  let longest: PathCount['longest'];
  const byEnding: PathCount['byEnding'] = new Map();

  const visit = (from: string): boolean => {
    onPath.add(from);
    for (const step of edges.get(from) ?? []) {
      if (++spent > BUDGET) return false;
      if (step.choice) choices.push(step.choice);
      if (step.ending) {
        paths++;
        const key = endingKey(step.ending);
        const tally = byEnding.get(key);
        if (tally) tally.paths++;
        else byEnding.set(key, { paths: 1, ending: step.ending });
        if (!longest || choices.length > longest.path.length) longest = { path: [...choices], step };
      } else if (step.to && !onPath.has(step.to) && !visit(step.to)) {
        return false;
      }
      if (step.choice) choices.pop();
    }
    onPath.delete(from);
    return true;
  };
  const complete = visit(START);
  return { paths, byEnding, complete, ...(longest ? { longest } : {}) };
}

/** One step per distinct place each situation leads to: the next situation, or a way of ending. */
function mergedEdges(walk: LineWalk): Map<string, Step[]> {
  const bySource = new Map<string, Map<string, Step>>();
  for (const step of walk.steps) {
    const target = step.ending ? `end ${endingKey(step.ending)} ${step.ending.lastSaid ?? ''}` : `to ${step.to}`;
    let targets = bySource.get(step.from);
    if (!targets) bySource.set(step.from, (targets = new Map()));
    if (!targets.has(target)) targets.set(target, step);
  }
  return new Map([...bySource].map(([from, targets]) => [from, [...targets.values()]]));
}
