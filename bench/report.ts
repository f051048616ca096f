import type { RecordTools } from './callRecords';
import type { ExploreGrowth } from './exploreGrowth';
import type { FlowReload } from './flowReload';
import type { HttpFigure, HttpResults } from './httpComparison';
import type { WebhookCost, SimulatedCalls } from './inProcess';
import type { Machine } from './machine';
import type { MemoryFigures } from './memory';
import type { ColdStart, FunctionsImport, ImportTime } from './processTimes';
import type { StartToAnswer } from './startToAnswer';

export interface Target {
  target: string;
  measured: string;
  goal: string;
  /** null: reported, with no goal to meet. */
  met: boolean | null;
}

export interface BenchReport {
  date: string;
  machine: Machine;
  settings: { quick: boolean; seconds: number; rounds: number; connections: number };
  /** How long the whole run took, s. */
  seconds: number;
  startToAnswer: StartToAnswer;
  flowReload: FlowReload;
  coldStart: ColdStart;
  functionsImport: FunctionsImport;
  dependencyImports: ImportTime[];
  inProcess: { webhooks: WebhookCost[]; simulatedCalls: { signed: SimulatedCalls; unsigned: SimulatedCalls } };
  explore: ExploreGrowth;
  records: RecordTools;
  http: HttpResults;
  memory: MemoryFigures;
  targets: Target[];
}

export function targetsOf(report: Omit<BenchReport, 'targets'>): Target[] {
  const { coldStart: cold, inProcess, explore, flowReload: reload, startToAnswer: start, functionsImport: functions, http, memory, records } = report;
  const smallest = explore.trees[0]!;
  const largest = explore.trees.at(-1)!;
  const httpRatio = http.ours.first.requestsPerSecond / http.conventional.requestsPerSecond;
  const reloadMet = reload.missed === 0 && reload.maxMs <= 1000;
  return [
    { target: 'a cold `ivr call --json` vs a bare `node -e 0`', measured: times(cold.ratio), goal: '≤ 2.5×', met: cold.ratio <= 2.5 },
    ...(['unsigned', 'signed'] as const).map((kind) => {
      const rate = inProcess.simulatedCalls[kind].callsPerSecond;
      const how = kind === 'unsigned' ? 'signatures off, as explore, replay, diff and scenario tests make them' : 'signed, as `ivr call` with a token makes them';
      return { target: `simulated calls per CPU-second in-process, one core (${how})`, measured: int(rate), goal: '≥ 5,000', met: rate >= 5000 };
    }),
    {
      target: `\`ivr explore\` calls per CPU-second, ${largest.nodes}-node tree vs ${smallest.nodes}-node tree`,
      measured: times(explore.ratio),
      goal: '≥ 0.7×',
      met: explore.ratio >= 0.7,
    },
    {
      target: 'a saved flow edit to the next call hearing it, local host (worst of the edits)',
      measured: reload.missed > 0 ? `missed ${reload.missed} of ${reload.edits}` : `${Math.round(reload.maxMs)} ms`,
      goal: '≤ 1 s',
      met: reloadMet,
    },
    start.failure
      ? { target: '`npm start` to first answer (build up to date) vs the server alone', measured: 'no answer', goal: '≤ 2×', met: false }
      : { target: '`npm start` to first answer (build up to date) vs the server alone', measured: times(start.ratio), goal: '≤ 2×', met: start.ratio <= 2 },
    { target: 'import of the functions entry (a cold Azure instance) vs `@azure/functions` alone', measured: times(functions.ratio), goal: 'reported', met: null },
    {
      target: `\`ivr replay\`: recorded calls replayed per CPU-second (${int(records.replay.records)} records, ${records.replay.differently} going differently)`,
      measured: int(records.replay.perCpuSecond),
      goal: '≥ 2,000',
      met: records.replay.perCpuSecond >= 2000,
    },
    { target: `\`ivr report\`: records read and counted per CPU-second (${int(records.report.records)} records)`, measured: int(records.report.perCpuSecond), goal: 'reported', met: null },
    { target: `\`ivr diff\` of two keys swapped in the ${records.diff.nodes}-node tree's main menu, CPU`, measured: `${(records.diff.cpuMs / 1000).toFixed(1)} s (${(records.diff.wallMs / 1000).toFixed(1)} s wall)`, goal: 'reported', met: null },
    { target: 'our host (signatures on) vs node:http + `VoiceResponse` + `validateRequest`, req/s', measured: times(httpRatio), goal: '≥ 1.5× expected', met: httpRatio >= 1.5 },
    Number.isNaN(memory.afterTwoStepsMiB)
      ? { target: 'host RSS over the second run of webhooks', measured: 'n/a (no /proc)', goal: 'flat', met: null }
      : { target: `host RSS from ${thousands(memory.webhooks[1])} to ${thousands(memory.webhooks[2])} webhooks`, measured: `${signed(memory.afterTwoStepsMiB - memory.afterStepMiB)} MiB`, goal: 'flat', met: memory.flat },
  ];
}

/** The whole report: what the bench prints and keeps in bench/results/latest.md. */
export function markdown(report: BenchReport): string {
  return `${summaryMarkdown(report)}\n\n${detailsMarkdown(report)}`;
}

/** The run's machine and the targets table: what the README shows. */
export function summaryMarkdown(report: BenchReport): string {
  return [
    runLine(report),
    '',
    '**Targets** (ratios from this one run)',
    '',
    '| target | measured | goal | met |',
    '|---|--:|--:|:-:|',
    ...report.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.goal} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** The figures behind the targets, with the run's machine: what docs/performance.md shows. */
export function detailsMarkdown(report: BenchReport): string {
  const lines: string[] = [runLine(report), ''];
  const push = (...more: string[]) => lines.push(...more);
  const { startToAnswer: start, flowReload: reload, coldStart: cold, functionsImport: functions } = report;
  push('**Waiting for a start or a reload** (wall time, medians of runs taken in turns)', '', '| measure | value |', '|---|--:|');
  push(`| bare \`node -e 0\` | ${cold.bareNodeMs.toFixed(0)} ms |`);
  push(`| a cold \`${cold.command}\` | ${cold.simulatedCallMs.toFixed(0)} ms (${times(cold.ratio)}) |`);
  push(`| \`node dist/src/server/main.js\` to its first answer | ${start.serverAloneMs.toFixed(0)} ms |`);
  push(`| \`npm start\` to its first answer, build up to date (${start.runs} run${start.runs === 1 ? '' : 's'}) | ${start.failure ? `no answer: ${start.failure}` : `${start.npmStartMs.toFixed(0)} ms (${times(start.ratio)})`} |`);
  push(
    `| a saved edit of the welcome prompt (write, then rename over the flow) to the next call hearing it, each of ${reload.edits} edits | ${reload.heardMs.map((ms) => (ms === null ? `missed (> ${reload.waitMs / 1000} s)` : `${ms} ms`)).join(', ')} |`,
  );
  push(`| import of \`@azure/functions\` alone | ${functions.azureFunctionsMs.toFixed(0)} ms |`);
  push(`| import of the functions entry, \`dist/functions/index.js\` (loads and checks the flow, registers the routes) | ${functions.entryMs.toFixed(0)} ms (${times(functions.ratio)}) |`);
  push('');

  const trees = report.explore.trees;
  push(
    `**\`ivr explore\` as the menu grows**: generated phone trees (\`bench/phoneTree.ts\`: menus of up to five topics, information, transfers behind an hours check, goodbyes; each passes \`ivr lint\`), explored with the built CLI at the flow's representative instants plus extra opening-time instants, so each run makes about as many calls as the largest tree's. Rate per CPU-second of the explore process's main thread (on a shared machine, wall time measures the other work too); ${report.explore.rounds === 1 ? 'one run per tree' : `each tree explored ${report.explore.rounds} times, the trees taken in turns, and the run of median CPU shown`}.`,
    '',
    '| nodes | menus | depth | walks at opening time | situations per walk | calls | CPU | wall | calls / CPU-s | distinct paths |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...trees.map(
      (t) =>
        `| ${t.nodes} | ${t.menus} | ${t.depth} | ${t.openWalks} | ${int(t.situations)} | ${int(t.calls)} | ${(t.cpuMs / 1000).toFixed(1)} s | ${(t.wallMs / 1000).toFixed(1)} s | ${int(t.callsPerCpuSecond)} | ${int(t.paths)}${t.pathsComplete ? '' : ' (count stopped at its budget)'} |`,
    ),
    '',
  );

  const h = report.http;
  const s = report.settings;
  push(
    `**HTTP on 127.0.0.1**: Twilio's webhook (a signed form POST, 25 parameters), ${s.connections} keep-alive connections, one request in flight on each, from a load generator on the other core; ${s.rounds} round${s.rounds === 1 ? '' : 's'} of ${s.seconds} s per server, taken in turns, medians. Server CPU is the server process's user + system time per request.${h.sameAnswer ? ' Both answer the first webhook with the same bytes.' : ' (The conventional app answered other bytes than ours this run.)'}`,
    '',
    '| server | req/s | p50 | p99 | server CPU / req | vs conventional |',
    '|---|--:|--:|--:|--:|--:|',
  );
  const row = (label: string, f: HttpFigure) =>
    `| ${label} | ${int(f.requestsPerSecond)} | ${ms(f.p50Micros)} | ${ms(f.p99Micros)} | ${Number.isNaN(f.cpuMicrosPerRequest) ? 'n/a' : `${f.cpuMicrosPerRequest.toFixed(1)} µs`} | ${times(f.requestsPerSecond / h.conventional.requestsPerSecond)} |`;
  push(row('our host (`npm start`), first webhook, signatures on', h.ours.first));
  push(row('our host, deep-menu webhook (key 3 in the English menu), signatures on', h.ours.deep));
  push(row('conventional: node:http + twilio `VoiceResponse` per request + `validateRequest`', h.conventional));
  push('');

  push('**In-process**', '', '| measure | value |', '|---|--:|');
  for (const cost of report.inProcess.webhooks) push(`| one ${cost.name} (app.handle, signed), p50 / p99 | ${cost.p50Micros.toFixed(1)} / ${cost.p99Micros.toFixed(1)} µs |`);
  for (const kind of ['unsigned', 'signed'] as const) {
    const sim = report.inProcess.simulatedCalls[kind];
    push(`| simulated calls, ${kind}, per CPU-second, one core (${sim.webhooksPerCall.toFixed(0)} webhooks each: ${sim.script}); per second of wall time | ${int(sim.callsPerSecond)}; ${int(sim.callsPerWallSecond)} |`);
  }
  const mem = report.memory;
  push(`| host RSS after ${mem.webhooks.map(thousands).join(' / ')} webhooks | ${mem.afterWarmUpMiB} / ${mem.afterStepMiB} / ${mem.afterTwoStepsMiB} MiB |`);
  push('');

  push('**What lazy loading keeps off a cold start**: each alone in a fresh `node`, median.', '', '| import | ms |', '|---|--:|');
  for (const dep of report.dependencyImports) push(`| ${dep.module} | ${dep.importMs.toFixed(1)} |`);
  return lines.join('\n');
}

function runLine(report: BenchReport): string {
  const m = report.machine;
  return `Run ${report.date}${report.settings.quick ? ' (--quick: a rough look)' : ''} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${m.loadAverage.start} at the start, ${m.loadAverage.end ?? '?'} at the end; ${report.seconds} s in all.`;
}

function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function thousands(count: number): string {
  return count >= 10_000 ? `${Math.round(count / 1000)}k` : int(count);
}

function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

function ms(micros: number): string {
  return micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${Math.round(micros)} µs`;
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
