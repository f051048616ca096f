// A refused transfer's log line tells the operator of a deployment to "set the app setting DEST_… to the
// operators' real number". A test reads no setting from the shell (so it passes alike on every machine),
// so a tester who exports it sees the same failure again: the hint says where a test's settings go.
// The app refuses the transfer for either of two causes, and the hint follows the one at hand: the setting
// unset (the flow's placeholder is a line's own number), or set, by the test, to a number that rings the
// app. A refused transfer dials the setting's value whenever it is set, so the test's settings tell which.

import type { RefusedTransfer } from '../scenarios/refusedTransfer';

/**
 * The app's error, with where callIvr takes the setting of the transfer it refused (`refused`, from
 * refusalReader) appended: its `env` option, or, when `settings` (the test's `env`) already set it, that its
 * number rings this app; other errors as they are.
 */
export function withSettingHint(message: string, refused: RefusedTransfer | undefined, settings: Readonly<Record<string, string | undefined>>): string {
  const setting = refused?.setting;
  if (setting === undefined) return message;
  const example = `env: { ${setting}: '+390200000001' }`;
  // Blank is unset, as the app reads it (resolveAgainstFlow).
  const given = settings[setting]?.trim();
  if (given) {
    return `${message} ${setting} is ${given} in its env option, a number that rings this app: set it to the operators' real number, not one of the lines', e.g. ${example}.`;
  }
  return `${message} callIvr reads no app settings from the shell: set it in its env option, e.g. ${example}.`;
}
