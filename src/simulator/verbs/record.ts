// <Record>: beep, record until silence, a finish key, maxLength or the caller
// hanging up, then request the action URL (default: the current document)
// with the recording, as https://www.twilio.com/docs/voice/twiml/record says:
// - `Digits` is the key that ended the recording, or `hangup` when the caller
//   hung up; the action is still requested then, but the call is over, so its
//   TwiML never runs;
// - an empty recording (silence, or a key with nothing said) requests nothing
//   and the call continues with the next verb (the "I did not receive a
//   recording" case);
// - recordingStatusCallback and transcribeCallback are posted beside the call.

import type { CallContext, VerbStep } from '../callContext';
import { callerHungUp } from '../callContext';
import { newSid } from '../sids';
import type { CallerAction, RecordPrompt } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { speakingSeconds, WORDS_PER_SECOND, type VirtualClock } from '../virtualClock';
import { bool, integer, method, resolveUrl } from './attributes';
import { postRecordingStatus, postTranscription, recordingCallbacks, type Recording } from './recordingCallbacks';

const DEFAULT_MAX_LENGTH = 3600;

/** How one take ended: what is on the recording, and why it stopped. */
interface Take {
  /** Seconds of audio on the recording (trailing silence trimmed, Twilio's default trim-silence). */
  seconds: number;
  /** The words on the recording: what the caller said before it stopped. */
  words: string;
  /** The `Digits` Twilio sends: the finish key, "hangup", or none (silence timeout, maxLength). */
  digits?: string;
}

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
  const callbacks = recordingCallbacks(element);
  const heard = await context.ask(prompt);
  if ('hangup' in heard) return callerHungUp(context); // gone before the beep: nothing was recorded

  const recordingSid = newSid('RE');
  const recording: Recording = {
    sid: recordingSid,
    url: `https://api.twilio.com/2010-04-01/Accounts/${context.accountSid}/Recordings/${recordingSid}`,
    seconds: 0,
  };
  await postRecordingStatus(context, callbacks, 'in-progress', recording);
  const take = listen(heard, prompt, context.clock);
  recording.seconds = take.seconds;

  if (take.seconds === 0) {
    await postRecordingStatus(context, callbacks, 'absent', recording);
    return take.digits === 'hangup' ? callerHungUp(context) : undefined;
  }
  // The caller is gone: said now, where it happened; the action below is still requested.
  if (take.digits === 'hangup') context.emit({ type: 'hangup', by: 'caller' });
  await postRecordingStatus(context, callbacks, 'completed', recording);
  await postTranscription(context, callbacks, recording, take.words);
  return {
    kind: 'fetch',
    url: prompt.action,
    method: prompt.method,
    params: {
      RecordingUrl: recording.url,
      RecordingDuration: String(take.seconds),
      RecordingSid: recordingSid,
      ...(take.digits !== undefined ? { Digits: take.digits } : {}),
    },
  };
}

/** Lets the take run on the virtual clock, as far as the caller's action and hang-up moment allow. */
function listen(heard: CallerAction, prompt: Omit<RecordPrompt, 'index'>, clock: VirtualClock): Take {
  const started = clock.seconds;
  const hungUp = (words: string): Take => {
    const seconds = clock.seconds - started;
    return { seconds: Math.min(seconds, speakingSeconds(words)), words: wordsWithin(words, seconds), digits: 'hangup' };
  };
  if (!('speech' in heard) || !heard.speech.trim()) {
    // Silence, or keys with nothing said: trim-silence leaves an empty recording.
    const keys = 'digits' in heard ? heard.digits : '';
    const finishAt = [...keys].findIndex((key) => prompt.finishOnKey.includes(key));
    const seconds = finishAt >= 0 ? finishAt + 1 : keys.length + prompt.timeout;
    return clock.waitFor(seconds) ? { seconds: 0, words: '' } : hungUp('');
  }
  const words = heard.speech.trim();
  const spoken = speakingSeconds(words);
  if (spoken >= prompt.maxLength) {
    // Stopped at maxLength, before anything the caller meant to do after speaking.
    if (!clock.waitFor(prompt.maxLength)) return hungUp(words);
    return { seconds: prompt.maxLength, words: wordsWithin(words, prompt.maxLength) };
  }
  if (!clock.waitFor(spoken)) return hungUp(words);
  if (heard.thenHangup) {
    clock.hangUpNow();
    return { seconds: spoken, words, digits: 'hangup' };
  }
  // A key that is not a finishOnKey is only a sound on the recording: silence ends it, as without one.
  if (heard.thenKey && prompt.finishOnKey.includes(heard.thenKey)) {
    return clock.waitFor(1) ? { seconds: spoken, words, digits: heard.thenKey } : hungUp(words);
  }
  return clock.waitFor(prompt.timeout) ? { seconds: spoken, words } : hungUp(words);
}

/** The words said in the first `seconds`, at the pace speakingSeconds assumes. */
function wordsWithin(words: string, seconds: number): string {
  const all = words.split(/\s+/).filter(Boolean);
  return speakingSeconds(words) <= seconds ? all.join(' ') : all.slice(0, Math.floor(seconds * WORDS_PER_SECOND)).join(' ');
}
