// Transcript events: one per thing that happened on the call, in order.
// `at` is the virtual clock (seconds since the call started) when the event
// began, so a renderer can show a timeline without replaying anything.

import type { CallerAction, CallerPrompt, DialNounKind, DialStatus, DialTarget, HttpMethod, QueueResult } from './types';
import type { Outcome } from './outcome';

interface At {
  at: number;
}

export type TranscriptEvent = At &
  (
    | {
        type: 'request';
        method: HttpMethod;
        url: string;
        /** The Twilio parameters sent (form body for POST, query for GET). */
        params: Record<string, string>;
        /** Absent when no response arrived (network failure, refused URL). */
        status?: number;
        contentType?: string;
      }
    /** A Set-Cookie the call keeps (or a cookie it drops) and sends on its later requests. */
    | { type: 'cookie'; name: string; value: string }
    | { type: 'cookie'; name: string; removed: true }
    | { type: 'say'; text: string; language: string; voice?: string; loop: number }
    | {
        type: 'play';
        url?: string;
        digits?: string;
        loop: number;
        /** The GET of the media URL: its answer, or why it was not requested (another origin). Absent for digits and for a webhook's audio answer. */
        media?: { status?: number; contentType?: string; notFetched?: string };
      }
    | { type: 'pause'; seconds: number }
    /** A loop="0" prompt nobody interrupts: it repeats for `seconds`, until the caller hangs up. */
    | { type: 'repeating'; verb: 'Say' | 'Play'; seconds: number }
    | { type: 'gather'; prompt: Extract<CallerPrompt, { verb: 'Gather' }> }
    | { type: 'record'; prompt: Extract<CallerPrompt, { verb: 'Record' }> }
    /**
     * The caller's answer to a prompt. `tooLate`: keys or speech timed (`after`) past the moment the
     * <Gather> stopped waiting, that second into its prompt; Twilio heard none of it. `notTaken`: the end
     * of the keys, pressed after the <Gather> had its numDigits or its finishOnKey; the action's digits are
     * then the keys Twilio took (its Digits), and these are lost, not kept for the next prompt.
     */
    | { type: 'input'; verb: 'Gather' | 'Record'; action: CallerAction; tooLate?: { stoppedWaitingAt: number }; notTaken?: string }
    /**
     * The caller's keys or speech interrupt a <Gather>'s nested prompt `after`
     * seconds into it: the rest (`cutSeconds` of it; absent for a loop="0"
     * prompt, which had no end) is not played.
     */
    | { type: 'barge-in'; input: 'keys' | 'speech'; after: number; cutSeconds?: number }
    | {
        type: 'dial';
        to: string;
        noun: DialNounKind;
        targets: DialTarget[];
        status: DialStatus;
        durationSeconds: number;
        /**
         * The caller ID the called party is shown: the Dial's callerId, else the caller's own (Twilio's default), withheld or not.
         * Absent when Twilio refused the <Dial> before calling anyone (error 13214, a client's call with no callerId that is a number).
         */
        from?: string;
        /** `from` is the Dial's callerId, not the caller's own. */
        byCallerId?: true;
        /** The called party answered, but their leg's TwiML (a noun's url) ended without joining the two. */
        bridged?: false;
      }
    /** Something that happened on the called party's leg of a <Dial> (a noun's url: whisper, screening); the caller hears none of it. */
    | { type: 'called-party'; to: string; event: TranscriptEvent }
    | { type: 'redirect'; url: string; method: HttpMethod }
    /** The caller enters a queue (or a TaskRouter task of `workflowSid` with the <Task> attributes). */
    | { type: 'enqueue'; queue: string; waitUrl?: string; workflowSid?: string; task?: Record<string, unknown> }
    /** A round of wait music: the waitUrl requested with the caller's place in the queue. */
    | { type: 'queue-wait'; queue: string; url: string; position: number; queueSeconds: number }
    /** The caller holds without new wait TwiML for `seconds` (why: no waitUrl to fetch, music of unknown length, ...). */
    | { type: 'queue-hold'; seconds: number; why: string }
    /** The caller is out of the queue: QueueResult, seconds waited, seconds talked to an agent when bridged. */
    | { type: 'queue-end'; queue: string; result: QueueResult; queueSeconds: number; talkSeconds?: number; detail?: string }
    /** <Leave>: out of the queue when in one; outside a queue it does nothing. */
    | { type: 'leave'; inQueue: boolean }
    | { type: 'sms'; verb: 'Sms' | 'Message'; body: string; to?: string; from?: string }
    /** <Start>/<Stop> forks (streams, transcriptions, recordings) that do not change call flow. */
    | { type: 'background'; verb: 'Start' | 'Stop'; nouns: string[] }
    /** A callback posted beside the call: its answer (`status`) is ignored, as Twilio does; `notSent` says why none was posted. */
    | { type: 'callback'; name: string; url: string; method: HttpMethod; status?: number; notSent?: string }
    | { type: 'hangup'; by: 'app' | 'caller' | 'end-of-document' }
    | { type: 'reject'; reason: 'busy' | 'rejected' }
    | { type: 'error'; code: number; message: string; url?: string }
    /** After error `code`, the number's fallback URL is requested. */
    | { type: 'fallback'; url: string; code: number }
    | { type: 'unsupported'; verb: string }
    /** Always last: the call is over. */
    | { type: 'end'; outcome: Outcome }
  );

/** Distributes Omit over the union so each variant keeps its own fields. */
export type EventBody = TranscriptEvent extends infer E ? (E extends At ? Omit<E, 'at'> : never) : never;
