// <Gather>: play the nested prompts, wait for keys or speech, then request the
// action URL (default: the current document) with what was heard. With no
// input Twilio falls through to the next verb, unless actionOnEmptyResult.

import type { CallContext, PromptDraft, VerbStep } from '../callContext';
import { callerHungUp, schemaError } from '../callContext';
import type { CallerAction, GatherPrompt, SaidText } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { speakingSeconds } from '../virtualClock';
import { bool, integer, method, optionalInteger, resolveUrl } from './attributes';
import { DEFAULT_SAY_LANGUAGE, heardUntilHangup, pause, repeatsForever, soundInGather, speak } from './audio';

/** Confidence reported for speech when the caller script gives none. */
export const DEFAULT_SPEECH_CONFIDENCE = 0.9;

const NESTABLE = { Say: speak, Play: soundInGather, Pause: pause } as const;

type Heard =
  | { kind: 'hangup'; seconds: number }
  | { kind: 'empty'; seconds: number }
  | { kind: 'input'; seconds: number; params: Record<string, string> };

export async function gather(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const says: SaidText[] = [];
  const plays: string[] = [];
  // A loop="0" prompt repeats until the caller acts: what follows it in the Gather is never heard.
  let endless: TwimlElement | undefined;
  for (const child of element.children) {
    const handler = NESTABLE[child.name as keyof typeof NESTABLE];
    if (!handler) return schemaError(`<${child.name}> cannot be nested in <Gather>`);
    if (endless) continue;
    const step = await handler(child, context);
    if (step) return step;
    if (child.name === 'Say') says.push({ text: child.text, language: child.attributes.language?.trim() || DEFAULT_SAY_LANGUAGE });
    if (child.name === 'Play') plays.push(child.text || child.attributes.digits?.trim() || '');
    if (repeatsForever(child)) endless = child;
  }
  const action = resolveUrl(context, element.attributes.action);
  if (!action.ok) return action.step;

  const numDigits = optionalInteger(element, 'numDigits');
  const prompt: Omit<GatherPrompt, 'index'> = {
    verb: 'Gather',
    input: inputModes(element.attributes.input),
    ...(numDigits ? { numDigits } : {}),
    finishOnKey: element.attributes.finishOnKey ?? '#',
    timeout: integer(element, 'timeout', 5),
    ...(element.attributes.speechTimeout ? { speechTimeout: element.attributes.speechTimeout.trim() } : {}),
    language: element.attributes.language?.trim() || 'en-US',
    ...(element.attributes.hints ? { hints: element.attributes.hints } : {}),
    says,
    plays,
    action: action.url,
    method: method(element),
    actionOnEmptyResult: bool(element, 'actionOnEmptyResult', false),
  };
  const heard = interpret(await context.ask(prompt as PromptDraft), prompt);
  // Silence under an endless prompt: the timeout never starts, the prompt plays on until the caller hangs up.
  if (endless && heard.kind === 'empty') return heardUntilHangup(endless, context);
  if (!context.clock.waitFor(heard.seconds) || heard.kind === 'hangup') return callerHungUp(context);
  if (heard.kind === 'empty' && !prompt.actionOnEmptyResult) return undefined;
  const params = heard.kind === 'input' ? heard.params : {};
  return { kind: 'fetch', url: prompt.action, method: prompt.method, params };
}

function inputModes(raw: string | undefined): Array<'dtmf' | 'speech'> {
  const modes = (raw ?? 'dtmf').split(/\s+/).filter((m): m is 'dtmf' | 'speech' => m === 'dtmf' || m === 'speech');
  return modes.length > 0 ? modes : ['dtmf'];
}

/** What Twilio would have heard, and how long it took, for one caller action. */
function interpret(action: CallerAction, prompt: Omit<GatherPrompt, 'index'>): Heard {
  if ('hangup' in action) return { kind: 'hangup', seconds: 0 };
  if ('digits' in action && prompt.input.includes('dtmf')) return collectDigits(action.digits, prompt);
  if ('speech' in action && prompt.input.includes('speech') && action.speech.trim()) {
    const confidence = action.confidence ?? DEFAULT_SPEECH_CONFIDENCE;
    return {
      kind: 'input',
      seconds: speakingSeconds(action.speech) + speechEndSeconds(prompt),
      params: { SpeechResult: action.speech, Confidence: String(confidence) },
    };
  }
  // Silence, or input of a kind this Gather does not listen for.
  return { kind: 'empty', seconds: prompt.timeout };
}

/** One second per key; input that ends neither on finishOnKey nor numDigits waits out the timeout. */
function collectDigits(keys: string, prompt: Omit<GatherPrompt, 'index'>): Heard {
  let digits = '';
  let finishedOnKey = '';
  let seconds = 0;
  for (const key of keys) {
    seconds += 1;
    if (prompt.finishOnKey.includes(key)) {
      finishedOnKey = key;
      break;
    }
    digits += key;
    if (prompt.numDigits !== undefined && digits.length >= prompt.numDigits) break;
  }
  const complete = finishedOnKey !== '' || (prompt.numDigits !== undefined && digits.length >= prompt.numDigits);
  if (!complete) seconds += prompt.timeout;
  if (digits === '') return { kind: 'empty', seconds };
  return { kind: 'input', seconds, params: { Digits: digits, FinishedOnKey: finishedOnKey } };
}

function speechEndSeconds(prompt: Omit<GatherPrompt, 'index'>): number {
  if (prompt.speechTimeout === undefined) return prompt.timeout;
  const seconds = Number(prompt.speechTimeout);
  return Number.isFinite(seconds) ? seconds : 1; // "auto": Twilio detects the end of speech quickly
}
