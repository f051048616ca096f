import path from 'node:path';
import { runNode } from './processRun';
import { median } from './stats';
import { CALL_SCRIPT, OPEN_INSTANT } from './inProcess';
import { OPERATOR_SETTINGS } from './twilioRequests';

// Start-up costs, whole processes, each the median of several runs taken in
// turns with its reference, so a busy moment on the machine lands on both
// sides of a ratio.

export interface ColdStart {
  bareNodeMs: number;
  simulatedCallMs: number;
  ratio: number;
  command: string;
  runs: number;
}

/** One simulated call from a cold `node` (the CLI's `ivr call --json`) against a bare `node -e 0`. */
export async function coldStart(projectRoot: string, runs: number): Promise<ColdStart> {
  const cli = path.join(projectRoot, 'dist/src/cli/main.js');
  const callArgs = [cli, 'call', '--json', '--at', OPEN_INSTANT, ...CALL_SCRIPT.flatMap((key) => ['--press', key])];
  const env = { ...OPERATOR_SETTINGS, TWILIO_AUTH_TOKEN: undefined, IVR_FLOW_FILE: undefined };
  const bare: number[] = [];
  const call: number[] = [];
  // The first run after a build fills the caches a user's second run finds.
  await runNode(['-e', '0']);
  await runNode(callArgs, { env });
  for (let i = 0; i < runs; i++) {
    bare.push((await runNode(['-e', '0'])).wallMs);
    const result = await runNode(callArgs, { env });
    const outcome = (JSON.parse(result.stdout) as { outcome: { kind: string } }).outcome;
    if (outcome.kind !== 'dial') throw new Error(`ivr call ended with ${JSON.stringify(outcome)}`);
    call.push(result.wallMs);
  }
  const bareNodeMs = median(bare);
  const simulatedCallMs = median(call);
  return { bareNodeMs, simulatedCallMs, ratio: simulatedCallMs / bareNodeMs, command: `ivr call --json --at ${OPEN_INSTANT} ${CALL_SCRIPT.map((k) => `--press ${k}`).join(' ')}`, runs };
}

export interface ImportTime {
  module: string;
  /** Time spent in require() inside the process, ms (median). */
  importMs: number;
}

/** Milliseconds a fresh `node` spends in `expression` (by default a require of `file`). */
async function timeIn(file: string, env: Record<string, string | undefined> = {}, expression = `require(${JSON.stringify(file)})`): Promise<number> {
  const code = `const t = performance.now(); ${expression}; console.log(performance.now() - t)`;
  return Number((await runNode(['-e', code], { env })).stdout.trim().split('\n').at(-1));
}

export interface FunctionsImport {
  entryMs: number;
  azureFunctionsMs: number;
  ratio: number;
  runs: number;
}

/**
 * Importing dist/functions/index.js, as the Azure worker does at a cold
 * start (it loads and checks the flow and registers the routes), against
 * importing `@azure/functions` alone, which any v4 function app pays.
 */
export async function functionsImport(projectRoot: string, runs: number): Promise<FunctionsImport> {
  const entry = path.join(projectRoot, 'dist/functions/index.js');
  const azure = require.resolve('@azure/functions', { paths: [projectRoot] });
  // The operators' numbers set, as in production: their checks are part of a cold start.
  const env = { TWILIO_AUTH_TOKEN: 'bench-token', AZURE_FUNCTIONS_ENVIRONMENT: 'Production', IVR_FLOW_FILE: undefined, ...OPERATOR_SETTINGS };
  const entryTimes: number[] = [];
  const azureTimes: number[] = [];
  await timeIn(entry, env);
  for (let i = 0; i < runs; i++) {
    azureTimes.push(await timeIn(azure, env));
    entryTimes.push(await timeIn(entry, env));
  }
  const entryMs = median(entryTimes);
  const azureFunctionsMs = median(azureTimes);
  return { entryMs, azureFunctionsMs, ratio: entryMs / azureFunctionsMs, runs };
}

/** What each heavy dependency would cost a cold start on its own: what the lazy loading keeps off the cold path. */
export async function dependencyImports(projectRoot: string, runs: number): Promise<ImportTime[]> {
  const from = (name: string) => require.resolve(name, { paths: [projectRoot] });
  const modules: Array<[string, string, string?]> = [
    ['zod', from('zod')],
    ['date-holidays', from('date-holidays')],
    ['luxon', from('luxon')],
    ['twilio/lib/twiml/VoiceResponse', from('twilio/lib/twiml/VoiceResponse')],
    ['twilio (whole package, REST client)', from('twilio')],
    ['the first Intl.DateTimeFormat of a process (what luxon\'s IANA zones use)', '', "new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome' }).format()"],
  ];
  const results: ImportTime[] = [];
  for (const [module, file, expression] of modules) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeIn(file, {}, expression));
    results.push({ module, importMs: median(times) });
  }
  return results;
}
