// A transfer the app refused because its number rings the app itself (ownNumbers.ts), as a scenario is told
// of it. In a scenario the usual reason is an operators' number (DEST_…) its settings leave unset; but a
// scenario that meant no transfer at all reaches one too when the flow changed under it (the line still open
// at its instant once the hours moved), and setting DEST_… would not fix that one. So the failure says what
// happened instead of the step, and the fix for each of the two things the scenario may have meant.

import type { TraceEvent } from '../engine/step';
import type { Flow } from '../flow/schema';

export interface RefusedTransfer {
  node: string;
  destination: string;
  /** The app setting that holds the destination's number, when the flow gives it one. */
  setting?: string;
}

/**
 * An in-process app's refused transfers, heard from the engine's trace (its `dial-refused` event) with the
 * setting from the flow, and its error lines told apart: the app logs each refusal's line right after tracing
 * it (voiceWebhook), for the operator of a deployment, whose fix ("set the app setting …") a test cannot act on.
 * Give `trace` and `error` to the app; `onError` gets each error line, with the refusal it tells of, if any.
 */
export function refusalReader(flow: Flow, onError: (message: string, refused: RefusedTransfer | undefined) => void) {
  let traced: RefusedTransfer | undefined;
  return {
    trace(event: TraceEvent): void {
      if (event.kind !== 'dial-refused') return;
      const setting = flow.destinations[event.destination]?.setting;
      traced = { node: event.node, destination: event.destination, ...(setting ? { setting } : {}) };
    },
    error(message: string): void {
      const refused = traced;
      traced = undefined;
      onError(message, refused);
    },
  };
}

/**
 * What happened, then one line for each fix: `settings` are the scenario's, which tell why the number rings
 * the app. A scenario that set the number itself meant a transfer: it gets that fix alone.
 */
export function refusedTransferLines(refused: RefusedTransfer, settings: Readonly<Record<string, string | undefined>>): string[] {
  const { node, destination, setting } = refused;
  // Blank is unset, as the app reads it (resolveAgainstFlow).
  const given = setting === undefined ? undefined : settings[setting]?.trim() || undefined;
  const why =
    setting === undefined
      ? `the flow gives destination "${destination}" a number that rings this app`
      : given
        ? `${setting} is ${given} in the scenario's settings, a number that rings this app`
        : `${setting} is not set in the scenario's settings`;
  const setIt =
    setting === undefined
      ? `give destination "${destination}" the operators' real number in the flow`
      : `set ${setting} in the scenario's settings${given ? " to the operators' number, not a line's" : ''}, e.g. settings: { ${setting}: "+390200000001" }`;
  return [
    `the call went to the transfer at node "${node}", which the app refused: ${why}`,
    ...(given ? [] : ["if no transfer was meant here (the line closed, say): the flow's hours may have changed; move the scenario's call.at"]),
    `if the transfer is right: ${setIt}, and expect the dial, e.g. expect: { outcome: dial }`,
  ];
}

/**
 * The same for an ivr-tester file, which gives the app no settings (`ivr test` runs it with none) and has no
 * `expect`: the fixes it can act on are its call's instant, the flow, or another way to give the setting.
 * `callFile`: the X.call.json beside it, where its instant goes.
 */
export function ivrTesterRefusalLines(refused: RefusedTransfer, callFile: string): string[] {
  const { node, destination, setting } = refused;
  const why = setting === undefined ? `the flow gives destination "${destination}" a number that rings this app` : `an ivr-tester file gives the app no settings, so ${setting} is unset`;
  const setIt =
    setting === undefined
      ? `give destination "${destination}" the operators' real number in the flow`
      : `run the file against an app whose settings set ${setting} (ivr test --url URL), or write the scenario in ivr test's own format, with settings: { ${setting}: "+390200000001" }`;
  return [
    `the call went to the transfer at node "${node}", which the app refused: ${why}`,
    `if no transfer was meant here (the line closed, say): the flow's hours may have changed; give the call another instant: "at" in ${callFile}`,
    `if the transfer is right: ${setIt}`,
  ];
}
