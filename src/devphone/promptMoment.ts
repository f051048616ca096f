import type { CallerPrompt } from '../simulator';
import type { PageEvent } from './callSession';

// The `after` of a key or a hang-up sent to the dev phone: the second into the
// waiting <Gather>'s prompt it came at, which cuts the prompt there
// (https://www.twilio.com/docs/voice/twiml/gather#bargein). Only a second
// within the prompt is taken. One beyond it is refused rather than clamped:
// clamping would move the key (or the hang-up) to a moment the caller did not
// choose, and the call's clock, transcript and record would tell a call that
// never happened. The page never sends one (it cuts where its voice reads), so
// a client sending it has a bug worth hearing about; a key pressed once the
// prompt has been said is sent without `after`.
//
// A hang-up may come before the prompt too (a negative `after`), during the
// message the IVR said before it in the same answer (a plain <Say>, such as a
// closed line's message before its SMS offer): the simulator said that message
// without asking the caller, and waits at the menu, but only speech was played
// since, so the call can still end where the caller hung up (placeCall.ts).

/** What the caller did at that moment, in the words of the error. */
export type TimedAction = 'key' | 'hang-up';

/**
 * The moment `after` names, none when it is absent, or the problem with it (a 400's message). `spokenSince`: the
 * second of the call since which the IVR has only spoken before the waiting prompt (spokenSince below), the
 * earliest a hang-up may come at.
 */
export function momentInPrompt(after: unknown, prompt: CallerPrompt | undefined, action: TimedAction, spokenSince?: number): { after?: number } | { problem: string } {
  if (after === undefined) return {};
  const what = action === 'key' ? 'the first key was pressed at' : 'the caller hung up at';
  const earliest = action === 'hang-up' && prompt?.verb === 'Gather' && spokenSince !== undefined ? Math.min(spokenSince - prompt.startedAt, 0) : 0;
  if (!(typeof after === 'number' && Number.isFinite(after) && after >= earliest)) {
    const least = earliest < 0 ? `${earliest} or more (the message said before the prompt began ${-earliest} s before it)` : '0 or more';
    return { problem: `"after" is the second into the prompt ${what}: a number, ${least} (not ${JSON.stringify(after)}).` };
  }
  // Nothing waits (the IVR is still talking, or the call is over): the session answers that itself.
  if (!prompt) return { after };
  if (prompt.verb !== 'Gather') {
    // A hang-up ends a recording wherever it is (the page sends `after: 0` for one that came before it was told of the recording).
    if (action === 'hang-up') return {};
    return { problem: `"after" cuts a menu's prompt, and the call is recording (<Record>), which has none: send the ${action} without "after".` };
  }
  // The simulator's own figure: a second it would not take as within the prompt is refused here.
  const seconds = prompt.promptSeconds ?? Number.POSITIVE_INFINITY;
  if (after > seconds) {
    return {
      problem:
        `"after" is ${after} s, but this prompt lasts ${seconds} s: send a second within it, ` +
        `or leave "after" out for a ${action} once the prompt has been said (the menu then waits ${prompt.timeout} s for a key, its timeout).`,
    };
  }
  return { after };
}

// What may lie between the request whose answer asks the waiting menu and the menu: the answer's words said before
// it, the nodes the app passed on the way, and what the app noted meanwhile. Anything else (a <Play>, whose media
// was fetched; the request itself) happened at its moment, and the clock cannot go back past it.
const SPOKEN: ReadonlySet<PageEvent['type']> = new Set(['say', 'pause', 'node', 'app-error', 'app-sms']);

/** The second since which the IVR has only spoken before the latest menu told (the start of its message), if it said one. */
export function spokenSince(events: readonly PageEvent[]): number | undefined {
  let i = events.length - 1;
  while (i >= 0 && (events[i] as PageEvent).type !== 'gather') i--;
  let since: number | undefined;
  while (--i >= 0 && SPOKEN.has((events[i] as PageEvent).type)) since = (events[i] as PageEvent).at;
  return since;
}
