import { notALineNumber, readSettings } from '../config/settings';
import { loadFlowFile } from '../flow/load';
import { parseCallInstant } from '../schedule/callInstant';
import { unknownPathNodeProblems } from './expectedPath';
import { misspeltSettingProblems } from './settingProblem';
import { problemsError, type PlacedProblem, type Scenario } from './scenarioFile';
import { fromHere } from '../text/fromHere';

// What of a scenario only its flow can say is wrong: its instant read in the flow's time zone (a time its clocks
// skip), a number dialled that is no line's, a setting a letter off one the app reads with the flow, a node of
// expect.path the flow lacks. These are not slips of the file: the flow may have changed under a scenario that
// was right (a node renamed or removed), and the scenarios it left alone must still run to show where the calls
// go now. So `ivr test` tells them all before any run, and each such scenario fails as one that cannot run
// (flowRefusal) while the others run; when a scenario runs, the same checks refuse it (scenarioTarget.ts), for a
// caller of runScenario that asked none.

/**
 * The scenario's problems against the flow its settings name; none where the settings or the
 * flow do not load: the run says why, as it says for a scenario it cannot run.
 */
function scenarioFlowProblems(scenario: Scenario): PlacedProblem[] {
  if (scenario.dialect !== 'ivr') return [];
  let settings: ReturnType<typeof readSettings>;
  let flow: ReturnType<typeof loadFlowFile>;
  try {
    settings = readSettings({ ...scenario.settings });
    flow = loadFlowFile(settings.flowFile);
  } catch {
    return [];
  }
  const { at, to } = scenario.call;
  const problems: PlacedProblem[] = [];
  if (at !== undefined) {
    try {
      parseCallInstant(at, flow.hours.timeZone, 'call.at');
    } catch (err) {
      problems.push(asProblem((err as Error).message, 'call.at', at, scenario));
    }
  }
  const noLine = to === undefined ? undefined : notALineNumber(flow, settings, to, 'call.to', 'settings');
  if (noLine !== undefined && to !== undefined) problems.push(asProblem(noLine, 'call.to', to, scenario));
  return [...problems, ...misspeltSettingProblems(scenario, flow), ...unknownPathNodeProblems(scenario, flow, settings.flowFile)];
}

/**
 * A refusal the app words as one sentence, `call.to "+39…" is …; call a line's number …`, as a problem of the
 * file: what is wrong (with the value found, as the file's other problems show it) and the fix after its last "; ".
 */
function asProblem(sentence: string, key: 'call.at' | 'call.to', value: string, scenario: Scenario): PlacedProblem {
  const told = sentence.startsWith(`${key} "${value}" `) ? sentence.slice(`${key} "${value}" `.length) : sentence;
  const cut = told.lastIndexOf('; ');
  return {
    path: key,
    line: scenario.lineOf?.(key.split('.')),
    message: `${cut < 0 ? told : told.slice(0, cut)} (found "${value}")`,
    fix: cut < 0 ? 'see docs/cli.md (ivr test)' : told.slice(cut + 2),
  };
}

/**
 * Why the scenario cannot run on its flow as it is now: its problems (scenarioFlowProblems), the file at the first
 * one's line, then each with its fix; undefined for none.
 */
export function flowRefusal(scenario: Scenario): string | undefined {
  const problems = scenarioFlowProblems(scenario);
  return problems.length === 0 ? undefined : problemsError(fromHere(scenario.file), problems, '').message;
}
