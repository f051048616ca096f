import { flowFileSetting } from '../config/settings';
import { loadFlowFile } from '../flow/load';
import { FlowError } from '../flow/problem';
import { fromHere } from '../text/fromHere';
import type { Scenario } from './scenarioFile';

// A flow that does not load fails every scenario run on it, each with the
// same error: dozens of copies of one problem, and a summary of failures that
// are none of the scenarios'. So `ivr test` loads each flow the scenarios run
// on once, before any runs, and tells each that fails once, as lint does.

/** The flows `scenarios` run on in-process: each scenario's IVR_FLOW_FILE, else ours, each once. */
export function scenarioFlowFiles(scenarios: readonly Scenario[]): string[] {
  return [...new Set(scenarios.map((scenario) => flowFileSetting(scenario.settings)))];
}

/** The errors of those of `files` that do not load, each file named from here. */
export function flowsThatDoNotLoad(files: readonly string[]): FlowError[] {
  return files.flatMap((file) => {
    try {
      loadFlowFile(fromHere(file));
      return [];
    } catch (err) {
      if (err instanceof FlowError) return [err];
      throw err;
    }
  });
}
