import type { Flow } from './schema';

/**
 * The line whose own number in the flow file (not one IVR_LINE_NUMBERS maps: config/settings.ts's
 * lineOfKnownNumber reads both) is `number`, or undefined. A transfer there rings this app, not a person: the
 * engine refuses it (webhook/ownNumbers.ts), start-up names an operator setting set to one
 * (config/settings.ts), and lint refuses a destination that holds one without "placeholder" (check.ts).
 */
export function lineWhoseOwnNumberIs(flow: Flow, number: string): string | undefined {
  for (const [name, line] of Object.entries(flow.lines)) if (line.number === number) return name;
  return undefined;
}
