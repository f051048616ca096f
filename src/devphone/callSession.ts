import { randomUUID } from 'node:crypto';
import type { CallerAction, CallerPrompt, DialStatus, TranscriptEvent } from '../simulator';
import type { SimulatedMessage } from '../twilio/simulatedSms';

// One call placed from the dev phone page. The simulated call runs on the
// server; this object sits between it and the page: it keeps every event so
// a page that (re)connects gets the whole story, and it holds each input
// prompt open until the page answers with keys, silence or a hang-up. A
// <Gather> is asked as it begins (gatherAhead.ts), so keys can cut its prompt.

/** What the page is told, in order: the simulator's transcript plus the dev phone's own notes. */
export type PageEvent =
  | TranscriptEvent
  /** A transfer to a destination the flow still marks "placeholder": nobody real answers it. */
  | (Extract<TranscriptEvent, { type: 'dial' }> & { placeholder: true; destination: string; setting: string })
  /** First: which line was dialled, by whom and when. */
  | { type: 'call'; at: number; line: string; to: string; from: string; instant: string; timeZone: string }
  /** The menu node the call entered (from the engine's trace), the node it came from, and why the app went there when the caller's keys do not say. */
  | { type: 'node'; at: number; node: string; from?: string; why?: string }
  /** The flow file or settings could not be loaded: the call never started. Always last. */
  | { type: 'flow-error'; at: number; message: string }
  /**
   * Something the app logged as an error during the call (it still answered TwiML). A refused transfer's says
   * which destination, and the app setting that gives it its real number when the flow names one: the page's
   * status names that setting from here, not from the message's words.
   */
  | { type: 'app-error'; at: number; message: string; refusedTransfer?: { destination: string; setting?: string } }
  /** A text message the app sent (or Twilio refused) through the simulated Messages API. */
  | ({ type: 'app-sms'; at: number } & SimulatedMessage);

export type DialChoice = Extract<DialStatus, 'completed' | 'busy' | 'no-answer' | 'failed'>;
export const DIAL_CHOICES: readonly DialChoice[] = ['completed', 'busy', 'no-answer', 'failed'];

type Listener = (event: PageEvent, index: number) => void;

export class CallSession {
  readonly id = randomUUID();
  readonly events: PageEvent[] = [];
  dialChoice: DialChoice;
  ended = false;
  endedAt: number | undefined;
  private readonly listeners = new Set<Listener>();
  private waiting: { prompt: CallerPrompt; resolve: (action: CallerAction) => void; timer: NodeJS.Timeout } | undefined;
  private hangupRequested = false;
  /** When the page last asked for this call's events (Date.now()). */
  private seenAt = Date.now();

  constructor(
    dialChoice: DialChoice,
    /**
     * A prompt waits for the page as long as the page keeps asking for the call's events (it is open, and "Wait
     * for my key" may leave it waiting for hours); once nobody has asked for this long, the tab was closed, and
     * the caller is taken to have hung up, so the call ends and frees its place.
     */
    private readonly idleMs: number,
  ) {
    this.dialChoice = dialChoice;
  }

  /** The page asked for the call's events: it is still open, so a waiting prompt keeps waiting. */
  seen(): void {
    this.seenAt = Date.now();
  }

  push(event: PageEvent): void {
    if (this.ended) return;
    const index = this.events.push(event) - 1;
    if (event.type === 'end' || event.type === 'flow-error') {
      this.ended = true;
      this.endedAt = Date.now();
    }
    for (const listener of this.listeners) listener(event, index);
    if (this.ended) this.listeners.clear();
  }

  /** Hears every later event; returns the way to stop listening. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The simulator's caller: waits for the page to answer this prompt. */
  answerFor(prompt: CallerPrompt): Promise<CallerAction> {
    // The caller put the phone down while the IVR was between prompts: the call ends as this one begins, before
    // a word of it is said (a <Gather>'s `after: 0`; a bare hang-up would be taken once its whole prompt had played).
    if (this.hangupRequested) return Promise.resolve(prompt.verb === 'Gather' ? { hangup: true, after: 0 } : { hangup: true });
    return new Promise((resolve) => {
      this.waiting = { prompt, resolve, timer: this.idleTimer(this.idleMs) };
    });
  }

  /** Hangs up once the page has not asked for the call's events for idleMs; until then, looks again when that could be. */
  private idleTimer(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const waiting = this.waiting;
      if (!waiting) return;
      const idle = Date.now() - this.seenAt;
      if (idle >= this.idleMs) this.answer({ hangup: true });
      else waiting.timer = this.idleTimer(this.idleMs - idle);
    }, ms);
    timer.unref();
    return timer;
  }

  /** The prompt the call is waiting on the page to answer, if any. */
  get prompt(): CallerPrompt | undefined {
    return this.waiting?.prompt;
  }

  /** Answers the open prompt; false when the call is not waiting for the caller. */
  answer(action: CallerAction): boolean {
    const waiting = this.waiting;
    if (!waiting) return false;
    this.waiting = undefined;
    clearTimeout(waiting.timer);
    waiting.resolve(action);
    return true;
  }

  /**
   * Puts the phone down now, or at the start of the next prompt if the IVR is
   * between prompts (`after` then means nothing: no prompt was playing).
   * `after`: the second into the waiting <Gather>'s prompt the caller hung up
   * at, so the call ends there rather than once the whole prompt has played
   * (below 0: during the message said before it, promptMoment.ts).
   */
  hangup(after?: number): void {
    if (this.ended) return;
    if (!this.answer(after === undefined ? { hangup: true } : { hangup: true, after })) this.hangupRequested = true;
  }
}
