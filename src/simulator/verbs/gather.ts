// <Gather>: play the nested prompts, wait for keys or speech, then request the
// action URL (default: the current document) with what was heard. With no
// input Twilio falls through to the next verb, unless actionOnEmptyResult.

import type { CallContext, PromptDraft, VerbStep } from '../callContext';
import { callerHungUp, schemaError } from '../callContext';
import type { CallerAction, GatherPrompt, PromptPart } from '../types';
import { deepFreeze, type TwimlElement } from '../twimlDocument';
import { speakingSeconds, type VirtualClock } from '../virtualClock';
import { bool, integer, method, optionalInteger, resolveUrl } from './attributes';
import { DEFAULT_SAY_LANGUAGE, heardUntilHangup, pause, repeatsForever, soundInGather, speak } from './audio';

/** Confidence Twilio reports with the simulated speech (a caller script says only the words). */
const DEFAULT_SPEECH_CONFIDENCE = 0.9;

const NESTABLE = { Say: speak, Play: soundInGather, Pause: pause } as const;

type Heard =
  | { kind: 'hangup'; seconds: number }
  | { kind: 'empty'; seconds: number }
  | { kind: 'input'; seconds: number; params: Record<string, string> };

/** What a <Gather> asks, as far as its element alone says: the same for every call that gets the same document. */
interface GatherReading {
  /** The prompt without the call's moment and the resolved action URL. */
  prompt: Omit<GatherPrompt, 'index' | 'startedAt' | 'action'>;
  heardParts: readonly TwimlElement[];
  /** The loop="0" part, if any: the prompt repeats it until the caller acts. */
  endless: TwimlElement | undefined;
}

// Readings of TwiML are frozen and shared by every call that gets the same
// text (twimlDocument.ts), so an element's reading is worked out once, here,
// instead of at every call: its timeline counts the words of every nested <Say>.
const readings = new WeakMap<TwimlElement, GatherReading | { invalid: TwimlElement }>();

function readGather(element: TwimlElement): GatherReading | { invalid: TwimlElement } {
  let reading = readings.get(element);
  if (!reading) {
    const invalid = element.children.find((child) => !Object.hasOwn(NESTABLE, child.name));
    reading = invalid ? { invalid } : gatherReading(element);
    readings.set(element, reading);
  }
  return reading;
}

function gatherReading(element: TwimlElement): GatherReading {
  // A loop="0" prompt repeats until the caller acts: what follows it in the Gather is never heard.
  const endlessAt = element.children.findIndex(repeatsForever);
  const endless = endlessAt < 0 ? undefined : element.children[endlessAt];
  const heardParts = endlessAt < 0 ? element.children : element.children.slice(0, endlessAt + 1);
  const timeline = timelineOf(heardParts);
  const numDigits = optionalInteger(element, 'numDigits');
  const prompt = {
    verb: 'Gather' as const,
    input: inputModes(element.attributes.input),
    ...(numDigits ? { numDigits } : {}),
    finishOnKey: element.attributes.finishOnKey ?? '#',
    timeout: integer(element, 'timeout', 5),
    ...(element.attributes.speechTimeout ? { speechTimeout: element.attributes.speechTimeout.trim() } : {}),
    language: element.attributes.language?.trim() || 'en-US',
    ...(element.attributes.hints ? { hints: element.attributes.hints } : {}),
    says: heardParts.filter((c) => c.name === 'Say').map((c) => ({ text: c.text, language: c.attributes.language?.trim() || DEFAULT_SAY_LANGUAGE })),
    plays: heardParts.filter((c) => c.name === 'Play').map((c) => c.text || c.attributes.digits?.trim() || ''),
    timeline,
    promptSeconds: endless ? null : timeline.reduce((end, part) => Math.max(end, part.at + (part.seconds ?? 0)), 0),
    bargeIn: bool(element, 'bargeIn', true),
    method: method(element),
    actionOnEmptyResult: bool(element, 'actionOnEmptyResult', false),
  };
  return deepFreeze({ prompt, heardParts, endless });
}

export async function gather(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const reading = readGather(element);
  if ('invalid' in reading) return schemaError(`<${reading.invalid.name}> cannot be nested in <Gather>`);
  const { heardParts, endless } = reading;
  const promptSeconds = reading.prompt.promptSeconds ?? Number.POSITIVE_INFINITY;
  const action = resolveUrl(context, element.attributes.action);
  if (!action.ok) return action.step;
  const prompt: Omit<GatherPrompt, 'index'> = { ...reading.prompt, startedAt: context.clock.seconds, action: action.url };
  // A script that answers before the prompt plays may interrupt it (`after`).
  const foreseen = await context.foresee(prompt as PromptDraft);
  const cutAt = foreseen && interruptsAt(foreseen, prompt);
  const cut = cutAt === undefined ? undefined : cutShort(context, context.clock.seconds + cutAt);
  for (const child of heardParts) {
    if (cut?.over()) break;
    const step = await NESTABLE[child.name as keyof typeof NESTABLE](child, cut ?? context);
    if (step) return step;
  }
  // A loop="0" part, timed once above, repeats on until the moment the caller cuts in.
  if (cut && endless && !cut.clock.waitFor(Number.POSITIVE_INFINITY)) return callerHungUp(context);
  // Putting the phone down mid-prompt is no input: the call just ends there.
  if (cutAt !== undefined && foreseen && 'hangup' in foreseen) return callerHungUp(context);
  if (cutAt !== undefined && foreseen) {
    const cutSeconds = promptSeconds - cutAt;
    context.emit({ type: 'barge-in', input: 'digits' in foreseen ? 'keys' : 'speech', after: cutAt, ...(Number.isFinite(cutSeconds) ? { cutSeconds } : {}) });
  }
  const delayOf = (action: CallerAction) => (cutAt === undefined ? lateness(action, promptSeconds) : 0);
  // Keys or words timed after the caller hangs up (1@30, with the hang-up at 20 s) are never pressed or said.
  const answer = await context.ask(prompt as PromptDraft, foreseen, (action) => !('digits' in action || 'speech' in action) || context.clock.stillThereAfter(delayOf(action)));
  const heard = interpret(answer, prompt, delayOf(answer));
  // Silence under an endless prompt: the timeout never starts, the prompt plays on until the caller hangs up.
  if (endless && heard.kind === 'empty') return heardUntilHangup(endless, context);
  if (!context.clock.waitFor(heard.seconds) || heard.kind === 'hangup') return callerHungUp(context);
  if (heard.kind === 'empty' && !prompt.actionOnEmptyResult) return undefined;
  const params = heard.kind === 'input' ? heard.params : {};
  return { kind: 'fetch', url: prompt.action, method: prompt.method, params };
}

/** Each nested part with the second it starts in the prompt and how long it lasts (null: for ever). */
function timelineOf(parts: TwimlElement[]): PromptPart[] {
  let at = 0;
  return parts.map((child) => {
    const loop = integer(child, 'loop', 1);
    const once = child.name === 'Say' ? speakingSeconds(child.text) : child.name === 'Pause' ? integer(child, 'length', 1) : 0;
    const seconds = repeatsForever(child) ? null : once * Math.max(loop, 1);
    const text = child.name === 'Say' ? child.text : child.name === 'Play' ? child.text || child.attributes.digits?.trim() || '' : undefined;
    const part: PromptPart = { verb: child.name as PromptPart['verb'], at, seconds, ...(text !== undefined ? { text } : {}) };
    at += seconds ?? 0;
    return part;
  });
}

/**
 * The second into the prompt at which the caller's input stops it, or
 * undefined when it plays to the end: keys interrupt when the Gather listens
 * for DTMF; speech when it listens for speech and bargeIn is not "false"
 * (https://www.twilio.com/docs/voice/twiml/gather#bargein). Input that comes
 * after the prompt cuts nothing.
 */
export function interruptsAt(action: CallerAction, prompt: Pick<GatherPrompt, 'input' | 'bargeIn' | 'promptSeconds'>): number | undefined {
  if (!('after' in action) || action.after === undefined || action.after >= (prompt.promptSeconds ?? Number.POSITIVE_INFINITY)) return undefined;
  if ('hangup' in action) return action.after;
  if ('digits' in action) return prompt.input.includes('dtmf') ? action.after : undefined;
  return prompt.input.includes('speech') && prompt.bargeIn ? action.after : undefined;
}

/**
 * The second into the prompt at which the Gather stopped waiting (the prompt's length, then its
 * `timeout`), when keys or speech timed with `after` come then or later: Twilio hears none of them,
 * as interpret() decides, so the transcript must not show them as heard.
 */
export function stoppedWaitingAt(prompt: Pick<GatherPrompt, 'promptSeconds' | 'timeout'>, action: CallerAction): number | undefined {
  if ('hangup' in action || !('after' in action) || action.after === undefined || prompt.promptSeconds === null) return undefined;
  const end = prompt.promptSeconds + prompt.timeout;
  return action.after >= end ? end : undefined;
}

/** How long after the prompt ended an input timed with `after` comes (0 when it came during it). */
function lateness(action: CallerAction, promptSeconds: number): number {
  if (!('after' in action) || action.after === undefined || !Number.isFinite(promptSeconds)) return 0;
  return Math.max(action.after - promptSeconds, 0);
}

interface CutContext extends CallContext {
  /** True once the cut moment has come: nothing more of the prompt plays. */
  over(): boolean;
}

/** The context the nested prompt plays in when the caller cuts in at second `deadline` of the call: no wait goes past it. */
function cutShort(context: CallContext, deadline: number): CutContext {
  const clock = context.clock;
  const capped: VirtualClock = Object.create(clock);
  capped.waitFor = (seconds: number) => clock.waitFor(Math.min(seconds, Math.max(deadline - clock.seconds, 0)));
  return { ...context, clock: capped, over: () => clock.seconds >= deadline };
}

function inputModes(raw: string | undefined): Array<'dtmf' | 'speech'> {
  const modes = (raw ?? 'dtmf').split(/\s+/).filter((m): m is 'dtmf' | 'speech' => m === 'dtmf' || m === 'speech');
  return modes.length > 0 ? modes : ['dtmf'];
}

/** What Twilio would have heard, and how long it took, for one caller action that came `delay` seconds after the prompt. */
function interpret(action: CallerAction, prompt: Omit<GatherPrompt, 'index'>, delay: number): Heard {
  const heard = interpretAtOnce(action, prompt);
  if (heard.kind === 'hangup') return { kind: 'hangup', seconds: Math.min(delay, prompt.timeout) };
  if (heard.kind !== 'input' || delay === 0) return heard;
  // Twilio waits `timeout` seconds after the prompt for the first input, then gives up.
  return delay >= prompt.timeout ? { kind: 'empty', seconds: prompt.timeout } : { ...heard, seconds: heard.seconds + delay };
}

function interpretAtOnce(action: CallerAction, prompt: Omit<GatherPrompt, 'index'>): Heard {
  if ('hangup' in action) return { kind: 'hangup', seconds: 0 };
  if ('digits' in action && prompt.input.includes('dtmf')) return collectDigits(action.digits, prompt);
  if ('speech' in action && prompt.input.includes('speech') && action.speech.trim()) {
    return {
      kind: 'input',
      seconds: speakingSeconds(action.speech) + speechEndSeconds(prompt),
      params: { SpeechResult: action.speech, Confidence: String(DEFAULT_SPEECH_CONFIDENCE) },
    };
  }
  // Silence, or input of a kind this Gather does not listen for.
  return { kind: 'empty', seconds: prompt.timeout };
}

/** One second per key; input that ends neither on finishOnKey nor numDigits waits out the timeout. */
function collectDigits(keys: string, prompt: Omit<GatherPrompt, 'index'>): Heard {
  const { digits, finishedOnKey, seconds } = readKeys(keys, prompt);
  const complete = finishedOnKey !== '' || (prompt.numDigits !== undefined && digits.length >= prompt.numDigits);
  const waited = complete ? seconds : seconds + prompt.timeout;
  if (digits === '') return { kind: 'empty', seconds: waited };
  return { kind: 'input', seconds: waited, params: { Digits: digits, FinishedOnKey: finishedOnKey } };
}

/** The keys a <Gather> takes, up to its finishOnKey or its numDigits-th key, and how long they took; `rest`, what was pressed after. */
function readKeys(keys: string, prompt: Pick<GatherPrompt, 'numDigits' | 'finishOnKey'>): { digits: string; finishedOnKey: string; seconds: number; rest: string } {
  let digits = '';
  let finishedOnKey = '';
  let seconds = 0;
  let at = 0;
  while (at < keys.length && finishedOnKey === '' && !(prompt.numDigits !== undefined && digits.length >= prompt.numDigits)) {
    const key = keys[at++] as string;
    // "w" is half a second's wait between keys (Twilio's sendDigits, ivr-tester's press), not a key.
    if (key === 'w' || key === 'W') {
      seconds += 0.5;
      continue;
    }
    seconds += 1;
    if (prompt.finishOnKey.includes(key)) finishedOnKey = key;
    else digits += key;
  }
  return { digits, finishedOnKey, seconds, rest: keys.slice(at) };
}

/**
 * The keys of one answer pressed after a <Gather> stopped taking them (its numDigits-th key, or its
 * finishOnKey), as `--press 12` at a one-key menu presses 2 after the 1: Twilio takes none of them, and
 * they do not carry over to the next prompt. Undefined when every key was taken (waits aside).
 */
export function keysNotTaken(prompt: Pick<GatherPrompt, 'input' | 'numDigits' | 'finishOnKey'>, action: CallerAction): string | undefined {
  if (!('digits' in action) || !prompt.input.includes('dtmf')) return undefined;
  const { rest } = readKeys(action.digits, prompt);
  return /[^wW]/.test(rest) ? rest : undefined;
}

function speechEndSeconds(prompt: Omit<GatherPrompt, 'index'>): number {
  if (prompt.speechTimeout === undefined) return prompt.timeout;
  const seconds = Number(prompt.speechTimeout);
  return Number.isFinite(seconds) ? seconds : 1; // "auto": Twilio detects the end of speech quickly
}
