// A transfer the app refused because its number rings the app itself (ownNumbers.ts), as a scenario is told
// of it. In a scenario the usual reason is an operators' number (DEST_…) its settings leave unset; but a
// scenario that meant no transfer at all reaches one too when the flow changed under it, and setting DEST_…
// would not fix that one. So the failure says what happened instead of the step, and the fix for each of the
// two things the scenario may have meant. What changed under it, the call's path tells: a key a menu no
// longer offers, or one that now says the same thing again, means a key no longer leads where it did (a
// submenu removed: its keys, pressed at the menu above, are refused, and three refusals put the caller
// through to an operator); a call that pressed only keys the menus offer, past an hours check that found the
// line open, points at the hours (the line still open at its instant once they moved).

import type { TraceEvent } from '../engine/step';
import type { Flow } from '../flow/schema';
import { refusedDialSetting } from '../webhook/ownNumbers';

export interface RefusedTransfer {
  node: string;
  destination: string;
  /** The app setting that holds the destination's number, when the flow gives it one. */
  setting?: string;
  /** The keys on the call's way to the transfer that did not lead on, in order (see KeyAstray). */
  keysAstray?: KeyAstray[];
  /** Whether an hours check on the way found the line open (so moved hours could have let the call through). */
  passedOpenHours?: boolean;
  /** Where the call left the scenario's `expect.path` on its way to the transfer, in words (routeParted). */
  routeParted?: string;
}

/**
 * A key that did not take the call on: `refused` when the menu at `node` offers no such key (it asked again,
 * or after its last try sent the call on as "exhausted"); `repeated` when the key led back to `node` itself
 * (the menu, or an answer, said again).
 */
interface KeyAstray {
  key: string;
  node: string;
  kind: 'refused' | 'repeated';
}

/**
 * An in-process app's refused transfers, heard from the engine's trace (its `dial-refused` event) with the
 * setting from the flow, and its error lines told apart: the app logs each refusal's line right after tracing
 * it (voiceWebhook), for the operator of a deployment, whose fix ("set the app setting …") a test cannot act on.
 * Give `trace` and `error` to the app; `onError` gets each error line, with the refusal it tells of, if any.
 */
export function refusalReader(flow: Flow, onError: (message: string, refused: RefusedTransfer | undefined) => void) {
  let traced: RefusedTransfer | undefined;
  // The call's way so far, for the hint of what changed under a scenario (refusedTransferLines).
  const keysAstray: KeyAstray[] = [];
  let passedOpenHours = false;
  return {
    trace(event: TraceEvent): void {
      if (event.kind === 'no-match' && event.input !== '') keysAstray.push({ key: event.input, node: event.node, kind: 'refused' });
      if (event.kind === 'enter' && event.via?.startsWith('key ') && event.from === event.node) keysAstray.push({ key: event.via.slice('key '.length), node: event.node, kind: 'repeated' });
      if (event.kind === 'enter' && event.via === 'open') passedOpenHours = true;
      if (event.kind !== 'dial-refused') return;
      const setting = refusedDialSetting(flow, event.destination);
      traced = { node: event.node, destination: event.destination, ...(setting ? { setting } : {}), keysAstray: [...keysAstray], passedOpenHours };
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
 * the app. A scenario that set the number itself meant a transfer: it gets that fix alone. `expectsDial`: the
 * scenario expects the dial already (expect.outcome dial, or expect.to), so is not told to.
 */
export function refusedTransferLines(refused: RefusedTransfer, settings: Readonly<Record<string, string | undefined>>, expectsDial: boolean): string[] {
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
    ...(given ? [] : [`if no transfer was meant here${flowChanged(refused, "move the scenario's call.at")}`]),
    `if the transfer is right: ${setIt}${expectsDial ? '' : ', and expect the dial, e.g. expect: { outcome: dial }'}`,
  ];
}

/**
 * What in the flow may have changed under a scenario that meant no transfer, from the call's way to it
 * (RefusedTransfer): a key that no longer leads where it did, or the hours (`moveInstant`: where the
 * scenario's instant is changed). Said after "if no transfer was meant here".
 */
function flowChanged(refused: RefusedTransfer, moveInstant: string): string {
  // The route the scenario pins says where the call went astray: a key that now leads elsewhere, not the hours.
  if (refused.routeParted) return `: a key may no longer lead where it did (an option moved): ${refused.routeParted}; check the scenario's keys against the flow's menus`;
  const astray = refused.keysAstray ?? [];
  if (astray.length > 0) {
    const pressed = astray.map(({ key, node, kind }) => (kind === 'refused' ? `${key} at "${node}", which does not offer it` : `${key} at "${node}", which led back to "${node}"`));
    return `: a key may no longer lead where it did (an option removed or moved): the call pressed ${pressed.join(', then ')}; check the scenario's keys against the flow's menus`;
  }
  if (refused.passedOpenHours) return ` (the line closed, say): ${hoursMayHaveChanged(moveInstant)}`;
  return ": the flow may have changed under the scenario; check its steps against the way the flow now leads to this transfer";
}

/** The hint for a call the hours let through, or turned away, where a scenario meant the other: `moveInstant` says where its instant is changed. */
export function hoursMayHaveChanged(moveInstant: string): string {
  return `the flow's hours may have changed; ${moveInstant}`;
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
    `if no transfer was meant here${flowChanged(refused, `give the call another instant: "at" in ${callFile}`)}`,
    `if the transfer is right: ${setIt}`,
  ];
}
