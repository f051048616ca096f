/**
 * A setting the app cannot start with. `problem` says what is wrong and `fix`, when given apart, what to
 * set instead: the message says both ("X is "v"; set it to …"), and `ivr lint` prints the fix on a line of
 * its own, so that neither says it twice. In a module of its own so that the modules reading a group of
 * settings (the SMS's, the call journal's), which settings.ts imports, can throw it too.
 */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(
    readonly problem: string,
    readonly fix?: string,
  ) {
    super(fix === undefined ? problem : `${problem}; ${fix}`);
  }
}
