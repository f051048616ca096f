// Turns the `caller` option into one function. An array answers the prompts
// in order and then stays silent, like a caller who has nothing more to say.
// `early` says whether a <Gather> may ask it before its nested prompt plays:
// an array never listens, and `{ beforePrompt }` asks for it, so both can
// interrupt the prompt; a plain function answers once it has heard it all.

import type { CallerAction, CallerPrompt, CallerScript } from './types';

const SILENCE: CallerAction = { silence: true };

export interface Caller {
  answer(prompt: CallerPrompt): Promise<CallerAction>;
  early: boolean;
}

export function callerFrom(script: CallerScript | undefined): Caller {
  if (typeof script === 'function') return { answer: async (prompt) => script(prompt), early: false };
  if (script !== undefined && !Array.isArray(script)) return { answer: async (prompt) => script.beforePrompt(prompt), early: true };
  const queue = [...(script ?? [])];
  return { answer: async () => queue.shift() ?? SILENCE, early: true };
}
