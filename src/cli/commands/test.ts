import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FLOW_FILE } from '../../config/settings';
import { loadFlowFile } from '../../flow/load';
import { projectRoot } from '../../config/projectRoot';
import { applyLocalSettings } from '../../server/localSettings';
import { loadScenarioFile, ScenarioFileError, scenarioFilesIn, type Scenario } from '../../scenarios/scenarioFile';
import { flowRefusal } from '../../scenarios/flowChecks';
import { flowsThatDoNotLoad, scenarioFlowFiles } from '../../scenarios/scenarioFlows';
import { cannotRun, failureReport, passedLine } from '../../scenarios/failureReport';
import { runScenario, type ScenarioResult, type ScenarioTarget } from '../../scenarios/runScenario';
import { ivrTesterConfigNotes } from '../../scenarios/ivrTesterConfig';
import { computeCoverage, formatCoverage } from '../../scenarios/coverage';
import { parseCommandLine, readOption, requireExisting, UsageError, type CommandSpec } from '../commandLine';
import { parseCallInstant } from '../../schedule/callInstant';
import { fromHere } from '../../text/fromHere';

const TEST_COMMAND = {
  name: 'test',
  usage: `Usage: ivr test [FILES or FOLDERS] [options]

Runs declarative call-path scenarios (.yaml, .yml, .json; ours or ivr-tester's
format) through the simulator. Default folder: test/scenarios. In-process,
each scenario runs with its own \`settings\` only: app settings from the shell
or local.settings.json do not reach it, so it runs alike on every machine.

  --url URL        run against a server over HTTP instead of in-process
  --auth-token TOKEN
                   with --url, sign requests (default TWILIO_AUTH_TOKEN, from
                   the shell or local.settings.json)
  --at ISO-8601    instant of the call for scenarios that give none (an
                   ivr-tester file X.json: here, or in X.call.json beside it),
                   e.g. 2026-11-24T10:00
  --coverage       report which flow nodes and transitions were exercised
                   (a report: it does not change the exit code; npm test
                   fails while test/scenarios leaves any untaken)
  -h, --help       print this and do nothing else

Exit codes:
  0  every scenario passed
  1  a scenario failed, or a scenario file or the flow does not load
  2  wrong usage: a file or folder that is not there, a folder with no
     scenario files, an unknown option, an --at that is no date-time;
     nothing was run`,
  options: {
    url: { type: 'string' },
    'auth-token': { type: 'string' },
    at: { type: 'string' },
    coverage: { type: 'boolean', default: false },
  },
  maxPositionals: Infinity,
} satisfies CommandSpec;

export async function testCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, TEST_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  requireExisting(positionals);
  const at = values.at;
  // Checked before anything runs, as ivr call checks its --at (only its time zone comes from the flow).
  if (at !== undefined && !values.url && !flowsLoad([DEFAULT_FLOW_FILE], 'no scenario was run')) return 1;
  if (at !== undefined) readOption(() => parseCallInstant(at, values.url ? 'UTC' : loadFlowFile(DEFAULT_FLOW_FILE).hours.timeZone));
  const targets = positionals.length > 0 ? positionals : [path.join(projectRoot(), 'test', 'scenarios')];
  const files = scenarioFiles(targets);
  // ivr-tester's config.json sits among its scenarios: not a scenario, read for its notes.
  for (const folder of targets.filter((target) => statSync(target).isDirectory())) {
    const config = path.join(folder, 'config.json');
    if (existsSync(config)) for (const note of ivrTesterConfigNotes(fromHere(config))) console.log(`  note  ${note}`);
  }
  if (files.length === 0) throw new UsageError(`no scenario files (.yaml, .yml, .json) in ${targets.join(', ')}`);
  // Every file is read before any runs: a file's slips (a misspelt key, a number without its country code) are
  // told for every file at once, and none runs until they are fixed.
  const read = files.map(readScenarioFile);
  const refused = read.filter((r) => r instanceof ScenarioFileError);
  if (refused.length > 0) {
    for (const error of refused) console.error(error.message);
    console.error(`\n${refused.length === 1 ? 'a scenario file does' : `${refused.length} scenario files do`} not load; nothing was run`);
    return 1;
  }
  const scenarios: Scenario[] = read.flatMap((r) => (r instanceof ScenarioFileError ? [] : r));
  // Over HTTP the server loads its own flow.
  if (!values.url && !flowsLoad(scenarioFlowFiles(scenarios), `none of the ${scenarios.length} scenarios was run`)) return 1;
  // What the flow refuses (a node renamed or removed under expect.path, a call.to of no line) is told up front,
  // all at once, but stops only those scenarios: the others show where the calls go on the flow as it is now.
  const refusals = new Map(scenarios.flatMap((scenario) => {
    const refusal = values.url ? undefined : flowRefusal(scenario);
    return refusal === undefined ? [] : [[scenario, refusal] as const];
  }));
  if (refusals.size > 0) {
    console.log(`${refusals.size} of ${scenarios.length} scenarios cannot run on the flow as it is now (each fails below; the others run):`);
    for (const [scenario, refusal] of refusals) console.log(`  scenario ${JSON.stringify(scenario.name)}: ${refusal.replaceAll('\n', '\n  ')}`);
    console.log('');
  }
  if (values.url) for (const note of overHttpNotes(scenarios, values.at)) console.log(`  note  ${note}`);
  else if (values.at !== undefined) {
    // A scenario's own instant wins: a reader who gave --at must not believe every call was made then.
    const own = scenarios.filter((scenario) => scenario.call.at !== undefined).length;
    if (own > 0) console.log(`  note  --at ${values.at} is the instant of scenarios that give none; ${own} of ${scenarios.length} here give their own (call.at, or an ivr-tester file's X.call.json), which wins`);
  }
  // In-process, a scenario runs with its own `settings` and nothing else, as in `npm test`: the shell and
  // local.settings.json would change what it hears (an SMS offer, a destination), so it would pass on one
  // machine and fail on another. Over HTTP the server has its own settings; ours give only the token to sign with.
  const target = values.url ? { url: values.url, authToken: values['auth-token'] ?? localAuthToken() } : { env: {} };
  let passed = 0;
  let failed = 0;
  const traces = [];
  for (const scenario of scenarios) {
    const refusal = refusals.get(scenario);
    const result = refusal === undefined ? await runOrRefuse(scenario, { ...target, defaultAt: values.at }) : cannotRun(refusal);
    traces.push(result.trace);
    for (const warning of result.warnings ?? []) console.log(`  note  ${fromHere(scenario.file)}: ${warning}`);
    if (result.passed) {
      passed++;
      console.log(passedLine(scenario));
    } else {
      failed++;
      for (const line of failureReport(scenario, result)) console.log(line);
    }
  }
  if (values.coverage) {
    if (values.url) console.log('\n(coverage needs in-process runs; it is not available with --url)');
    else console.log(`\n${formatCoverage(computeCoverage(loadFlowFile(DEFAULT_FLOW_FILE), traces), failed)}`);
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/**
 * Whether every one of `files` loads; else each error is told once (not as
 * every scenario's failure: scenarioFlows.ts), then that `notRun`, and the fix.
 */
function flowsLoad(files: readonly string[], notRun: string): boolean {
  const errors = flowsThatDoNotLoad(files);
  for (const error of errors) console.error(error.message);
  const named = errors.map((error) => error.file).join(' ');
  if (errors.length > 0) console.error(`\n${errors.length === 1 ? 'the flow does' : `${errors.length} flows do`} not load, so ${notRun}: fix ${errors.length === 1 ? 'it' : 'them'} as said, then check with npx ivr lint ${named}`);
  return errors.length === 0;
}

/**
 * What a server reached over HTTP decides for itself: the time (so whether the
 * lines are open) and its settings (so, among others, whether it offers the
 * chat-link SMS). The scenarios are run anyway, but the user is told first.
 */
function overHttpNotes(scenarios: Scenario[], at: string | undefined): string[] {
  const timed = scenarios.filter((s) => s.call.at !== undefined || (s.dialect === 'ivr-tester' && at !== undefined)).length;
  return [
    ...(timed > 0
      ? [`${timed} of ${scenarios.length} scenarios give an instant (call.at or --at), which a server reached over HTTP cannot be set to: they run at the server's own time, so those written for other hours fail; run them without --url to hear that instant.`]
      : []),
    "over HTTP the app's settings are the server's own: a scenario's settings and call.sms do not reach it, and a local host offers the chat-link SMS to mobile callers, which in-process runs do only in scenarios that give the app a sender (call.sms, or IVR_SMS_FROM in settings; start it with IVR_LOCAL_SMS=off to match the others).",
  ];
}

/**
 * The scenario's result; one that cannot run (a wrong setting, instant or number) fails with the reason,
 * so the run goes on to the others and ends with its summary.
 */
async function runOrRefuse(scenario: Scenario, target: ScenarioTarget): Promise<Pick<ScenarioResult, 'passed' | 'failures' | 'failureLines' | 'trace' | 'warnings'>> {
  try {
    return await runScenario(scenario, target);
  } catch (err) {
    return cannotRun((err as Error).message);
  }
}

/** The scenarios of `file`, or what is wrong with it. */
function readScenarioFile(file: string): Scenario[] | ScenarioFileError {
  try {
    return loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioFileError) return err;
    throw err;
  }
}

/** The auth token to sign requests to a server with: TWILIO_AUTH_TOKEN from the shell, or else from local.settings.json. */
function localAuthToken(): string | undefined {
  const env = { ...process.env };
  applyLocalSettings(projectRoot(), env);
  return env.TWILIO_AUTH_TOKEN;
}

function scenarioFiles(targets: string[]): string[] {
  return targets.flatMap((target) => (statSync(target).isDirectory() ? scenarioFilesIn(target) : [target]));
}
