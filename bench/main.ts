import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recordTools } from './callRecords';
import { exploreGrowth } from './exploreGrowth';
import { flowReload } from './flowReload';
import { compareHttp } from './httpComparison';
import { simulatedCalls, webhookCosts, type SimulatedCalls } from './inProcess';
import { describeMachine, loadAverageNow } from './machine';
import { measureMemory } from './memory';
import { coldStart, dependencyImports, functionsImport } from './processTimes';
import { detailsMarkdown, markdown, summaryMarkdown, targetsOf, type BenchReport } from './report';
import { startToAnswer } from './startToAnswer';

// `npm run bench`: what users wait for, in one run, as ratios taken in the
// same run (the machine is shared and noisy, so absolute numbers from
// different runs do not compare). A benchmark, not a test: nothing here fails
// on a time; missed targets are reported as such.

const HELP = `Usage: npm run bench [-- options]

  --quick           a rough look in about a minute: fewer runs, shorter load,
                    phone trees of about 25, 100 and 400 nodes
  --seconds N       seconds of HTTP load per round and server (default 3)
  --rounds N        HTTP rounds per server, taken in turns (default 3)
  --connections N   keep-alive connections of the load generator (default 16)
  --readme          also write the targets into README.md and the figures
                    behind them into docs/performance.md, each between
                    <!-- bench:start --> and <!-- bench:end --> (not with
                    --quick: those pages show full runs)

Writes bench/results/latest.json and bench/results/latest.md; a --quick run
writes bench/work/quick.json and quick.md instead (git ignores them), so the
committed results stay those of a full run.`;

const BENCH_START = '<!-- bench:start -->';
const BENCH_END = '<!-- bench:end -->';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string', default: '16' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const quick = values.quick;
  if (quick && values.readme) {
    console.error('npm run bench: --readme writes a full run into README.md and docs/performance.md; run it without --quick');
    return 2;
  }
  const settings = {
    quick,
    seconds: Number(values.seconds ?? (quick ? 1 : 3)),
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    connections: Number(values.connections),
  };
  const processRuns = quick ? 3 : 11;
  const root = path.resolve(__dirname, '../..');
  const flowFile = path.join(root, 'flows/klarna-italia.json');
  const log = (line: string) => console.error(line);
  const machine = describeMachine();
  const started = performance.now();

  log('npm start vs the server alone, to the first answer');
  const start = await startToAnswer(root, quick ? 1 : 3, flowFile, log);
  log('A saved flow edit, to the next call hearing it');
  const reload = await flowReload(root, quick ? 2 : 5, log);
  log('Cold start: ivr call vs node -e 0; functions entry vs @azure/functions; imports');
  const cold = await coldStart(root, processRuns);
  const functions = await functionsImport(root, processRuns);
  const imports = await dependencyImports(root, quick ? 1 : 5);
  log('In-process: one webhook, simulated calls');
  const webhooks = await webhookCosts(quick ? 10_000 : 30_000);
  const calls = await simulatedCallRounds(quick ? 1 : 3, quick ? 1 : 3);
  log(`ivr explore on generated phone trees`);
  const explore = await exploreGrowth(root, quick ? [25, 100, 400] : [50, 200, 800], quick ? 1 : 3, log);
  log('Recorded calls: ivr replay, ivr report; ivr diff on the largest tree');
  const records = await recordTools(root, quick ? { replay: 2_000, report: 20_000, treeNodes: 400 } : { replay: 20_000, report: 200_000, treeNodes: 800 }, log);
  log(`HTTP: our host vs the conventional webhook (${settings.rounds} rounds × ${settings.seconds} s each)`);
  const http = await compareHttp({ projectRoot: root, flowFile, ...settings, log });
  log('Memory: our host as webhooks go by');
  const memory = await measureMemory({ projectRoot: root, flowFile, connections: settings.connections, step: 100_000, stepMs: quick ? 3_000 : 15_000, log });
  machine.loadAverage.end = loadAverageNow();

  const partial: Omit<BenchReport, 'targets'> = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine,
    settings,
    seconds: Math.round((performance.now() - started) / 1000),
    startToAnswer: start,
    flowReload: reload,
    coldStart: cold,
    functionsImport: functions,
    dependencyImports: imports,
    inProcess: { webhooks, simulatedCalls: calls },
    explore,
    records,
    http,
    memory,
  };
  const report: BenchReport = { ...partial, targets: targetsOf(partial) };
  const table = markdown(report);

  // A rough look stays beside the scratch files; the committed results are a full run's.
  const [resultsDir, name] = quick ? ['bench/work', 'quick'] : ['bench/results', 'latest'];
  mkdirSync(path.join(root, resultsDir), { recursive: true });
  writeFileSync(path.join(root, resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(root, resultsDir, `${name}.md`), `${table}\n`);
  if (values.readme) {
    fillBenchSection(path.join(root, 'README.md'), summaryMarkdown(report));
    fillBenchSection(path.join(root, 'docs/performance.md'), detailsMarkdown(report));
  }
  console.log(table);
  log(`\nWrote ${resultsDir}/${name}.json and ${name}.md${values.readme ? ', README.md and docs/performance.md' : ''}.`);
  return 0;
}

/** Replaces the tables between the bench markers of a page, leaving every other line alone. */
function fillBenchSection(file: string, table: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BENCH_START);
  const end = text.indexOf(BENCH_END);
  if (start === -1 || end < start) throw new Error(`${file} has no ${BENCH_START} ... ${BENCH_END} section to fill`);
  writeFileSync(file, `${text.slice(0, start + BENCH_START.length)}\n${table}\n${text.slice(end)}`);
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);

/**
 * Simulated calls signed and unsigned, in turns, `rounds` runs of `seconds` each; the run of median rate of each. One run
 * of this shared machine's CPU-seconds varied by a third from one run to the next (3,900 to 5,700 signed calls).
 */
async function simulatedCallRounds(rounds: number, seconds: number): Promise<{ signed: SimulatedCalls; unsigned: SimulatedCalls }> {
  const runs: Record<'on' | 'off', SimulatedCalls[]> = { on: [], off: [] };
  for (let round = 0; round < rounds; round++) {
    for (const signatures of ['on', 'off'] as const) runs[signatures].push(await simulatedCalls(seconds, signatures));
  }
  const medianRun = (of: SimulatedCalls[]) => [...of].sort((a, b) => a.callsPerSecond - b.callsPerSecond)[Math.floor(of.length / 2)]!;
  return { signed: medianRun(runs.on), unsigned: medianRun(runs.off) };
}
