import type { Logger } from '../app/logger';
import { isCallSid, LATEST_STEPS_KEPT, MAX_STEPS_PER_CALL, type CallJournal, type CallStep, type SmsClaim, type StepEnd, type StepSms, type TakenSteps } from './callJournal';
import { answersSms, awaitsLastAnswer, LAST_ANSWER_WAIT_MS, isSentAgain, lateAnswerMessage } from './answerOrder';
import { recentCallSids } from './recentCallSids';

// The journal of one process: the local host, the simulator and the CLI, and
// a function app that runs on one instance. A status callback that never
// comes (no status callback URL on the number, a call dropped by Twilio, the
// benchmark's 200k webhooks) must not make memory grow, so it is bounded:
// a call is kept until `maxCalls` newer calls have begun, or `maxAgeMs`
// after its first answer, and at most `maxStepsPerCall` answers of it. A call
// the status callback took stays as long, marked taken, so a status callback
// Twilio sends again is known for what it is; one it took with nothing kept
// is remembered apart (recentCallSids), never in a live call's slot. An
// answer that comes for a call already taken (the status callback came first)
// is logged and dropped: it cannot reach the written record. A take that finds
// the call's transfer awaiting its action, or its SMS being sent, waits for
// that answer, briefly (awaitsLastAnswer).
//
// Bounded is not enough for a flat RSS: an object that lives for minutes
// reaches V8's old generation, and one dropped there stays as garbage until
// a full collection, which V8 puts off until the old generation has grown
// several times over. So the journal allocates nothing per answer once warm:
// calls sit in a fixed ring of slots, found by CallSid through a Map (an
// entry per call, not per answer), and a slot's step objects are reused, their
// strings interned.

export interface MemoryJournalOptions {
  /** A call is dropped when this many newer calls have begun (default 10,000). */
  maxCalls?: number;
  /** Answers kept per call (default 30, at least 4); past it the first ones stay and the latest 3 move along, so the end, the language and how the call got there stay right. */
  maxStepsPerCall?: number;
  /** A call is dropped this long after its first answer (default 6 h: Twilio ends a <Dial> after 4 h by default). */
  maxAgeMs?: number;
  /** Milliseconds since the epoch; tests choose it. */
  now?: () => number;
  /** Longest a take waits for the action of a <Dial> the call's latest answer started or for its SMS's answer (awaitsLastAnswer); real time (default LAST_ANSWER_WAIT_MS). */
  lastAnswerWaitMs?: number;
  /**
   * How a take's wait for that answer is timed: calls `done` after `ms` (lastAnswerWaitMs), unless the cancel it returns
   * comes first (the answer came). A test passes its own to see whether a take waited at all, which no stopwatch can tell for certain.
   */
  timer?: (done: () => void, ms: number) => () => void;
  /** Where an answer that came after its call was taken is logged (lateAnswerMessage); without it, it is dropped in silence. */
  logger?: Pick<Logger, 'warn'>;
}

export const MEMORY_JOURNAL_DEFAULTS = { maxCalls: 10_000, maxStepsPerCall: MAX_STEPS_PER_CALL, maxAgeMs: 6 * 60 * 60 * 1000 } as const;

/** One kept answer, reused in place for later calls of its slot. */
interface KeptStep {
  line: string;
  language: string;
  input: string;
  end: StepEnd;
  sms: StepSms | '';
  dialRefused: boolean;
  /** Node ids, space-separated (ids are lower-case letters, digits and dashes): one interned string, not an array per answer. */
  nodes: string;
  /** The first answer's instant in epoch ms; NaN on the others. */
  startedAtMs: number;
  /** The request's key and arrival (CallStep.request); NaN without one. */
  requestKey: number;
  requestAtMs: number;
  /** The node a request that started the call over asked for; '' on the others. */
  startedOver: string;
  /** CallStep.afterHangUp. */
  afterHangUp: boolean;
}

interface Slot {
  /** The CallSid as keyOf writes it; '' while the slot holds no call. */
  sid: string;
  firstAt: number;
  count: number;
  omitted: number;
  /** The status callback took the call: its line is written. Kept so one Twilio sends again writes no second line. */
  taken: boolean;
  /** An answer said what became of the call's SMS (sent or failed), even if the ring of its answers let it go since. */
  smsAnswered: boolean;
  steps: KeptStep[];
}

/** Strings kept at most in the intern table; past that (only forged input could get there) a string is kept as it comes. */
const MAX_INTERNED = 4096;

export function memoryJournal(options: MemoryJournalOptions = {}): CallJournal {
  const maxCalls = Math.max(1, options.maxCalls ?? MEMORY_JOURNAL_DEFAULTS.maxCalls);
  const maxSteps = Math.max(LATEST_STEPS_KEPT + 1, options.maxStepsPerCall ?? MEMORY_JOURNAL_DEFAULTS.maxStepsPerCall);
  const maxAgeMs = options.maxAgeMs ?? MEMORY_JOURNAL_DEFAULTS.maxAgeMs;
  const now = options.now ?? Date.now;
  const lastAnswerWaitMs = options.lastAnswerWaitMs ?? LAST_ANSWER_WAIT_MS;
  const timer = options.timer ?? realTimer;

  // A ring of slots, the next new call taking the one whose call began longest ago; found by CallSid.
  const slots: Slot[] = [];
  const slotOf = new Map<string, number>();
  let cursor = 0;
  const interned = new Map<string, string>();
  // Calls taken that had no slot, by CallSid: rare (a restart, a call past the ring), and bounded as the ring.
  const takenUnkept = recentCallSids({ calls: maxCalls, ageMs: maxAgeMs }, now);
  // Takes waiting for an answer still to come (a <Dial>'s action, an SMS's: awaitsAnswer), by CallSid: an answer for the call wakes its take to look again.
  const waiting = new Map<string, { wake(): void; done: Promise<void> }>();

  function free(slot: Slot): void {
    slotOf.delete(slot.sid);
    slot.sid = '';
  }

  /** The slot for a new call, dropping the call that began longest ago if it is still there. */
  function newSlot(sid: string, at: number): Slot {
    const index = cursor;
    cursor = (cursor + 1) % maxCalls;
    const kept = (slots[index] ??= { sid: '', firstAt: 0, count: 0, omitted: 0, taken: false, smsAnswered: false, steps: [] });
    if (kept.sid !== '') free(kept);
    const own = ownCopy(sid);
    slotOf.set(own, index);
    kept.sid = own;
    kept.firstAt = at;
    kept.count = 0;
    kept.omitted = 0;
    kept.taken = false;
    kept.smsAnswered = false;
    return kept;
  }

  /** The one copy of a string the journal keeps, so no answer leaves a new string behind. */
  function intern(text: string): string {
    const known = interned.get(text);
    if (known !== undefined) return known;
    if (interned.size >= MAX_INTERNED) return text;
    const own = ownCopy(text);
    interned.set(own, own);
    return own;
  }

  function keep(target: KeptStep, step: CallStep): void {
    target.line = intern(step.line);
    target.language = intern(step.language);
    target.input = intern(step.input);
    target.end = step.end;
    target.sms = step.sms ?? '';
    target.dialRefused = step.dialRefused === true;
    target.nodes = intern(step.nodes.join(' '));
    target.startedAtMs = step.startedAtMs ?? Number.NaN;
    target.requestKey = step.request?.key ?? Number.NaN;
    target.requestAtMs = step.request?.atMs ?? Number.NaN;
    target.startedOver = step.startedOver === undefined ? '' : intern(step.startedOver);
    target.afterHangUp = step.afterHangUp === true;
  }

  /** Whether `step` answers the request the slot's latest answer answered, which Twilio sent again (isSentAgain, without making a CallStep). */
  function answered(slot: Slot, step: CallStep): boolean {
    const latest = slot.count > 0 ? slot.steps[slot.count - 1]! : undefined;
    return latest !== undefined && isSentAgain(step.request, latest.requestKey, latest.requestAtMs);
  }

  // The chat-link SMS of each call, by CallSid: the first request to send it claims it, and one Twilio sends
  // again (or any other of the same call) waits for what became of it. Apart from the ring: a claim is rare
  // (a mobile caller who takes the offer) and bounded as the ring is.
  const smsClaims = new Map<string, { at: number; sent: Promise<boolean> }>();
  function claimSms(callSid: string): SmsClaim {
    const at = now();
    const sid = keyOf(callSid);
    const known = smsClaims.get(sid);
    if (known && at - known.at < maxAgeMs) return { first: false, sent: known.sent };
    let settle: (sent: boolean) => void = () => undefined;
    const sent = new Promise<boolean>((resolve) => (settle = resolve));
    smsClaims.delete(sid);
    smsClaims.set(ownCopy(sid), { at, sent });
    if (smsClaims.size > maxCalls) smsClaims.delete(smsClaims.keys().next().value as string);
    return { first: true, settle };
  }

  return {
    record(step) {
      if (!isCallSid(step.callSid)) return;
      const at = now();
      const sid = keyOf(step.callSid);
      const index = slotOf.get(sid);
      let slot: Slot;
      const found = index === undefined ? undefined : slots[index]!;
      const fresh = found !== undefined && at - found.firstAt < maxAgeMs;
      const written = fresh ? found.taken : found === undefined && takenUnkept.has(sid);
      if (written) {
        // The status callback came first and wrote the call's line: this answer cannot reach it, and kept it would
        // only wait for a take that never comes. Said once, so the record's reader can learn what it lacks.
        options.logger?.warn(lateAnswerMessage(step));
        return;
      }
      if (fresh) {
        slot = found;
      } else {
        if (found) free(found); // too old: the call starts again
        slot = newSlot(sid, at);
      }
      // Twilio sent this request again (it had no answer in time): the call took one step, kept once.
      if (answered(slot, step)) return;
      if (answersSms(step)) slot.smsAnswered = true;
      if (slot.count < maxSteps) {
        const target = (slot.steps[slot.count++] ??= { line: '', language: '', input: '', end: 'gather', sms: '', dialRefused: false, nodes: '', startedAtMs: Number.NaN, requestKey: Number.NaN, requestAtMs: Number.NaN, startedOver: '', afterHangUp: false });
        keep(target, step);
      } else {
        // The latest answers move along one place, the oldest of them leaving: objects rotated, none made.
        const tail = maxSteps - LATEST_STEPS_KEPT;
        const leaving = slot.steps[tail]!;
        slot.steps.copyWithin(tail, tail + 1, maxSteps);
        slot.steps[maxSteps - 1] = leaving;
        keep(leaving, step);
        slot.omitted++;
      }
      waiting.get(sid)?.wake();
    },

    async take(callSid): Promise<TakenSteps> {
      if (!isCallSid(callSid)) return { steps: [], omitted: 0 };
      const sid = keyOf(callSid);
      // A status callback sent again while the first waits for the dial's action: the first writes the line.
      const under = waiting.get(sid);
      if (under) {
        await under.done;
        return { steps: null, takenBefore: true };
      }
      if (lastAnswerWaitMs <= 0 || !awaitsAnswer(sid)) return takeNow(callSid);
      const wait = { wake: () => undefined as void, done: Promise.resolve() };
      wait.done = (async () => {
        // One timer for the whole wait, not the clock read between looks: each answer for the call wakes the take to
        // look again, and the timer alone ends the wait, so a test's timer can tell whether there was one at all.
        let over = false;
        const cancel = timer(() => {
          over = true;
          wait.wake();
        }, lastAnswerWaitMs);
        while (awaitsAnswer(sid) && !over) await new Promise<void>((resolve) => (wait.wake = resolve));
        cancel();
      })();
      waiting.set(sid, wait);
      try {
        await wait.done;
      } finally {
        waiting.delete(sid);
      }
      return takeNow(callSid);
    },

    claimSms(callSid) {
      if (!isCallSid(callSid)) return Promise.resolve({ first: true, settle() {} });
      // Decided before the first await, so two requests arriving together cannot both claim (one process, one thread).
      return Promise.resolve(claimSms(callSid));
    },
  };

  /** Whether a live call not yet taken has an answer to wait for: its <Dial>'s action, or its SMS's (awaitsLastAnswer). */
  function awaitsAnswer(sid: string): boolean {
    const index = slotOf.get(sid);
    const slot = index === undefined ? undefined : slots[index]!;
    if (!slot || slot.taken || slot.count === 0 || now() - slot.firstAt >= maxAgeMs) return false;
    const claim = smsClaims.get(sid);
    return awaitsLastAnswer(slot.steps[slot.count - 1]!, { claimed: claim !== undefined && now() - claim.at < maxAgeMs, answered: slot.smsAnswered });
  }

  /** The call's answers now, marked taken. */
  function takeNow(callSid: string): Promise<TakenSteps> {
    const at = now();
    const sid = keyOf(callSid);
    const index = slotOf.get(sid);
    if (index === undefined) {
      // A call this journal never kept (or no longer does) is remembered taken too, as the table journal does,
      // so a status callback Twilio sends again writes no second line; apart from the ring, whose slots are the live calls'.
      // Without case, as the ring compares CallSids (as hex).
      if (takenUnkept.has(sid)) return Promise.resolve({ steps: null, takenBefore: true });
      takenUnkept.add(ownCopy(sid));
      return Promise.resolve({ steps: [], omitted: 0 });
    }
    const slot = slots[index]!;
    const fresh = at - slot.firstAt < maxAgeMs;
    if (fresh && slot.taken) return Promise.resolve({ steps: null, takenBefore: true });
    const steps: CallStep[] = fresh
      ? slot.steps.slice(0, slot.count).map((kept) => ({
          callSid,
          line: kept.line,
          language: kept.language,
          input: kept.input,
          nodes: kept.nodes === '' ? [] : kept.nodes.split(' '),
          end: kept.end,
          ...(kept.dialRefused ? { dialRefused: true as const } : {}),
          ...(kept.sms ? { sms: kept.sms } : {}),
          ...(Number.isNaN(kept.startedAtMs) ? {} : { startedAtMs: kept.startedAtMs }),
          ...(Number.isNaN(kept.requestKey) ? {} : { request: { key: kept.requestKey, atMs: kept.requestAtMs } }),
          ...(kept.startedOver === '' ? {} : { startedOver: kept.startedOver }),
          ...(kept.afterHangUp ? { afterHangUp: true as const } : {}),
        }))
      : [];
    const omitted = fresh ? slot.omitted : 0;
    // Kept, marked taken, until newer calls or its age take the slot, as any call: a status callback
    // Twilio sends again finds it and writes no second line, one without the path.
    if (fresh) slot.taken = true;
    else free(slot);
    return Promise.resolve({ steps, omitted });
  }
}

/** The timer a take's wait runs on: cancelled when the answer comes, so no timer outlives the wait (a CLI run would wait for it before it exits). */
function realTimer(done: () => void, ms: number): () => void {
  const timer = setTimeout(done, ms);
  return () => clearTimeout(timer);
}

/**
 * A string of its own, for one the journal keeps: a string read from a request (a CallSid parsed by
 * URLSearchParams) may be a slice of the whole body, which it keeps alive as long as it is kept.
 */
function ownCopy(text: string): string {
  return Array.from(text).join('');
}

/**
 * A CallSid compared without case, as hex: Twilio's own (CA and lower-case hex) as it comes, no copy made
 * to look a call up; others rewritten so. Either may still be a slice of the request: one kept is copied (ownCopy).
 */
function keyOf(callSid: string): string {
  return /^CA[0-9a-f]{32}$/.test(callSid) ? callSid : `CA${callSid.slice(2).toLowerCase()}`;
}
