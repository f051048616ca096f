// <Say>, <Play> and <Pause>: what the caller hears. Used at the top level and
// nested in <Gather>.

import type { CallContext, VerbStep } from '../callContext';
import { schemaError } from '../callContext';
import type { TwimlElement } from '../twimlDocument';
import { speakingSeconds } from '../virtualClock';
import { integer } from './attributes';

/** Twilio's documented default when <Say> has no language attribute. */
export const DEFAULT_SAY_LANGUAGE = 'en-US';

export function say(element: TwimlElement, context: CallContext): VerbStep | undefined {
  const loop = integer(element, 'loop', 1);
  const language = element.attributes.language?.trim() || DEFAULT_SAY_LANGUAGE;
  const voice = element.attributes.voice?.trim() || undefined;
  context.emit({ type: 'say', text: element.text, language, ...(voice ? { voice } : {}), loop });
  // loop="0" repeats until the call ends: recorded once, timed once.
  context.clock.advance(speakingSeconds(element.text) * Math.max(loop, 1));
  return undefined;
}

export function play(element: TwimlElement, context: CallContext): VerbStep | undefined {
  const loop = integer(element, 'loop', 1);
  const url = element.text || undefined;
  const digits = element.attributes.digits?.trim() || undefined;
  if (!url && !digits) return schemaError('<Play> needs a URL or a digits attribute');
  // Audio length is unknown without fetching it, so <Play> costs no virtual time.
  context.emit({ type: 'play', ...(url ? { url } : {}), ...(digits ? { digits } : {}), loop });
  return undefined;
}

export function pause(element: TwimlElement, context: CallContext): VerbStep | undefined {
  const seconds = integer(element, 'length', 1);
  context.emit({ type: 'pause', seconds });
  context.clock.advance(seconds);
  return undefined;
}
