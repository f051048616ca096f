// Which of our compiled modules' functions a cold `ivr call` runs, learned by
// running one: the build (rolldown.config.mjs) has V8 compile those with the
// bundle, so that node's compile cache holds them instead of every start
// compiling them again. Plain JavaScript, run by the build after tsc.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The call: the shipped menu on a weekday afternoon, through the English menu
 * and complaints to an operator (the benchmark's call), so the profile covers
 * the webhooks, the menu, the TwiML parser, the transfer and the call record.
 * The operators' numbers are set as a deployment sets them, so the transfer
 * goes through instead of being refused as a loop to the line's own number.
 */
const CALL = ['call', '--json', '--at', '2026-11-24T13:00', '--press', '1', '--press', '3', '--press', '2'];
const OPERATORS = {
  DEST_CONSUMER_OPERATOR_IT: '+390200000001',
  DEST_CONSUMER_OPERATOR_EN: '+390200000002',
  DEST_MERCHANT_OPERATOR_IT: '+390200000003',
  DEST_MERCHANT_OPERATOR_EN: '+390200000004',
};

/**
 * For each module file of the project the call loaded (absolute path: our
 * compiled modules under `dist`, and packages' under node_modules), the
 * names of the functions it ran. Empty if the call could not run, or its
 * profile could not be written or read (no temporary folder, say): the
 * bundle is then only slower, not wrong, which one line on stderr says, so
 * that a slower start does not go unnoticed.
 */
export function functionsACallRuns(dist) {
  let coverage;
  let stderr = '';
  let ran = new Map();
  try {
    coverage = mkdtempSync(path.join(tmpdir(), 'ivr-call-profile-'));
    // The first call finds the flow checked, or checks it and keeps the check (node_modules/.cache), as a
    // user's first call does; the second, profiled, is a call as users make it, from the kept check, whether
    // or not an earlier build or call left one.
    const runs = [{}, { NODE_V8_COVERAGE: coverage }];
    for (const extraEnv of runs) {
      const run = call(dist, extraEnv);
      stderr = run.stderr;
      if (!run.ran) return notProfiled(ran, stderr);
    }
    for (const report of readdirSync(coverage)) {
      for (const script of JSON.parse(readFileSync(path.join(coverage, report), 'utf8')).result) {
        if (!script.url.startsWith('file:')) continue;
        const file = fileURLToPath(script.url);
        if (!file.startsWith(path.dirname(dist) + path.sep)) continue;
        const names = ran.get(file) ?? new Set();
        for (const fn of script.functions) if (fn.functionName && fn.ranges[0].count > 0) names.add(fn.functionName);
        ran.set(file, names);
      }
    }
  } catch (error) {
    ran = new Map();
    stderr = `${stderr}\n${error instanceof Error ? error.message : String(error)}`;
  } finally {
    if (coverage) rmSync(coverage, { recursive: true, force: true });
  }
  return notProfiled(ran, stderr);
}

/** `ran`, after saying on stderr, when it is empty, that the bundle is built without it. */
function notProfiled(ran, stderr) {
  if (ran.size === 0) {
    const why = stderr.trim();
    console.error(`The build could not profile a call (scripts/functionsACallRuns.mjs): the CLI bundle is built without the functions a call runs compiled early; it works, a cold \`ivr call\` is only slower.${why ? `\n${why}` : ''}`);
  }
  return ran;
}

/**
 * Runs CALL with the compiled modules (not the bundle, which is what is being
 * made) and without the compile cache (V8's coverage does not count code it
 * brings): whether it could run, and its stderr, which says why when nothing
 * was profiled. A call that fails, such as one on a flow
 * that fails its check (which the build reports next), still ran what it ran:
 * this only guides what is compiled early.
 */
function call(dist, extraEnv) {
  // The user's settings and flow choice would make it another call: left out, as the tests leave them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL$|NODE_COMPILE_CACHE$|NODE_OPTIONS$)/.test(name)));
  const program = path.join(dist, 'src/cli/ivr.js');
  const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(program)}).main(${JSON.stringify(CALL)}).then((code) => { process.exitCode = code; })`], {
    cwd: path.dirname(dist),
    env: { ...env, ...OPERATORS, NODE_DISABLE_COMPILE_CACHE: '1', ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ran: run.error === undefined, stderr: `${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}` };
}
