import type { Flow } from './schema';
import { problemSaid, type FlowProblem } from './problem';

// What a command says of a past flow it read (pastFlow.ts) though it could not
// be deployed as it is. Apart from pastFlow.ts, which sets up the flow checks:
// a command imports this at its top, and a call on a checked flow must not set
// them up (rolldown.config.mjs, LAZY_REQUIRES).

/** A past flow and why it could not be deployed as it is (nothing when it could). */
export interface PastFlow {
  flow: Flow;
  warnings: FlowProblem[];
}

/**
 * Prints on stderr, for a past flow a command read though it could not be deployed as it is, each problem
 * with what a deployed app would do; nothing when it could be.
 */
export function warnOfPastFlow(command: string, file: string, warnings: readonly FlowProblem[]): void {
  if (warnings.length === 0) return;
  const list = warnings.map((warning) => problemSaid(warning, 'warning at')).join('\n');
  console.error(`ivr ${command}: ${file} is read as a flow calls went through; ivr lint and the app would refuse it, so it cannot be deployed as it is (the fixes are for deploying it):\n${list}`);
}
