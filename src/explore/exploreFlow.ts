// `ivr explore` as a function: call every line of a flow at each instant,
// walk every path, and report the paths, how calls end, the longest path and
// every defect. The calls run in-process through the real webhook code, with
// the simulator playing Twilio, so what is explored is what callers get.

import type { Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { callProbe, type CallProbe } from './callProbe';
import { findDefects } from './findDefects';
import { instantTime, representativeInstants } from './instants';
import { pathExample, type ExampleOptions } from './reproduce';
import { countPaths, type PathCount } from './simplePaths';
import { endingFields, endingSummaries } from './summarize';
import { unsetSettingsOfEnding, unsetTransferSettings } from './transferSettings';
import type { Choice, Ending, ExploreReport, Instant, LineWalk } from './types';
import { walkLine } from './walkLine';

export interface ExploreOptions {
  flow: Flow;
  /** App settings (destination overrides, public URL). Signatures are not what is explored: turn their checks off for speed. */
  settings: Settings;
  /** The flow file, when it is not ours (flows/klarna-italia.json): the header names it, and reproduction commands set IVR_FLOW_FILE. */
  file?: string;
  /** Lines to call (default: all of the flow's). */
  lines?: string[];
  /** Instants to call at (default: representative ones from the flow's hours). */
  instants?: Instant[];
  /** Further instants, e.g. from --at. */
  extraInstants?: Instant[];
}

export async function exploreFlow(options: ExploreOptions): Promise<ExploreReport> {
  const started = performance.now();
  const { flow, settings } = options;
  // Each line once, however often it is named (`--line consumer --line consumer`).
  const lines = [...new Set(options.lines ?? Object.keys(flow.lines))];
  for (const line of lines) {
    if (!Object.hasOwn(flow.lines, line)) throw new Error(`line "${line}" is not in the flow; use one of: ${Object.keys(flow.lines).join(', ')}`);
  }
  const instants = [...(options.instants ?? representativeInstants(flow.hours)), ...(options.extraInstants ?? [])];

  const walks: LineWalk[] = [];
  const probes = new Map<Instant, CallProbe>();
  for (const instant of instants) {
    const probe = callProbe(flow, settings, instantTime(instant, flow.hours.timeZone));
    probes.set(instant, probe);
    for (const line of lines) walks.push(await walkLine(probe, flow, instant, line, (flow.lines[line] as { number: string }).number));
  }
  const counts = walks.map((walk) => countPaths(walk));

  const examples = options.file ? { flowFile: options.file } : {};
  const settingsOf = (walk: LineWalk, path: Choice[]) => unsetTransferSettings(walk, path, flow, settings);
  // The longest path's end in the language its call spoke: the setting its command sets, not every language's.
  const unsetAtEnd = (ending: Ending, language: string | undefined) => unsetSettingsOfEnding(ending, flow, settings, language === undefined ? undefined : [language]);
  const longest = await replayLongest(walks, counts, probes, examples, settingsOf, unsetAtEnd);
  return {
    flow: flow.name,
    ...(options.file ? { file: options.file } : {}),
    instants,
    lines,
    walks: walks.map((w, i) => ({ instant: w.instant, line: w.line, situations: w.situations.size, paths: (counts[i] as PathCount).paths, calls: w.calls, requests: w.requests })),
    paths: counts.reduce((sum, c) => sum + c.paths, 0),
    pathsComplete: counts.every((c) => c.complete),
    calls: walks.reduce((sum, w) => sum + w.calls, 0) + (longest ? 1 : 0),
    requests: walks.reduce((sum, w) => sum + w.requests, 0) + (longest?.requests ?? 0),
    endings: endingSummaries(counts, (ending) => unsetSettingsOfEnding(ending, flow, settings)),
    ...(longest ? { longest: longest.example } : {}),
    defects: findDefects(walks, flow, examples, settingsOf),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** The longest path over every walk, called once more from the start: its length in call time, and proof it replays. */
async function replayLongest(
  walks: LineWalk[],
  counts: PathCount[],
  probes: Map<Instant, CallProbe>,
  examples: ExampleOptions,
  settingsOf: (walk: LineWalk, path: Choice[]) => Record<string, string>,
  unsetAtEnd: (ending: Ending, language: string | undefined) => string[],
) {
  let best: { walk: LineWalk; longest: NonNullable<PathCount['longest']> } | undefined;
  walks.forEach((walk, i) => {
    const longest = counts[i]?.longest;
    if (longest && (!best || longest.path.length > best.longest.path.length)) best = { walk, longest };
  });
  if (!best) return undefined;
  const { walk, longest } = best;
  const call = await (probes.get(walk.instant) as CallProbe).run(walk.to, longest.path);
  const ending = longest.step.ending;
  if (!ending || call.outcome?.kind !== ending.outcome.kind) {
    throw new Error(`explore: the longest path (${longest.path.length} choices on the ${walk.line} line) ended differently when called again from the start: the app is not deterministic`);
  }
  return {
    requests: call.requests,
    example: {
      ...pathExample(walk.instant, walk.line, walk.to, longest.path, { ...examples, settings: settingsOf(walk, longest.path) }),
      decisions: longest.path.length,
      seconds: call.pieces.at(-1)?.seconds ?? 0,
      reached: endingFields(ending, unsetAtEnd(ending, walk.situations.get(longest.step.from)?.language)).description,
    },
  };
}
