import type { CallerPrompt } from '../simulator';

// The `after` of a key or a hang-up sent to the dev phone: the second into the
// waiting <Gather>'s prompt it came at, which cuts the prompt there
// (https://www.twilio.com/docs/voice/twiml/gather#bargein). Only a second
// within the prompt is taken. One beyond it is refused rather than clamped:
// clamping would move the key (or the hang-up) to a moment the caller did not
// choose, and the call's clock, transcript and record would tell a call that
// never happened. The page never sends one (it cuts where its voice reads), so
// a client sending it has a bug worth hearing about; a key pressed once the
// prompt has been said is sent without `after`.

/** What the caller did at that moment, in the words of the error. */
export type TimedAction = 'key' | 'hang-up';

/** The moment `after` names, none when it is absent, or the problem with it (a 400's message). */
export function momentInPrompt(after: unknown, prompt: CallerPrompt | undefined, action: TimedAction): { after?: number } | { problem: string } {
  if (after === undefined) return {};
  const what = action === 'key' ? 'the first key was pressed at' : 'the caller hung up at';
  if (!(typeof after === 'number' && Number.isFinite(after) && after >= 0)) {
    return { problem: `"after" is the second into the prompt ${what}: a number, 0 or more (not ${JSON.stringify(after)}).` };
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
