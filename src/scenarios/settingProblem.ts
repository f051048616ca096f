import { SettingsError } from '../config/settingsError';
import { fromHere } from '../text/fromHere';
import { problemsError, type Scenario } from './scenarioFile';

// A scenario's `settings` are the app's only ones in-process, so a setting the app refuses (a DEST_… number
// without its country code, an IVR_LINE_NUMBERS entry for a line the flow lacks) is a slip of the scenario
// file: it is told as the file's other problems are, at the line of that setting, with the app's fix.

/** `make()`, or the scenario's problem at the line of the setting it refused, when it throws SettingsError. */
export function withSettingPlace<T>(scenario: Scenario, make: () => T): T {
  try {
    return make();
  } catch (err) {
    // A setting the scenario does not give (one of a caller's env) has no place in its file.
    const setting = err instanceof SettingsError ? settingNamed(err.problem, Object.keys(scenario.settings)) : undefined;
    if (setting === undefined) throw err;
    const { problem, fix } = err as SettingsError;
    throw problemsError(fromHere(scenario.file), [
      {
        path: `settings.${setting}`,
        line: scenario.lineOf?.(['settings', setting]),
        // "DEST_… is …" under "at settings.DEST_…": the name once.
        message: problem.startsWith(`${setting} `) ? problem.slice(setting.length + 1) : problem,
        fix: fix ?? 'see docs/testing.md (settings)',
      },
    ], '');
  }
}

/** The one of `settings` that `problem` names first: the app's errors lead with the setting they refuse. */
function settingNamed(problem: string, settings: readonly string[]): string | undefined {
  const named = settings.map((name) => ({ name, at: problem.search(new RegExp(`\\b${name.replace(/[^\w]/g, '\\$&')}\\b`)) })).filter(({ at }) => at >= 0);
  return named.sort((a, b) => a.at - b.at)[0]?.name;
}
