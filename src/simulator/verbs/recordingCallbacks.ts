// The callbacks a <Record> asks for, posted beside the call through
// context.callback (signed, own origin only, answer ignored), with the
// parameters https://www.twilio.com/docs/voice/twiml/record lists:
// - recordingStatusCallback, on the events of recordingStatusCallbackEvent
//   (in-progress, completed, absent; default completed): RecordingSid,
//   RecordingUrl, RecordingStatus, RecordingDuration, RecordingChannels,
//   RecordingSource (RecordVerb);
// - transcribeCallback (transcribe="true" or a transcribeCallback): POST with
//   TranscriptionSid, TranscriptionText, TranscriptionStatus, TranscriptionUrl,
//   RecordingSid, RecordingUrl. The text is what the caller said in the script.
//   Twilio transcribes recordings longer than 2 s and shorter than 120 s only
//   (warning 13617, https://www.twilio.com/docs/api/errors/13617): otherwise
//   the status is "failed", with no text.
// The simulator has no wall clock, so RecordingStartTime is not sent.

import type { CallContext } from '../callContext';
import { newSid } from '../sids';
import type { HttpMethod } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { bool, method } from './attributes';

export type RecordingStatus = 'in-progress' | 'completed' | 'absent';

export interface RecordingCallbacks {
  status?: { url: string; method: HttpMethod; events: Set<string> };
  /** Absent when no transcription was asked for, or it goes nowhere (transcribe="true" alone). */
  transcribeCallback?: string;
}

export interface Recording {
  sid: string;
  url: string;
  seconds: number;
}

/** Transcription needs more than 2 s and less than 120 s of recording (13617). */
const TRANSCRIBABLE = { above: 2, below: 120 };

export function recordingCallbacks(element: TwimlElement): RecordingCallbacks {
  const statusUrl = element.attributes.recordingStatusCallback?.trim();
  const events = (element.attributes.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/).filter(Boolean);
  const transcribeCallback = element.attributes.transcribeCallback?.trim();
  const transcribes = bool(element, 'transcribe', false) || Boolean(transcribeCallback);
  return {
    ...(statusUrl ? { status: { url: statusUrl, method: method(element, 'recordingStatusCallbackMethod'), events: new Set(events) } } : {}),
    ...(transcribes && transcribeCallback ? { transcribeCallback } : {}),
  };
}

export async function postRecordingStatus(context: CallContext, callbacks: RecordingCallbacks, status: RecordingStatus, recording: Recording): Promise<void> {
  if (!callbacks.status?.events.has(status)) return;
  await context.callback({
    name: 'recordingStatusCallback',
    url: callbacks.status.url,
    method: callbacks.status.method,
    params: {
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      RecordingStatus: status,
      RecordingDuration: String(recording.seconds),
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    },
  });
}

export async function postTranscription(context: CallContext, callbacks: RecordingCallbacks, recording: Recording, words: string): Promise<void> {
  if (!callbacks.transcribeCallback) return;
  const transcriptionSid = newSid('TR');
  const transcribed = recording.seconds > TRANSCRIBABLE.above && recording.seconds < TRANSCRIBABLE.below;
  await context.callback({
    name: 'transcribeCallback',
    url: callbacks.transcribeCallback,
    method: 'POST',
    params: {
      TranscriptionSid: transcriptionSid,
      ...(transcribed ? { TranscriptionText: words } : {}),
      TranscriptionStatus: transcribed ? 'completed' : 'failed',
      TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${context.accountSid}/Recordings/${recording.sid}/Transcriptions/${transcriptionSid}`,
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
    },
  });
}
