// <Say>, <Play> and <Pause>: what the caller hears. Used at the top level and
// nested in <Gather>.

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp, endWith, schemaError } from '../callContext';
import { TwilioError } from '../twilioErrors';
import type { TwimlElement } from '../twimlDocument';
import { speakingSeconds } from '../virtualClock';
import { integer } from './attributes';

/** Twilio's documented default when <Say> has no language attribute. */
export const DEFAULT_SAY_LANGUAGE = 'en-US';

/**
 * Twilio's default limit on a call's length, 4 hours (TimeLimit 14400 s): the
 * moment a prompt repeated forever stops, since the simulated caller never
 * hangs up on their own.
 */
const CALL_TIME_LIMIT_SECONDS = 14400;

export function say(element: TwimlElement, context: CallContext): VerbStep | undefined {
  return speak(element, context) ?? (repeatsForever(element) ? heardUntilHangup(element, context) : undefined);
}

export async function play(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  return (await sound(element, context)) ?? (repeatsForever(element) ? heardUntilHangup(element, context) : undefined);
}

/** <Say> without its loop="0" consequence: a <Gather> decides that one itself. */
export function speak(element: TwimlElement, context: CallContext): VerbStep | undefined {
  const loop = integer(element, 'loop', 1);
  const language = element.attributes.language?.trim() || DEFAULT_SAY_LANGUAGE;
  const voice = element.attributes.voice?.trim() || undefined;
  context.emit({ type: 'say', text: element.text, language, ...(voice ? { voice } : {}), loop });
  // loop="0" repeats until the call ends: recorded once, timed once here.
  return context.clock.waitFor(speakingSeconds(element.text) * Math.max(loop, 1)) ? undefined : callerHungUp(context);
}

/** <Play> without its loop="0" consequence. */
function sound(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  return playMedia(element, context, TwilioError.playInvalidContentType);
}

/** A <Play> nested in <Gather>: the same, but Twilio names a wrong Content-Type 13325 there. */
export function soundInGather(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  return playMedia(element, context, TwilioError.gatherPlayInvalidContentType);
}

/**
 * Twilio GETs the media URL and plays it; a URL that fails (4xx/5xx, no
 * answer, not audio) is an application error: Twilio logs it and the caller
 * hears "an application error has occurred" instead, then the call ends. A URL
 * on another origin is not requested (noted on the line) and the call goes on.
 */
async function playMedia(element: TwimlElement, context: CallContext, invalidContentType: number): Promise<VerbStep | undefined> {
  const loop = integer(element, 'loop', 1);
  const text = element.text || undefined;
  const digits = element.attributes.digits?.trim() || undefined;
  if (!text && !digits) return schemaError('<Play> needs a URL or a digits attribute');
  if (!text) {
    context.emit({ type: 'play', digits: digits!, loop });
    return undefined;
  }
  // "Bad URL in Play or Redirect Verb Body" is one of 11100's documented causes.
  if (!URL.canParse(text, context.documentUrl)) {
    context.emit({ type: 'play', url: text, loop });
    return endWith({ kind: 'error', code: TwilioError.invalidUrl, message: `Invalid URL format: <Play>${text}</Play>`, url: text });
  }
  const fetched = await context.media(new URL(text, context.documentUrl).href);
  const media =
    fetched.kind === 'not-fetched'
      ? { notFetched: fetched.reason }
      : { ...(fetched.status ? { status: fetched.status } : {}), ...(fetched.contentType ? { contentType: fetched.contentType } : {}) };
  context.emit({ type: 'play', url: text, ...(digits ? { digits } : {}), loop, media });
  if (fetched.kind === 'failed') {
    const code = fetched.code === TwilioError.playInvalidContentType ? invalidContentType : fetched.code;
    return endWith({ kind: 'error', code, message: fetched.message, url: new URL(text, context.documentUrl).href });
  }
  // The audio's length is not read from the file, so <Play> costs no virtual time.
  return undefined;
}

export function pause(element: TwimlElement, context: CallContext): VerbStep | undefined {
  const seconds = integer(element, 'length', 1);
  context.emit({ type: 'pause', seconds });
  return context.clock.waitFor(seconds) ? undefined : callerHungUp(context);
}

/** loop="0" on <Say> or <Play>: Twilio repeats it until the call is hung up. */
export function repeatsForever(element: TwimlElement): boolean {
  return (element.name === 'Say' || element.name === 'Play') && integer(element, 'loop', 1) === 0;
}

/**
 * The caller hears the prompt over and over and nothing after it ever runs:
 * the call lasts until the caller hangs up, here at the call's time limit.
 * (Twilio's <Play> page also caps the repeats at 1000; the simulator does not
 * know the audio's length, so it cannot tell which comes first.)
 */
export function heardUntilHangup(element: TwimlElement, context: CallContext): VerbStep {
  const seconds = Math.max(CALL_TIME_LIMIT_SECONDS - context.clock.seconds, 0);
  context.emit({ type: 'repeating', verb: element.name as 'Say' | 'Play', seconds });
  context.clock.waitFor(seconds);
  return callerHungUp(context);
}
