// <Dial record>: Twilio records the dialled conversation, from the answer
// (record-from-answer, or "true") or from the first ring
// (record-from-ringing), in one channel or two (the -dual forms). When the
// dial ends, the action request gets RecordingUrl, RecordingSid and
// RecordingDuration, and recordingStatusCallback gets the recording's
// events (recordingStatusCallbackEvent: in-progress, completed, absent;
// default completed), with CallSid the parent call's
// (https://www.twilio.com/docs/voice/twiml/dial#record,
// https://www.twilio.com/docs/voice/twiml/dial#recordingstatuscallback).

import type { CallContext } from '../callContext';
import { newSid } from '../sids';
import type { HttpMethod } from '../types';
import type { TwimlElement } from '../twimlDocument';
import { method } from './attributes';

type RecordingEvent = 'in-progress' | 'completed' | 'absent';

const MODES: Record<string, { fromRinging: boolean; channels: 1 | 2 }> = {
  true: { fromRinging: false, channels: 1 },
  'record-from-answer': { fromRinging: false, channels: 1 },
  'record-from-answer-dual': { fromRinging: false, channels: 2 },
  'record-from-ringing': { fromRinging: true, channels: 1 },
  'record-from-ringing-dual': { fromRinging: true, channels: 2 },
};

export class DialRecording {
  private readonly sid = newSid('RE');
  private startedAt: number | undefined;
  private startTime = '';
  private sent = 0;

  private constructor(
    readonly fromRinging: boolean,
    private readonly channels: 1 | 2,
    private readonly callback: { url: string; method: HttpMethod; events: ReadonlySet<RecordingEvent> } | undefined,
  ) {}

  /** The recording a <Dial> asks for, or none ("false", "do-not-record", or no record attribute). */
  static of(element: TwimlElement): DialRecording | undefined {
    const mode = MODES[element.attributes.record?.trim() ?? ''];
    if (!mode) return undefined;
    const url = element.attributes.recordingStatusCallback?.trim();
    const listed = (element.attributes.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/);
    const events = new Set(listed.filter((e): e is RecordingEvent => e === 'in-progress' || e === 'completed' || e === 'absent'));
    return new DialRecording(mode.fromRinging, mode.channels, url ? { url, method: method(element, 'recordingStatusCallbackMethod'), events } : undefined);
  }

  async start(context: CallContext): Promise<void> {
    this.startedAt = context.clock.seconds;
    this.startTime = context.dialLegs.timestamp();
    await this.post(context, 'in-progress', 0);
  }

  /** Ends the recording; returns the parameters it adds to the action request (none when nothing was recorded). */
  async finish(context: CallContext): Promise<Record<string, string>> {
    if (this.startedAt === undefined) return {};
    const seconds = context.clock.seconds - this.startedAt;
    if (seconds === 0) {
      await this.post(context, 'absent', 0);
      return {};
    }
    await this.post(context, 'completed', seconds);
    return { RecordingUrl: this.url(context), RecordingSid: this.sid, RecordingDuration: String(seconds) };
  }

  private url(context: CallContext): string {
    return `https://api.twilio.com/2010-04-01/Accounts/${context.accountSid}/Recordings/${this.sid}`;
  }

  private async post(context: CallContext, event: RecordingEvent, seconds: number): Promise<void> {
    if (!this.callback?.events.has(event)) return;
    await context.callback({
      name: `recordingStatusCallback ${event}`,
      url: this.callback.url,
      method: this.callback.method,
      params: {
        RecordingSid: this.sid,
        RecordingUrl: this.url(context),
        RecordingStatus: event,
        RecordingDuration: String(seconds),
        RecordingChannels: String(this.channels),
        RecordingStartTime: this.startTime,
        RecordingSource: 'DialVerb',
        RecordingTrack: 'both',
        SequenceNumber: String(this.sent++),
      },
    });
  }
}
