// What the caller heard of a <Gather> prompt their keys or speech cut short
// (`ivr call --press 1@3`), sentence by sentence: the simulator plays each
// nested part that began before the cut whole in its events (a `say` of a 23 s
// menu for a key at 1 s) and leaves out the parts that never began, so the
// terminal and --json would say the whole first part was heard and nothing of
// the rest. Here the prompt's timeline (the `gather` event) and the cut (the
// `barge-in` event) say which sentences were heard, which one was cut, and
// which were never said, as the dev phone marks them.

import type { GatherPrompt, TranscriptEvent } from '../simulator';
import { speakingSeconds, WORDS_PER_SECOND } from '../simulator/virtualClock';

type PartEvent = Extract<TranscriptEvent, { type: 'say' | 'play' | 'pause' }>;
type BargeIn = Extract<TranscriptEvent, { type: 'barge-in' }>;

/** One event of the call, or one part of a cut prompt as far as the caller heard it. */
export type HeardItem =
  /** An event as the simulator gave it: in a cut prompt, a part heard whole, or a <Play>/<Pause> that had begun (it has no sentences to cut). */
  | { kind: 'event'; event: TranscriptEvent }
  /** A <Say> cut partway: `heard` is its sentences up to and with the one cut (`midSentence`: the cut came within its last); `notSaid` the rest of it. */
  | { kind: 'cut'; event: Extract<PartEvent, { type: 'say' }>; heard: string; midSentence: boolean; notSaid: string; by: string }
  /** A part that never began: what it would have said or played. */
  | { kind: 'not-said'; verb: 'Say' | 'Play'; text: string; language?: string; by: string };

function isPromptPart(event: TranscriptEvent): event is PartEvent {
  return event.type === 'say' || event.type === 'play' || event.type === 'pause';
}

/**
 * The pieces of `prompt` as heard when `bargeIn` cut it: `played` are the part
 * events the simulator emitted for it (those that began before the cut, in order).
 */
export function piecesOfCutPrompt(played: readonly PartEvent[], bargeIn: BargeIn, prompt: GatherPrompt): HeardItem[] {
  const cutAt = prompt.startedAt + bargeIn.after;
  const by = cutBy(bargeIn);
  const pieces: HeardItem[] = played.map((event) => (event.type === 'say' ? cutSay(event, cutAt, by) : { kind: 'event', event }));
  // The i-th <Say> of the timeline is the i-th of `says`, which names its language.
  let says = prompt.timeline.slice(0, played.length).filter((part) => part.verb === 'Say').length;
  for (const part of prompt.timeline.slice(played.length)) {
    if (part.verb === 'Pause') continue; // silence never played is nothing to tell
    if (part.verb === 'Say') {
      const said = prompt.says[says++];
      pieces.push({ kind: 'not-said', verb: 'Say', text: part.text ?? said?.text ?? '', ...(said ? { language: said.language } : {}), by });
    } else pieces.push({ kind: 'not-said', verb: 'Play', text: part.text ?? '', by });
  }
  return pieces;
}

/** A <Say> that began at `say.at`, up to the second `cutAt`, at the pace the simulator times speech with. */
function cutSay(say: Extract<PartEvent, { type: 'say' }>, cutAt: number, by: string): HeardItem {
  // A looped <Say> is timed whole by the simulator; it is not cut into sentences here.
  if (say.loop !== 1 || say.at + speakingSeconds(say.text) <= cutAt) return { kind: 'event', event: say };
  const sentences = say.text.trim().split(/(?<=[.!?…])\s+/);
  let words = 0;
  const heard: string[] = [];
  for (const sentence of sentences) {
    if (say.at + words / WORDS_PER_SECOND >= cutAt) break;
    heard.push(sentence);
    words += sentence.split(/\s+/).length;
  }
  return { kind: 'cut', event: say, heard: heard.join(' '), midSentence: say.at + words / WORDS_PER_SECOND > cutAt, notSaid: sentences.slice(heard.length).join(' '), by };
}

/**
 * The call's events in order, as `emit` is to tell them: each as it comes, but
 * the parts of a <Gather>'s prompt held until its `gather` event (which comes
 * after the `barge-in`, with the prompt's timeline), and told as heard when the
 * caller cut the prompt. `flush` tells what is held (the call ended before its `gather`).
 */
export function promptsAsHeard(emit: (item: HeardItem) => void): { event(event: TranscriptEvent): void; flush(): void } {
  let held: TranscriptEvent[] = [];
  const flush = () => {
    for (const event of held) emit({ kind: 'event', event });
    held = [];
  };
  return {
    event(event) {
      if (isPromptPart(event) || event.type === 'barge-in') {
        held.push(event);
        return;
      }
      const bargeIn = held.find((e): e is BargeIn => e.type === 'barge-in');
      if (event.type === 'gather' && bargeIn) {
        const { startedAt } = event.prompt;
        // Parts said before the <Gather> began (a <Say> before it) are told as they were.
        const parts = held.filter(isPromptPart);
        for (const before of parts.filter((part) => part.at < startedAt)) emit({ kind: 'event', event: before });
        for (const piece of piecesOfCutPrompt(parts.filter((part) => part.at >= startedAt), bargeIn, event.prompt)) emit(piece);
        held = [bargeIn];
      }
      flush();
      emit({ kind: 'event', event });
    },
    flush,
  };
}

/** Whose input cut the prompt, for the words of the transcript. */
function cutBy(bargeIn: BargeIn): string {
  return bargeIn.input === 'keys' ? "the caller's key" : "the caller's speech";
}
