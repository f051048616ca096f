import type { HttpFigure, HttpResults } from './httpComparison';
import type { WebhookCost, SimulatedCalls } from './inProcess';
import type { Machine } from './machine';
import type { MemoryFigures } from './memory';
import type { ColdStart, ExploreTime, ImportTime } from './processTimes';

export interface Target {
  target: string;
  measured: string;
  goal: string;
  met: boolean | null;
}

export interface BenchReport {
  date: string;
  machine: Machine;
  settings: { seconds: number; rounds: number; connections: number };
  http: Omit<HttpResults, 'firstAnswer'> & { ratios: Record<string, number> };
  inProcess: { webhooks: WebhookCost[]; simulatedCalls: SimulatedCalls };
  coldStart: ColdStart;
  functionsImport: ImportTime;
  dependencyImports: ImportTime[];
  explore: ExploreTime | null;
  memory: MemoryFigures;
  targets: Target[];
}

const NOT_YET = 'not available yet';

export function targetsOf(report: Omit<BenchReport, 'targets'>): Target[] {
  const { ratios } = report.http;
  return [
    { target: 'our host (signatures on) vs constant-string ceiling, req/s', measured: times(ratios.firstToCeiling!), goal: '≥ 0.50×', met: ratios.firstToCeiling! >= 0.5 },
    { target: 'our host (signatures on) vs conventional baseline, req/s', measured: times(ratios.firstToConventional!), goal: '≥ 2.5×', met: ratios.firstToConventional! >= 2.5 },
    { target: 'one simulated call from a cold node vs `node -e 0`', measured: times(report.coldStart.ratio), goal: '≤ 2.5×', met: report.coldStart.ratio <= 2.5 },
    { target: 'simulated calls per second in-process, one core', measured: int(report.inProcess.simulatedCalls.callsPerSecond), goal: '≥ 5,000', met: report.inProcess.simulatedCalls.callsPerSecond >= 5000 },
    report.explore
      ? { target: '`ivr explore`, both lines, all its instants', measured: `${(report.explore.wallMs / 1000).toFixed(2)} s`, goal: '< 1 s', met: report.explore.wallMs < 1000 }
      : { target: '`ivr explore`, both lines, all its instants', measured: NOT_YET, goal: '< 1 s', met: null },
    Number.isNaN(report.memory.after200kMiB)
      ? { target: 'host RSS from 100k to 200k webhooks', measured: 'n/a (no /proc)', goal: 'flat', met: null }
      : { target: 'host RSS from 100k to 200k webhooks', measured: `${signed(report.memory.after200kMiB - report.memory.after100kMiB)} MiB`, goal: 'flat', met: report.memory.flat },
  ];
}

/** The report as Markdown tables: printed by the bench and pasted into the README. */
export function markdown(report: BenchReport): string {
  const m = report.machine;
  const h = report.http;
  const s = report.settings;
  const lines: string[] = [];
  lines.push(`Run ${report.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${m.loadAverage.start} at the start, ${m.loadAverage.end ?? '?'} at the end.`);
  lines.push('');
  lines.push(`**HTTP on 127.0.0.1**: answering Twilio's webhook (a signed form POST, 25 parameters), ${s.connections} keep-alive connections, one request in flight on each, from a load generator on the other core; ${s.rounds} rounds of ${s.seconds} s per server, taken in turns, medians. Server CPU is the server process's user + system time per request.`);
  lines.push('');
  lines.push('| server | req/s | p50 | p99 | server CPU / req | vs conventional | vs ceiling |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|');
  const row = (label: string, f: HttpFigure) =>
    `| ${label} | ${int(f.requestsPerSecond)} | ${ms(f.p50Micros)} | ${ms(f.p99Micros)} | ${Number.isNaN(f.cpuMicrosPerRequest) ? 'n/a' : `${f.cpuMicrosPerRequest.toFixed(1)} µs`} | ${times(f.requestsPerSecond / h.conventional.requestsPerSecond)} | ${times(f.requestsPerSecond / h.ceiling.requestsPerSecond)} |`;
  lines.push(row('our host (`npm start`), first webhook, signatures on', h.ours.first));
  lines.push(row('our host, deep-menu webhook (key 3 in the English menu), signatures on', h.ours.deep));
  lines.push(row('conventional: node:http + twilio `VoiceResponse` per request + `validateRequest`', h.conventional));
  lines.push(row('signed floor: node:http + one HMAC signature check (node:crypto) + a constant string', h.signedFloor));
  lines.push(row('ceiling: node:http answering a constant string', h.ceiling));
  lines.push('');
  lines.push('**In-process and start-up**');
  lines.push('');
  lines.push('| measure | value |');
  lines.push('|---|--:|');
  for (const cost of report.inProcess.webhooks) lines.push(`| one ${cost.name} in-process (app.handle, signed), p50 / p99 | ${cost.p50Micros.toFixed(1)} / ${cost.p99Micros.toFixed(1)} µs |`);
  const sim = report.inProcess.simulatedCalls;
  lines.push(`| simulated calls per second, in-process, one core (${sim.webhooksPerCall.toFixed(0)} webhooks each: ${sim.script}) | ${int(sim.callsPerSecond)} |`);
  lines.push(
    report.explore
      ? `| \`ivr explore\`, ${report.explore.lines} lines × ${report.explore.instants} instants (${int(report.explore.calls)} calls, ${int(report.explore.requests)} webhooks), whole command | ${(report.explore.wallMs / 1000).toFixed(2)} s |`
      : `| \`ivr explore\` | ${NOT_YET} |`,
  );
  lines.push(`| bare \`node -e 0\` | ${report.coldStart.bareNodeMs.toFixed(0)} ms |`);
  lines.push(`| one simulated call from a cold node: \`${report.coldStart.command}\` | ${report.coldStart.simulatedCallMs.toFixed(0)} ms (${times(report.coldStart.ratio)}) |`);
  lines.push(`| import of the functions entry module (\`${report.functionsImport.module}\`, loads and checks the flow) | ${report.functionsImport.importMs.toFixed(0)} ms |`);
  lines.push(`| host RSS after 10k / 100k / 200k webhooks | ${report.memory.afterWarmUpMiB} / ${report.memory.after100kMiB} / ${report.memory.after200kMiB} MiB |`);
  lines.push('');
  lines.push('**What a cold start pays for**: each import alone in a fresh `node`, median.');
  lines.push('');
  lines.push('| import | ms |');
  lines.push('|---|--:|');
  for (const dep of report.dependencyImports) lines.push(`| ${dep.module} | ${dep.importMs.toFixed(1)} |`);
  lines.push('');
  lines.push('**Targets** (ratios from this one run)');
  lines.push('');
  lines.push('| target | measured | goal | met |');
  lines.push('|---|--:|--:|:-:|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.goal} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

function ms(micros: number): string {
  return micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${Math.round(micros)} µs`;
}

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
