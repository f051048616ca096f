// Turns the `caller` option into one function. An array answers the prompts
// in order and then stays silent, like a caller who has nothing more to say.

import type { CallerAction, CallerPrompt, CallerScript } from './types';

const SILENCE: CallerAction = { silence: true };

export function callerFrom(script: CallerScript | undefined): (prompt: CallerPrompt) => Promise<CallerAction> {
  if (typeof script === 'function') return async (prompt) => script(prompt);
  const queue = [...(script ?? [])];
  return async () => queue.shift() ?? SILENCE;
}
