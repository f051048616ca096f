// Runs scripted calls through the real webhook code in-process, with the
// simulator playing Twilio, and records each call in pieces: the places it
// waited (gathers, dials) and what happened between them (nodes entered,
// inputs no option matched, errors logged, what was said).
//
// To branch at a place the call waited, a run resumes from the TwiML document
// that asked, instead of replaying every key from the start: the transport
// hands the simulator that recorded document as the answer to its first
// request, and everything after comes from the app. That is sound because the
// call state travels in the URLs (design principle 3): the app answers a
// request from its URL and form alone, whatever came before. For that, time
// stands still at the explored instant for the whole of every call (where
// ivr call lets it run on): a situation is the same however long the path
// to it took, so each is explored once.

import type { DateTime } from 'luxon';
import { createApp } from '../app/createApp';
import { twilioView } from '../app/twilioView';
import type { Settings } from '../config/settings';
import type { TraceEvent } from '../engine/step';
import type { Flow } from '../flow/schema';
import { dialEnding, simulateCall, type CallerAction, type CallerPrompt, type DialAttempt, type DialResult, type Outcome } from '../simulator';
import type { Choice, RecordedDocument } from './types';
import { twimlResponse } from '../twiml/twimlResponse';
import { simulateSms } from '../twilio/simulatedSms';
import type { SmsSender } from '../twilio/smsSender';
import { DEFAULT_CALLER } from '../config/phoneNumber';

/** A place the call waited, as the simulator saw it, and the document that asked. */
export type WaitPoint = { document: RecordedDocument } & (
  /** `heard`: everything said in the document that asked, up to and including the gather's own prompt. */
  | { kind: 'gather'; action: string; says: string[]; heard: string[] }
  | { kind: 'dial'; action: string | undefined; to: string }
);

/** What happened between two wait points (or from the start, or up to the end). */
interface Piece {
  trace: TraceEvent[];
  errors: string[];
  said: string[];
  /** What was said since the current document arrived, and whether anything was said or played. */
  saidInDocument: string[];
  spokeInDocument: boolean;
  /** Virtual seconds from the call's start to the end of this piece. */
  seconds: number;
}

export interface ProbedCall {
  /** Wait points in order; points[i] was answered by answers[i], or is where the explorer hung up. */
  points: WaitPoint[];
  /** The choice used at each answered point (the script's, or "completed" for a dial past its end). */
  answers: Choice[];
  /** pieces[0] runs up to points[0]; pieces[i + 1] follows the answer to points[i]. */
  pieces: Piece[];
  /** Set when the call ended by itself; undefined when the explorer hung up at a gather past the script. */
  outcome: Outcome | undefined;
  /** Webhook requests the app answered. */
  requests: number;
}

export interface CallProbe {
  /** One call: from the start, or resumed at a recorded document; `script` answers the wait points in order. */
  run(to: string, script: Choice[], resume?: RecordedDocument): Promise<ProbedCall>;
}

export function callProbe(flow: Flow, settings: Settings, instant: DateTime): CallProbe {
  let current: Recorder | undefined;
  // An SMS sender, as `ivr call` has one: the mobile caller is offered the chat-link SMS, so what
  // follows the offer (taken or declined) is walked too. Every message is accepted at once, without
  // the twilio client (~140 ms to load): explore studies where calls go, not the message.
  const sms = simulateSms(settings, 'sent', (Object.values(flow.lines)[0] as { number: string }).number);
  const accept: SmsSender = async () => ({ sent: true, sid: `SM${'0'.repeat(32)}`, status: 'queued', elapsedMs: 0 });
  const app = createApp({
    settings: sms.settings,
    sendSms: accept,
    flow,
    clock: () => instant,
    // Explore walks every transfer outcome; the operators' numbers of this machine are not what it checks.
    refuseOwnNumbers: false,
    logger: { info() {}, warn() {}, error: (message) => current?.piece.errors.push(message) },
    trace: (callSid, event) => {
      if (current && callSid === current.callSid) current.piece.trace.push(event);
    },
  });
  const { voiceUrl: startUrl, authToken } = twilioView(sms.settings);
  let calls = 0;

  return {
    async run(to, script, resume) {
      const recorder = new Recorder(`CA${String(++calls).padStart(32, '0')}`, script, resume?.at ?? 0);
      current = recorder;
      let replay = resume;
      let requests = 0;
      let lastDocument: { url: string; body: string } | undefined;
      try {
        const result = await simulateCall({
          url: resume?.url ?? startUrl,
          transport: async (request) => {
            if (replay) {
              const body = replay.body;
              replay = undefined;
              lastDocument = { url: request.url, body };
              return twimlResponse(body);
            }
            requests++;
            const response = await app.handle(request);
            lastDocument = { url: request.url, body: response.body };
            return response;
          },
          // As `ivr call` calls by default: the replay commands need no --from.
          call: { to, from: DEFAULT_CALLER, callSid: recorder.callSid, accountSid: sms.accountSid },
          caller: (prompt) => recorder.answer(prompt),
          dial: (attempt) => recorder.dial(attempt),
          onEvent: (event) => {
            const piece = recorder.piece;
            piece.seconds = recorder.offset + event.at;
            if (event.type === 'request' && lastDocument) {
              recorder.document = { ...lastDocument, at: piece.seconds };
              piece.spokeInDocument = false;
              piece.saidInDocument = [];
            }
            if (event.type === 'say') {
              piece.said.push(event.text);
              piece.saidInDocument.push(event.text);
            }
            if (event.type === 'say' || event.type === 'play') piece.spokeInDocument = true;
          },
          ...(authToken ? { authToken } : {}),
        });
        return {
          points: recorder.points,
          answers: recorder.answers,
          pieces: recorder.pieces,
          outcome: recorder.stopped ? undefined : result.outcome,
          requests,
        };
      } finally {
        current = undefined;
      }
    },
  };
}

class Recorder {
  readonly points: WaitPoint[] = [];
  readonly answers: Choice[] = [];
  readonly pieces: Piece[] = [{ trace: [], errors: [], said: [], saidInDocument: [], spokeInDocument: false, seconds: 0 }];
  document: RecordedDocument = { url: '', body: '', at: 0 };
  stopped = false;

  constructor(
    readonly callSid: string,
    private readonly script: Choice[],
    readonly offset: number,
  ) {}

  get piece(): Piece {
    return this.pieces[this.pieces.length - 1] as Piece;
  }

  answer(prompt: CallerPrompt): CallerAction {
    // <Record> is not a menu choice: the explorer stays silent through it.
    if (prompt.verb !== 'Gather') return { silence: true };
    const says = prompt.says.map((s) => s.text);
    this.points.push({ kind: 'gather', action: prompt.action, says, heard: [...this.piece.saidInDocument], document: this.document });
    const choice = this.script[this.answers.length];
    if (!choice) {
      // Past the script: hang up here, so this gather becomes a new place to branch from.
      this.stopped = true;
      return { hangup: true };
    }
    if (!('press' in choice)) throw new Error('explore: the call waited at a <Gather> where an earlier run dialled: the app is not deterministic');
    this.next(choice);
    return choice.press === '-' ? { silence: true } : { digits: choice.press };
  }

  dial(attempt: DialAttempt): DialResult {
    this.points.push({ kind: 'dial', action: attempt.action, to: attempt.to, document: this.document });
    // Past the script a dial is answered: that ends the call at once, and is one of the dial's branches.
    const choice = this.script[this.answers.length] ?? { dial: 'completed' as const };
    if (!('dial' in choice)) throw new Error('explore: the call dialled where an earlier run waited for keys: the app is not deterministic');
    this.next(choice);
    return dialEnding(choice.dial);
  }

  /** A new piece starts; it is still the same document until the next request. */
  private next(choice: Choice): void {
    this.answers.push(choice);
    const { saidInDocument, spokeInDocument, seconds } = this.piece;
    this.pieces.push({ trace: [], errors: [], said: [], saidInDocument: [...saidInDocument], spokeInDocument, seconds });
  }
}
