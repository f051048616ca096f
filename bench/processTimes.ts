import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { median } from './stats';
import { CALL_SCRIPT, OPEN_INSTANT } from './inProcess';

// Whole processes, as users and Azure start them: wall time from spawn to
// exit, the median of several runs taken in turns, so a busy moment on the
// machine lands on both sides of a ratio.

interface Run {
  wallMs: number;
  stdout: string;
}

function run(args: string[], env: Record<string, string | undefined> = {}, okCodes: number[] = [0]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      // No compile cache from the shell: every start is as cold as a fresh machine's.
      env: { ...process.env, NODE_COMPILE_CACHE: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (!okCodes.includes(code ?? -1)) reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr.slice(0, 2000)}`));
      else resolve({ wallMs, stdout });
    });
  });
}

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
  const bare: number[] = [];
  const call: number[] = [];
  const env = { TWILIO_AUTH_TOKEN: undefined, IVR_FLOW_FILE: undefined };
  await run(['-e', '0']);
  await run(callArgs, env);
  for (let i = 0; i < runs; i++) {
    bare.push((await run(['-e', '0'])).wallMs);
    const result = await run(callArgs, env);
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

async function importTime(specifier: string, runs: number, env: Record<string, string | undefined> = {}, expression?: string): Promise<number> {
  const code = expression
    ? `const t = performance.now(); ${expression}; console.log(performance.now() - t)`
    : `const t = performance.now(); require(${JSON.stringify(specifier)}); console.log(performance.now() - t)`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(Number((await run(['-e', code], env)).stdout.trim().split('\n').at(-1)));
  return median(times);
}

/** Importing functions/index.js, as the Azure worker does at a cold start (it loads and checks the flow). */
export async function functionsImport(projectRoot: string, runs: number): Promise<ImportTime> {
  const entry = path.join(projectRoot, 'dist/functions/index.js');
  const env = { TWILIO_AUTH_TOKEN: 'bench-token', AZURE_FUNCTIONS_ENVIRONMENT: 'Production', IVR_FLOW_FILE: undefined };
  return { module: 'dist/functions/index.js', importMs: await importTime(entry, runs, env) };
}

/** What each heavy dependency would cost a cold start on its own (the cold call now avoids all but luxon), and what the cold path still pays. */
export async function dependencyImports(projectRoot: string, runs: number): Promise<ImportTime[]> {
  const from = (name: string) => require.resolve(name, { paths: [projectRoot] });
  const modules: Array<[string, string | undefined, string?]> = [
    ['web Request/Response (undici, built into node)', undefined, "new Response('x')"],
    ['zod', from('zod')],
    ['date-holidays', from('date-holidays')],
    ['luxon', from('luxon')],
    ['twilio/lib/twiml/VoiceResponse', from('twilio/lib/twiml/VoiceResponse')],
    ['twilio (whole package, REST client)', from('twilio')],
    // Paid on the cold path whatever the flow. (node:crypto cannot have a row: `node -e` loads it before any code runs.)
    ['first Intl.DateTimeFormat of a process (luxon\'s IANA zones; skipped once the zone table is cached)', undefined, "new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome' }).format()"],
  ];
  const results: ImportTime[] = [];
  for (const [module, file, expression] of modules) results.push({ module, importMs: await importTime(file ?? '', runs, {}, expression) });
  // What `ivr` loads before a call runs: its bundle through the code cache of the call command (the cold-start runs above wrote it).
  const loader = path.join(projectRoot, 'dist/src/config/codeCache.js');
  const bundle = path.join(projectRoot, 'dist/ivr.bundle.js');
  const cacheDir = path.join(projectRoot, 'node_modules/.cache/klarna-italia-ivr/code-cache');
  const loadBundle = `require(${JSON.stringify(loader)}).loadCodeCached(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}, 'call')`;
  results.push({ module: "`ivr call`'s program: dist/ivr.bundle.js (app, simulator, luxon) through the call command's code cache", importMs: await importTime('', runs, {}, loadBundle) });
  return results;
}

export interface ExploreTime {
  wallMs: number;
  calls: number;
  requests: number;
  instants: number;
  lines: number;
}

/** `ivr explore` over every line at all its instants, as a user runs it; undefined while the command does not exist. */
export async function exploreTime(projectRoot: string, runs: number): Promise<ExploreTime | undefined> {
  if (!existsSync(path.join(projectRoot, 'dist/src/cli/commands/explore.js'))) return undefined;
  const cli = path.join(projectRoot, 'dist/src/cli/main.js');
  const times: number[] = [];
  let report: { instants: unknown[]; lines: unknown[]; walks: Array<{ calls: number; requests: number }> } | undefined;
  for (let i = 0; i < runs; i++) {
    // Exit code 1 only says the report lists a defect; the timing stands.
    const result = await run([cli, 'explore', '--json'], { IVR_FLOW_FILE: undefined }, [0, 1]);
    times.push(result.wallMs);
    report = JSON.parse(result.stdout);
  }
  return {
    wallMs: median(times),
    calls: report!.walks.reduce((n, w) => n + w.calls, 0),
    requests: report!.walks.reduce((n, w) => n + w.requests, 0),
    instants: report!.instants.length,
    lines: report!.lines.length,
  };
}
