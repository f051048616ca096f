// A transfer the app refused because its number rings the app itself (ownNumbers.ts), as a scenario is told
// of it. In a scenario the usual reason is an operators' number (DEST_…) its settings leave unset; but a
// scenario that meant no transfer at all reaches one too when the flow changed under it (the line still open
// at its instant once the hours moved), and setting DEST_… would not fix that one. So the failure says what
// happened instead of the step, and the fix for each of the two things the scenario may have meant.

export interface RefusedTransfer {
  node: string;
  destination: string;
  /** The app setting that holds the destination's number, when the flow gives it one. */
  setting?: string;
}

/** The refusal an app's error tells of, read from refusedDialMessage's words (ownNumbers.ts); undefined for any other error. */
export function readRefusedTransfer(message: string): RefusedTransfer | undefined {
  const refused = /refused to transfer at node "([^"]+)" to (\S+) /.exec(message);
  if (!refused) return undefined;
  const setting = /set the app setting (\w+) to the operators' real number/.exec(message)?.[1];
  return { node: refused[1] as string, destination: refused[2] as string, ...(setting ? { setting } : {}) };
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
