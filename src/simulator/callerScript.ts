// Turns a party's script (`caller`, or the transfer's `calledParty`) into a
// PromptAsker, which also numbers the prompts and reports them and the input
// as events. An array answers the prompts in order and then stays silent,
// like a caller who has nothing more to say.
// `early` says whether a <Gather> may ask it before its nested prompt plays:
// an array never listens, and `{ beforePrompt }` asks for it, so both can
// interrupt the prompt; a plain function answers once it has heard it all.

import type { PromptDraft } from './callContext';
import type { EventBody } from './events';
import type { CallerAction, CallerPrompt, CallerScript } from './types';
import { keysNotTaken, stoppedWaitingAt } from './verbs/gather';

const SILENCE: CallerAction = { silence: true };

interface Caller {
  answer(prompt: CallerPrompt): Promise<CallerAction>;
  early: boolean;
}

function callerFrom(script: CallerScript | undefined): Caller {
  if (typeof script === 'function') return { answer: async (prompt) => script(prompt), early: false };
  if (script !== undefined && !Array.isArray(script)) return { answer: async (prompt) => script.beforePrompt(prompt), early: true };
  const queue = [...(script ?? [])];
  return { answer: async () => queue.shift() ?? SILENCE, early: true };
}

/** One party's side of the prompts (the caller's, or the called parties' across a call's dials): numbered in order, each said in the transcript with its answer. */
export interface PromptAsker {
  /** The answer an early script gives before the prompt plays (so it can interrupt it), or undefined. */
  foresee(draft: PromptDraft): Promise<CallerAction | undefined>;
  /**
   * Emits the prompt event, asks the script (unless `foreseen` answers), emits the input event, unless `reached`
   * says the party hung up before that input's moment: keys timed after the hang-up were never pressed.
   */
  ask(draft: PromptDraft, foreseen: CallerAction | undefined, emit: (body: EventBody) => void, reached?: (action: CallerAction) => boolean): Promise<CallerAction>;
}

export function promptAsker(script: CallerScript | undefined): PromptAsker {
  const party = callerFrom(script);
  let prompts = 0;
  return {
    // The prompt foreseen is numbered as the ask that follows will number it.
    foresee: async (draft) => (party.early ? party.answer({ ...draft, index: prompts + 1 } as CallerPrompt) : undefined),
    async ask(draft, foreseen, emit, reached) {
      const prompt = { ...draft, index: ++prompts } as CallerPrompt;
      emit(prompt.verb === 'Gather' ? { type: 'gather', prompt } : { type: 'record', prompt });
      const action = foreseen ?? (await party.answer(prompt));
      if (reached && !reached(action)) return action;
      const late = prompt.verb === 'Gather' ? stoppedWaitingAt(prompt, action) : undefined;
      const notTaken = prompt.verb === 'Gather' && late === undefined ? keysNotTaken(prompt, action) : undefined;
      // The event says what Twilio took (the Digits it sends), and the keys it did not apart.
      const said = notTaken !== undefined && 'digits' in action ? { ...action, digits: action.digits.slice(0, -notTaken.length) } : action;
      emit({ type: 'input', verb: prompt.verb, action: said, ...(late !== undefined ? { tooLate: { stoppedWaitingAt: late } } : {}), ...(notTaken !== undefined ? { notTaken } : {}) });
      return action;
    },
  };
}
