// What the caller heard of a prompt cut short: a <Gather>'s prompt their keys
// or speech interrupted (`ivr call --press 1@3`), or any <Say> they hung up
// during (`--hangup-at 4`), sentence by sentence. The simulator gives each part
// that began before the cut whole in its events (a `say` of a 23 s menu for a
// key at 1 s) and leaves out the parts that never began, so the terminal and
// --json would say the whole part was heard and nothing of the rest. Here the
// prompt's timeline (the `gather` event) and the cut (the `barge-in` event, or
// the caller's `hangup`) say which sentences were heard, which one was cut, and
// which were never said, as the dev phone marks them. What a test of the call
// takes as heard (callIvr's `said`, a scenario's `hear` steps) is read from the
// same cut, so a test matches only what the caller heard.

import type { TranscriptEvent } from './events';
import type { GatherPrompt, PromptPart, SaidText } from './types';
import { speakingSeconds, WORDS_PER_SECOND } from './virtualClock';

type PartEvent = Extract<TranscriptEvent, { type: 'say' | 'play' | 'pause' }>;
type SayEvent = Extract<PartEvent, { type: 'say' }>;
type BargeIn = Extract<TranscriptEvent, { type: 'barge-in' }>;

/** What cut the prompt: the caller's keys, speech, or hang-up. */
export type CutBy = 'keys' | 'speech' | 'hangup';

/** One event of the call, or one part of a cut prompt as far as the caller heard it. */
export type HeardItem =
  /** An event as the simulator gave it: in a cut prompt, a part heard whole, or a <Play>/<Pause> that had begun (it has no sentences to cut). */
  | { kind: 'event'; event: TranscriptEvent }
  /**
   * A <Say> cut partway: `roundsHeard` rounds of its loop heard whole, then in the round cut `heard`, its sentences
   * up to and with the one cut (`midSentence`: the cut came within its last), and `notSaid` the rest of that round;
   * `repeatsNotSaid` rounds of its loop never began (Infinity: loop="0", it would have gone on).
   */
  | { kind: 'cut'; event: SayEvent; roundsHeard: number; heard: string; midSentence: boolean; notSaid: string; repeatsNotSaid: number; by: CutBy }
  /** A part of a <Gather>'s prompt that never began: what it would have said or played. */
  | { kind: 'not-said'; verb: 'Say' | 'Play'; text: string; language?: string; by: CutBy }
  /** Why the app went where it did (the engine's trace `why`), told where the node's words begin. */
  | { kind: 'why'; text: string }
  /** What the app logged at a node (a refused transfer), told after that node's words. */
  | { kind: 'note'; text: string };

/**
 * An event held until the next other event says how it was heard, a note told after the events held before it,
 * or why the app went to a node, told where that node's words begin (which a hang-up can cut before).
 */
type Held = TranscriptEvent | { note: string } | { why: string };

function isNote(held: Held): held is { note: string } {
  return 'note' in held;
}

function isWhy(held: Held): held is { why: string } {
  return 'why' in held;
}

function heardItem(held: Held): HeardItem {
  if (isNote(held)) return { kind: 'note', text: held.note };
  return isWhy(held) ? { kind: 'why', text: held.why } : { kind: 'event', event: held };
}

function isPromptPart(event: Held): event is PartEvent {
  return !isNote(event) && !isWhy(event) && (event.type === 'say' || event.type === 'play' || event.type === 'pause');
}

/**
 * The pieces of `prompt` as heard when `bargeIn` cut it. `held` are the part
 * events given before the barge-in: the prompt's parts that began before the
 * cut come last, after any said before the <Gather> began (which can share its
 * first second: a <Play> or an empty <Say> takes no time), so they are told by
 * the prompt's timeline, which the simulator plays in order up to the cut.
 */
function piecesOfCutPrompt(held: readonly PartEvent[], bargeIn: BargeIn, prompt: GatherPrompt): HeardItem[] {
  const begun = Math.min(partsBegun(prompt, bargeIn.after), held.length);
  const before = held.slice(0, held.length - begun);
  const played = held.slice(held.length - begun);
  const by = bargeIn.input;
  const pieces: HeardItem[] = before.map((event) => ({ kind: 'event', event }));
  pieces.push(...played.map((event) => cutPart(event, prompt.startedAt + bargeIn.after, by)));
  // The i-th <Say> of the timeline is the i-th of `says`, which names its language.
  let says = prompt.timeline.slice(0, begun).filter((part) => part.verb === 'Say').length;
  for (const part of prompt.timeline.slice(begun)) {
    if (part.verb === 'Pause') continue; // silence never played is nothing to tell
    if (part.verb === 'Say') {
      const said = prompt.says[says++];
      pieces.push({ kind: 'not-said', verb: 'Say', text: part.text ?? said?.text ?? '', ...(said ? { language: said.language } : {}), by });
    } else pieces.push({ kind: 'not-said', verb: 'Play', text: part.text ?? '', by });
  }
  return pieces;
}

/** How many parts of the prompt's timeline began before the second `cutAt` into it: the rest were never said. */
function partsBegun(prompt: GatherPrompt, cutAt: number): number {
  return prompt.timeline.filter((part) => part.at < cutAt).length;
}

/**
 * What the caller will hear of a <Gather>'s prompt cut `cutAt` seconds into it (Infinity: played whole),
 * told before it plays: a scenario decides its caller's answer then, having matched its `hear` steps. The
 * same cut as the events will show once the prompt has played (promptsAsHeard), read from its timeline.
 */
export function saidOfCutPrompt(prompt: GatherPrompt, cutAt: number): SaidText[] {
  return partsOfCutPrompt(prompt, cutAt).flatMap(({ said }) => said);
}

/**
 * The same, part by part: each part of the prompt's timeline that began before the cut, with what the caller
 * heard of it (of a <Say>, as `saidOfCutPrompt` tells it; of a <Play> or a <Pause>, nothing said). For a
 * caller that acts at a part (ivr-tester's, in a <Pause>), the parts after the cut never came.
 */
export function partsOfCutPrompt(prompt: GatherPrompt, cutAt: number): { part: PromptPart; said: SaidText[] }[] {
  // The i-th <Say> of the timeline is the i-th of `says`, which names its language.
  const says = prompt.says.values();
  return prompt.timeline.slice(0, partsBegun(prompt, cutAt)).map((part) => {
    const said = part.verb === 'Say' ? says.next().value : undefined;
    if (said === undefined) return { part, said: [] };
    const { text, language } = said;
    // The part's length is its rounds: a loop="0" one has none (null), and goes on until the cut.
    const round = speakingSeconds(text);
    const loop = part.seconds === null ? 0 : round === 0 ? 1 : part.seconds / round;
    // Whose the cut is (a key, the hang-up) changes nothing of what was heard before it.
    return { part, said: saidIn(cutSay({ type: 'say', at: prompt.startedAt + part.at, text, language, loop }, prompt.startedAt + cutAt, 'keys')) };
  });
}

/** What the caller heard of one item: a <Say> told whole, or a cut one's rounds heard whole and its sentences up to and with the one cut. */
export function saidIn(item: HeardItem): SaidText[] {
  if (item.kind === 'event') return item.event.type === 'say' ? [{ text: item.event.text, language: item.event.language }] : [];
  if (item.kind !== 'cut') return [];
  const { text, language } = item.event;
  return [...(item.roundsHeard > 0 ? [{ text, language }] : []), ...(item.heard ? [{ text: item.heard, language }] : [])];
}

/** Everything the caller heard of a call, in order: each <Say> as far as it was heard. */
export function saidOfCall(events: readonly TranscriptEvent[]): SaidText[] {
  const said: SaidText[] = [];
  const heard = promptsAsHeard((item) => said.push(...saidIn(item)));
  for (const event of events) heard.event(event);
  heard.flush();
  return said;
}

/** A part that began before the second `cutAt` of the call: a <Say> cut there, or the event as it was. */
function cutPart(event: PartEvent, cutAt: number, by: CutBy): HeardItem {
  return event.type === 'say' ? cutSay(event, cutAt, by) : { kind: 'event', event };
}

/** A <Say> that began at `say.at`, up to the second `cutAt`, at the pace the simulator times speech with, round by round of its loop. */
function cutSay(say: SayEvent, cutAt: number, by: CutBy): HeardItem {
  const round = speakingSeconds(say.text);
  // loop="0" repeats until the caller acts; the simulator times every round alike.
  const rounds = say.loop === 0 ? Number.POSITIVE_INFINITY : Math.max(say.loop, 1);
  if (round === 0 || say.at + round * rounds <= cutAt) return { kind: 'event', event: say };
  const roundsHeard = Math.max(Math.floor((cutAt - say.at) / round), 0);
  const roundAt = say.at + roundsHeard * round;
  const sentences = say.text.trim().split(/(?<=[.!?…])\s+/);
  let words = 0;
  const heard: string[] = [];
  for (const sentence of sentences) {
    if (roundAt + words / WORDS_PER_SECOND >= cutAt) break;
    heard.push(sentence);
    words += sentence.split(/\s+/).length;
  }
  return {
    kind: 'cut',
    event: say,
    roundsHeard,
    heard: heard.join(' '),
    midSentence: roundAt + words / WORDS_PER_SECOND > cutAt,
    notSaid: sentences.slice(heard.length).join(' '),
    repeatsNotSaid: rounds - roundsHeard - 1,
    by,
  };
}

/**
 * The call's events in order, as `emit` is to tell them: each as it comes, but
 * the parts said or played held until the next other event, and told as heard
 * when it says they were cut: a <Gather>'s `gather` event (which comes after
 * the `barge-in`, with the prompt's timeline), or the caller's `hangup` (which
 * comes right after the part it cut; the simulator says nothing of the rest of
 * a <Gather>'s prompt then). A note is held in its place among them: after a
 * prompt cut short, it follows what was heard of it. So is why the app went to a
 * node: the app answers a request whole, so it checks the hours for the menu
 * after a complaint's paragraph as the paragraph begins (`hours checked at
 * 10:00:36`), and a hang-up 4 s into the paragraph cuts it. Told after what was
 * heard and not said of it, the why stands where that node's words would have
 * begun, as it does in a call heard whole; its time says when the check was
 * made. `flush` tells what is held.
 */
export function promptsAsHeard(emit: (item: HeardItem) => void): { event(event: TranscriptEvent): void; why(text: string): void; note(text: string): void; flush(): void } {
  let held: Held[] = [];
  const flush = () => {
    for (const item of held) emit(heardItem(item));
    held = [];
  };
  return {
    event(event) {
      if (isPromptPart(event) || event.type === 'barge-in') {
        held.push(event);
        return;
      }
      const bargeIn = held.find((e): e is BargeIn => !isNote(e) && !isWhy(e) && e.type === 'barge-in');
      if (event.type === 'gather' && bargeIn) {
        // A why is told before its node's words, so never within a <Gather>'s prompt (the node's own words): what
        // is held up to the last one was heard whole.
        const heardWhole = held.map(isWhy).lastIndexOf(true) + 1;
        for (const item of held.slice(0, heardWhole)) emit(heardItem(item));
        held = held.slice(heardWhole);
        for (const piece of piecesOfCutPrompt(held.filter(isPromptPart), bargeIn, event.prompt)) emit(piece);
        held = [...held.filter(isNote), bargeIn];
      } else if (event.type === 'hangup' && event.by === 'caller' && !bargeIn) {
        for (const item of held) emit(isPromptPart(item) ? cutPart(item, event.at, 'hangup') : heardItem(item));
        held = [];
      }
      flush();
      emit({ kind: 'event', event });
    },
    why(text) {
      if (held.length === 0) emit({ kind: 'why', text });
      else held.push({ why: text });
    },
    note(text) {
      if (held.length === 0) emit({ kind: 'note', text });
      else held.push({ note: text });
    },
    flush,
  };
}
