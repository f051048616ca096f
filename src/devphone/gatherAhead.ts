import type { GatherPrompt, TranscriptEvent } from '../simulator';
import { DEFAULT_SAY_LANGUAGE } from '../simulator/verbs/audio';

// On a real call a key pressed while a <Gather>'s prompt plays interrupts it
// there (https://www.twilio.com/docs/voice/twiml/gather#bargein). So the dev
// phone answers each <Gather> before its prompt plays, as `ivr call --press
// 1@5` does: the simulator asks as the prompt begins and plays it only once
// it knows when (if at all) the caller cuts in. The page must read the prompt
// out meanwhile, so it is told, as the <Gather> begins, that it listens, then
// the prompt's parts; the simulator's own events for those parts and that wait,
// which come after the answer, are the same again and are dropped. What the
// caller's key cut off is told by the simulator's `barge-in` event.

export interface GatherAhead {
  /** The page's events for a <Gather> that begins: the wait for keys, then its nested parts as they are to be heard. */
  begin(prompt: GatherPrompt): TranscriptEvent[];
  /** False for the simulator's events of a prompt already told by `begin`. */
  keep(event: TranscriptEvent): boolean;
}

const PARTS: ReadonlySet<TranscriptEvent['type']> = new Set(['say', 'play', 'pause']);

export function gatherAhead(): GatherAhead {
  let told = false;
  return {
    begin(prompt) {
      told = true;
      const says = [...prompt.says];
      // The <Gather> listens from the start of its prompt: its line comes first, at the moment the prompt begins.
      const events: TranscriptEvent[] = [{ type: 'gather', at: prompt.startedAt, prompt }];
      for (const part of prompt.timeline) {
        const at = prompt.startedAt + part.at;
        if (part.verb === 'Say') {
          // The i-th <Say> of the timeline is the i-th of `says` (both list the <Gather>'s heard parts in order), which
          // names the language it is spoken in; the <Gather>'s own `language` is for recognising speech, not saying it.
          const said = says.shift();
          events.push({ type: 'say', at, text: part.text ?? said?.text ?? '', language: said?.language ?? DEFAULT_SAY_LANGUAGE, loop: 1 });
        } else if (part.verb === 'Play') {
          events.push(/^[0-9*#wW]+$/.test(part.text ?? '') ? { type: 'play', at, digits: part.text, loop: 1 } : { type: 'play', at, url: part.text, loop: 1 });
        } else events.push({ type: 'pause', at, seconds: part.seconds ?? 0 });
      }
      return events;
    },
    keep(event) {
      if (!told) return true;
      if (PARTS.has(event.type)) return false;
      if (event.type === 'barge-in') return true;
      // The simulator's own wait for keys closes the prompt; anything else (a hang-up mid-prompt) closes it too.
      told = false;
      return event.type !== 'gather';
    },
  };
}
