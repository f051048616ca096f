import type { CallSession, PageEvent } from './callSession';

// Long-polling: the page asks for the events after the last one it has, and
// the answer waits until there is at least one (or a while has passed). Every
// answer is an ordinary complete response, so any host that buffers bodies,
// as the local host does, carries it; a lost answer loses nothing,
// since the page simply asks again from where it was.

export interface EventBatch {
  /** Index of the first event in `events`; the page asks next for `after = next - 1`. */
  next: number;
  events: PageEvent[];
  ended: boolean;
}

const DEFAULT_WAIT_MS = 25_000;

export function eventsAfter(session: CallSession, after: number, waitMs = DEFAULT_WAIT_MS): Promise<EventBatch> {
  // Asked and answered: the page is open, so a prompt waiting for its key keeps waiting (callSession.ts, idleMs).
  session.seen();
  const batch = (): EventBatch => {
    session.seen();
    const events = session.events.slice(after + 1);
    return { next: after + 1 + events.length, events, ended: session.ended && after + 1 + events.length >= session.events.length };
  };
  if (session.events.length > after + 1 || session.ended) return Promise.resolve(batch());
  return new Promise((resolve) => {
    let answered = false;
    const done = () => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      unsubscribe();
      // Answer on the next tick, so events pushed together (a whole TwiML answer) travel together.
      setImmediate(() => resolve(batch()));
    };
    const timer = setTimeout(done, waitMs);
    const unsubscribe = session.subscribe(done);
  });
}
