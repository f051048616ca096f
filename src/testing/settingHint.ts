// A refused transfer's log line tells the operator of a deployment to "set the app setting DEST_… to the
// operators' real number". A test reads no setting from the shell (so it passes alike on every machine),
// so a tester who exports it sees the same failure again: the hint says where a test's settings go.
// The app refuses the transfer for either of two causes, and the hint follows the one at hand: the setting
// unset (the flow's placeholder is a line's own number), or set, by the test, to a number that rings the
// app. A refused transfer dials the setting's value whenever it is set, so the test's settings tell which.

const SETTING_FIX = /set the app setting (\w+) to the operators' real number/;

/**
 * The app's error, with where the test sets the setting it names appended (`where`: callIvr's `env`),
 * or, when `settings` (those the test gave) already set it, that its number
 * rings this app; other errors as they are.
 */
export function withSettingHint(message: string, where: SettingsPlace, settings: Readonly<Record<string, string | undefined>>): string {
  const setting = SETTING_FIX.exec(message)?.[1];
  if (setting === undefined) return message;
  // Blank is unset, as the app reads it (resolveAgainstFlow).
  const given = settings[setting]?.trim();
  if (given) {
    return `${message} ${setting} is ${given} ${where.place}, a number that rings this app: set it to the operators' real number, not one of the lines', e.g. ${where.example(setting)}.`;
  }
  return `${message} ${where.reader} reads no app settings from the shell: set it ${where.place}, e.g. ${where.example(setting)}.`;
}

interface SettingsPlace {
  reader: string;
  place: string;
  example: (setting: string) => string;
}

export const IN_CALL_IVR_ENV: SettingsPlace = { reader: 'callIvr', place: 'in its env option', example: (setting) => `env: { ${setting}: '+390200000001' }` };
