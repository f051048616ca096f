// A scenario that pins only how the call ends (expect.outcome, expect.to) and fails is told "expected dial, got
// hangup", which does not say why. The route the call took does, as expect.path's failure shows it; and an hours
// check that found the line closed on the way says it in words: a scenario begun just before closing time reaches
// the operator's hours check after it, and moved hours close the line under a scenario that passed.

import type { TracedStep } from './coverage';
import { route } from './expectedPath';
import { hoursMayHaveChanged } from './refusedTransfer';
import type { HoursCheck } from './scenarioTarget';

/**
 * The lines told under a failed ending: the route (`entered`), unless the scenario pins its own
 * (`pinsRoute`: expect.path says it then), and the call's last hours check when it found the line closed.
 * `callAt`: the scenario's instant as written.
 */
export function failedEndingLines(entered: readonly TracedStep[], hoursChecks: readonly HoursCheck[], callAt: string | undefined, pinsRoute: boolean): string[] {
  const lines = pinsRoute ? [] : [`the call's route: ${route(entered.map((s) => s.node))}`];
  const last = hoursChecks.at(-1);
  if (last && last.found !== 'open') {
    const began = callAt === undefined ? '' : ` (begun at ${callAt}, its call.at)`;
    lines.push(
      `the hours check at node "${last.node}" found the line ${last.found === 'holiday' ? 'closed for a holiday' : 'closed'} at ${last.at.toFormat('HH:mm:ss')}, ${last.second} s into the call${began}`,
      `if the line was meant to be open then: ${hoursMayHaveChanged("move the scenario's call.at")}`,
    );
  }
  return lines;
}
