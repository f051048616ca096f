import { describe, expect, it } from 'vitest';
import { countPaths } from '../../src/explore/simplePaths';
import { START, type Ending, type LineWalk, type Step } from '../../src/explore/types';

// `ivr explore` says how many distinct paths a line has: from the call's start to an end of the call, never
// passing the same situation twice. It counts the paths beyond each loop of the menu once (a path that leaves
// a strongly connected part of the graph never comes back), so it must give what walking every path one by
// one gives: the same total, per ending, and the same longest path. Here against that walk, on made-up graphs
// of the shapes a menu takes (retries, answers that lead back, sub-menus, self-loops, several endings).

const ENDINGS = ['goodbye', 'operator', 'closed'].map((node): Ending => ({ outcome: { kind: 'hangup', endOfDocument: false }, node, route: [node], spokeAtEnd: true }));

function step(from: string, press: string, to: string | Ending): Step {
  const base = { from, choice: { press }, noMatch: [], entered: [], said: [], errors: [], seconds: 0 };
  return typeof to === 'string' ? { ...base, to } : { ...base, to: undefined, ending: to };
}

const walkOf = (steps: Step[]): LineWalk => ({ instant: { label: 'open', at: '2026-11-24T10:00' }, line: 'consumer', to: '+390237921240', situations: new Map(), steps, calls: 0, requests: 0 });

/** Every simple path, one by one: the definition the count must meet. */
function walkEveryPath(steps: Step[]) {
  const byEnding = new Map<string, number>();
  let paths = 0;
  let longest = -1;
  const visit = (from: string, onPath: Set<string>, length: number) => {
    const seen = new Set<string>();
    for (const s of steps.filter((s) => s.from === from)) {
      // Choices leading to the same place are one path (mergedEdges).
      const target = s.ending ? `end ${s.ending.node}` : `to ${s.to}`;
      if (seen.has(target)) continue;
      seen.add(target);
      if (s.ending) {
        paths++;
        byEnding.set(s.ending.node as string, (byEnding.get(s.ending.node as string) ?? 0) + 1);
        longest = Math.max(longest, length + 1);
      } else if (!onPath.has(s.to as string)) {
        visit(s.to as string, new Set([...onPath, s.to as string]), length + 1);
      }
    }
  };
  visit(START, new Set([START]), 0);
  return { paths, byEnding, longest };
}

/** A random graph of `size` situations, seeded: a tree of menus with loops back, self-loops and endings. */
function randomSteps(seed: number, size: number): Step[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const steps: Step[] = [step(START, '-', 's0')];
  for (let i = 0; i < size; i++) {
    const from = `s${i}`;
    const choices = 1 + random(4);
    for (let c = 0; c < choices; c++) {
      const kind = random(10);
      const to =
        kind < 4 && i + 1 < size ? `s${i + 1 + random(Math.min(4, size - i - 1))}` // on down the tree
          : kind < 6 ? `s${random(i + 1)}` // back to a menu before, or itself
            : ENDINGS[random(ENDINGS.length)]!;
      steps.push(step(from, String(c), to));
    }
  }
  return steps;
}

describe('explore counts each distinct path once, as walking every one would', () => {
  it.each(Array.from({ length: 40 }, (_, seed) => [seed]))('made-up menu graph %i', (seed) => {
    const steps = randomSteps(seed + 1, 6 + (seed % 10));
    const counted = countPaths(walkOf(steps));
    const walked = walkEveryPath(steps);
    expect(counted.complete).toBe(true);
    expect(counted.paths).toBe(walked.paths);
    expect(new Map([...counted.byEnding.values()].map((e) => [e.ending.node as string, e.paths]))).toEqual(walked.byEnding);
    expect(counted.longest?.path.length ?? -1).toBe(walked.longest);
  });

  it('a chain of 60 menus, each with a retry and an answer that leads back, has 2^60 paths: counted exactly, at once', () => {
    const steps: Step[] = [step(START, '-', 'm0')];
    for (let i = 0; i < 60; i++) {
      steps.push(step(`m${i}`, '1', `m${i}-retry`), step(`m${i}-retry`, '1', `m${i + 1}`), step(`m${i}`, '2', `m${i + 1}`), step(`m${i}`, '3', `m${i}-answer`), step(`m${i}-answer`, '1', `m${i}`));
    }
    steps.push(step('m60', '1', ENDINGS[0]!));
    const counted = countPaths(walkOf(steps));
    expect(counted).toMatchObject({ paths: 2 ** 60, complete: true });
    // The longest takes every retry (an answer leads back to a menu already passed): the start, 2 choices a menu, the goodbye.
    expect(counted.longest?.path.length).toBe(1 + 60 * 2 + 1);
  });
});
