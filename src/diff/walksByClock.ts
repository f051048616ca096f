// One flow's walks of its lines, made once per clock reading. The engine's
// answers take from the instant only what clockReading.ts reads (open or
// closed, the day off, when the line opens again), so a walk at one instant
// is the walk at every instant that reads the same. A change of our flow's
// time zone calls at 53 instants, which walked each line on both flows took
// 16 s of CPU; each flow reads them six or seven ways, and walked once per
// reading they take under 3 s. The walk handed back names the instant asked
// for, which the report's commands play.

import type { DateTime } from 'luxon';
import type { Settings } from '../config/settings';
import { clockReading } from '../engine/clockReading';
import { callProbe, type CallProbe } from '../explore/callProbe';
import type { Instant, LineWalk } from '../explore/types';
import { walkLine } from '../explore/walkLine';
import type { Flow } from '../flow/schema';

export type WalkAt = (instant: Instant, moment: DateTime, line: string, to: string) => Promise<LineWalk>;

export function walksByClock(flow: Flow, settings: Settings): WalkAt {
  // By reading: the probe of the first instant that read so (its calls on every line), and each line's walk.
  const byReading = new Map<string, { probe: CallProbe; walks: Map<string, LineWalk> }>();
  return async (instant, moment, line, to) => {
    const reading = clockReading(flow, moment);
    let known = byReading.get(reading);
    if (!known) byReading.set(reading, (known = { probe: callProbe(flow, settings, moment), walks: new Map() }));
    let walk = known.walks.get(line);
    if (!walk) known.walks.set(line, (walk = await walkLine(known.probe, flow, instant, line, to)));
    return walk.instant === instant ? walk : { ...walk, instant };
  };
}
