import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareHttp } from './httpComparison';
import { simulatedCalls, webhookCosts } from './inProcess';
import { describeMachine, loadAverageNow } from './machine';
import { measureMemory } from './memory';
import { coldStart, dependencyImports, exploreTime, functionsImport } from './processTimes';
import { markdown, targetsOf, type BenchReport } from './report';

// `npm run bench`: every figure of issue 5 in one run, side by side, as
// ratios taken in the same run (the machine is shared and noisy, so absolute
// numbers from different runs do not compare). A benchmark, not a test:
// nothing here fails on a time; missed targets are reported as such.

const HELP = `Usage: npm run bench [-- options]

  --quick           shorter run (2 rounds of 2 s, fewer process starts): a rough look
  --seconds N       seconds of load per round and server (default 3)
  --rounds N        rounds per server, taken in turns (default 3)
  --connections N   keep-alive connections of the load generator (default 16)
  --readme          also write the tables into README.md's Performance section

Writes bench/results/latest.json and bench/results/latest.md.`;

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

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
  const settings = {
    seconds: Number(values.seconds ?? (quick ? 2 : 3)),
    rounds: Number(values.rounds ?? (quick ? 2 : 3)),
    connections: Number(values.connections),
  };
  const processRuns = quick ? 5 : 11;
  const root = path.resolve(__dirname, '../..');
  const flowFile = path.join(root, 'flows/klarna-italia.json');
  const log = (line: string) => console.error(line);
  const machine = describeMachine();

  log(`HTTP: our host vs conventional vs signed floor vs ceiling (${settings.rounds} rounds × ${settings.seconds} s each)`);
  const { firstAnswer: _answer, ...http } = await compareHttp({ projectRoot: root, flowFile, ...settings, log });
  log('Memory: our host over 200k webhooks');
  const memory = await measureMemory({ projectRoot: root, flowFile, connections: settings.connections, log });
  log('In-process: one webhook, simulated calls');
  const webhooks = await webhookCosts(quick ? 10_000 : 30_000);
  const calls = await simulatedCalls(quick ? 2 : 3);
  log('Processes: cold start, functions entry, imports, ivr explore');
  const cold = await coldStart(root, processRuns);
  const functions = await functionsImport(root, processRuns);
  const imports = await dependencyImports(root, quick ? 3 : 5);
  const explore = await exploreTime(root, quick ? 3 : 5);
  machine.loadAverage.end = loadAverageNow();

  const partial: Omit<BenchReport, 'targets'> = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine,
    settings,
    http: {
      ...http,
      ratios: {
        firstToCeiling: http.ours.first.requestsPerSecond / http.ceiling.requestsPerSecond,
        firstToConventional: http.ours.first.requestsPerSecond / http.conventional.requestsPerSecond,
        deepToCeiling: http.ours.deep.requestsPerSecond / http.ceiling.requestsPerSecond,
        deepToConventional: http.ours.deep.requestsPerSecond / http.conventional.requestsPerSecond,
        conventionalToCeiling: http.conventional.requestsPerSecond / http.ceiling.requestsPerSecond,
        firstToSignedFloor: http.ours.first.requestsPerSecond / http.signedFloor.requestsPerSecond,
        signedFloorToCeiling: http.signedFloor.requestsPerSecond / http.ceiling.requestsPerSecond,
      },
    },
    inProcess: { webhooks, simulatedCalls: calls },
    coldStart: cold,
    functionsImport: functions,
    dependencyImports: imports,
    explore: explore ?? null,
    memory,
  };
  const report: BenchReport = { ...partial, targets: targetsOf(partial) };
  const table = markdown(report);

  const resultsDir = path.join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, 'latest.md'), `${table}\n`);
  if (values.readme) updateReadme(path.join(root, 'README.md'), table);
  console.log(table);
  log(`\nWrote bench/results/latest.json and latest.md${values.readme ? ' and README.md' : ''}.`);
  return 0;
}

/** Replaces the tables between the bench markers in README.md, leaving every other line alone. */
function updateReadme(file: string, table: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} section to fill`);
  writeFileSync(file, `${text.slice(0, start + README_START.length)}\n${table}\n${text.slice(end)}`);
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
