import path from 'node:path';
import { filePlace, type Scenario } from './scenarioFile';
import type { ScenarioResult } from './runScenario';

/**
 * A failed scenario in the words `ivr test` prints and `npm test` fails with, one entry a line: the FAIL line at
 * the scenario's `path:line`, then each failure at the line of the step (or `expect` key) it is about, the place
 * to edit, which a terminal or an IDE opens. Paths are shown from where the command was run.
 */
export function failureReport(scenario: Scenario, result: Pick<ScenarioResult, 'failures' | 'failureLines'>): string[] {
  const shown = path.relative(process.cwd(), scenario.file);
  return [
    `  FAIL  ${scenario.name}  (${scenarioPlace(scenario)})`,
    ...result.failures.map((failure, i) => {
      const line = result.failureLines[i];
      return `    ${line === undefined ? '' : `${filePlace(shown, line)}: `}${failure}`;
    }),
  ];
}

/** A scenario that passed, as `ivr test` prints it: at its `path:line`, as a failed one is. */
export function passedLine(scenario: Scenario): string {
  return `  ok    ${scenario.name}  (${scenarioPlace(scenario)})`;
}

/** Where a scenario starts, `path:line` from where the command was run. */
function scenarioPlace(scenario: Scenario): string {
  return filePlace(path.relative(process.cwd(), scenario.file), scenario.lineOf?.([]));
}

/** The result of a scenario that cannot run, for `reason`: a failure of that scenario alone, the others still run. */
export function cannotRun(reason: string): Pick<ScenarioResult, 'passed' | 'failures' | 'failureLines' | 'trace' | 'warnings'> {
  // A reason of several lines (the problems of a file, each with its fix) stays under the line that leads it.
  return { passed: false, failures: [`cannot run: ${reason.replaceAll('\n', '\n    ')}`], failureLines: [undefined], trace: [] };
}
