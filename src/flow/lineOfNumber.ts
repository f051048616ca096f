import type { Flow } from './schema';

/**
 * The line of the flow whose number `number` is, or undefined. A transfer there rings this app, not a
 * person: the engine refuses it (webhook/ownNumbers.ts), start-up names an operator setting set to one
 * (config/settings.ts), and lint refuses a destination that holds one without "placeholder" (check.ts).
 */
export function flowLineOfNumber(flow: Flow, number: string): string | undefined {
  for (const [name, line] of Object.entries(flow.lines)) if (line.number === number) return name;
  return undefined;
}
