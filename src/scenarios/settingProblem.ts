import { SettingsError } from '../config/settingsError';
import { settingNames } from '../config/settings';
import { closestNames } from '../flow/closestName';
import type { Flow } from '../flow/schema';
import { fromHere } from '../text/fromHere';
import { problemsError, type PlacedProblem, type Scenario } from './scenarioFile';

// A scenario's `settings` are the app's only ones in-process, so a setting the app refuses (a DEST_… number
// without its country code, an IVR_LINE_NUMBERS entry for a line the flow lacks) is a slip of the scenario
// file: it is told as the file's other problems are, at the line of that setting, with the app's fix.
//
// A name the app does not read is left unread: one a letter off the setting meant leaves that setting unset, and
// the run failed later, saying it "is not set in the scenario's settings" while the file sets it. So such a name is
// told with the name meant, as any misspelt key of the file is; other names are not refused, for settings are no
// closed list. The app's names are known with the flow (its destinations' DEST_…), so this is told with what only
// the flow can say (flowChecks.ts).

/** Each name in the scenario's `settings` the app does not read and that is a typo of one it does, at its line, with the rename. */
export function misspeltSettingProblems(scenario: Scenario, flow: Flow): PlacedProblem[] {
  return misspeltSettings(Object.keys(scenario.settings), flow).map(({ name, message, fix }) => ({
    path: `settings.${name}`,
    line: scenario.lineOf?.(['settings', name]),
    message,
    fix,
  }));
}

/** A setting's name the app does not read, the slip of one it does: what is wrong with it, and the rename. */
export interface MisspeltSetting {
  name: string;
  message: string;
  fix: string;
}

/**
 * Each of `names` the app does not read with `flow` that `meant` finds a slip of one it does (by default a few
 * letters off it, or half of it), with the rename: a scenario's `settings` and callIvr's `env` are told alike.
 */
export function misspeltSettings(names: readonly string[], flow: Flow, meant: (name: string, known: readonly string[]) => string[] = closestNames): MisspeltSetting[] {
  const known = settingNames(flow);
  return names.flatMap((name) => {
    const likely = known.includes(name) ? [] : meant(name, known);
    if (likely.length === 0) return [];
    return [{ name, message: 'is no setting the app reads, so it would be left unread', fix: `rename "${name}" to ${likely.map((n) => `"${n}"`).join(' or ')}` }];
  });
}

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
        fix: fix ?? 'see `settings` under "Scenario files" in docs/testing.md',
      },
    ], '');
  }
}

/** The one of `settings` that `problem` names first: the app's errors lead with the setting they refuse. */
function settingNamed(problem: string, settings: readonly string[]): string | undefined {
  const named = settings.map((name) => ({ name, at: problem.search(new RegExp(`\\b${name.replace(/[^\w]/g, '\\$&')}\\b`)) })).filter(({ at }) => at >= 0);
  return named.sort((a, b) => a.at - b.at)[0]?.name;
}
