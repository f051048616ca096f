// <Record>: beep, record until silence, a finish key or maxLength, then
// request the action URL (default: the current document) with the recording.
// Twilio documents one exception: an empty recording requests nothing and the
// call continues with the next verb (the "I did not receive a recording" case).

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp } from '../callContext';
import { newSid } from '../sids';
import type { RecordPrompt } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { speakingSeconds } from '../virtualClock';
import { bool, integer, method, resolveUrl } from './attributes';

const DEFAULT_MAX_LENGTH = 3600;

export async function record(element: TwimlElement, context: CallContext): Promise<VerbStep | undefined> {
  const action = resolveUrl(context, element.attributes.action);
  if (!action.ok) return action.step;
  const prompt: Omit<RecordPrompt, 'index'> = {
    verb: 'Record',
    finishOnKey: element.attributes.finishOnKey ?? '1234567890*#',
    timeout: integer(element, 'timeout', 5),
    maxLength: integer(element, 'maxLength', DEFAULT_MAX_LENGTH) || DEFAULT_MAX_LENGTH,
    playBeep: bool(element, 'playBeep', true),
    action: action.url,
    method: method(element),
  };
  const heard = await context.ask(prompt);

  if ('hangup' in heard) return callerHungUp(context);
  if (!('speech' in heard) || !heard.speech.trim()) {
    // Silence, or keys with nothing said: trim-silence leaves an empty recording.
    context.clock.advance('digits' in heard ? heard.digits.length : prompt.timeout);
    return undefined;
  }
  const spoken = speakingSeconds(heard.speech);
  const duration = Math.min(spoken, prompt.maxLength);
  // Recording stops at maxLength, or after `timeout` seconds of silence once the caller stops.
  context.clock.advance(spoken >= prompt.maxLength ? prompt.maxLength : spoken + prompt.timeout);
  const recordingSid = newSid('RE');
  return {
    kind: 'fetch',
    url: prompt.action,
    method: prompt.method,
    params: {
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${context.accountSid}/Recordings/${recordingSid}`,
      RecordingDuration: String(duration),
      RecordingSid: recordingSid,
    },
  };
}
