import type { CallerAction } from '../simulator';
import { UsageError } from './commandLine';

/** A value no caller's action is: `fix` says what to give instead, for a scenario file that tells it as a problem of its own. */
export class CallerInputError extends UsageError {
  constructor(
    what: string,
    value: string,
    readonly fix: string,
  ) {
    super(`${what} "${value}": ${fix}`);
  }
}

/**
 * One `--press` value as the caller's action: keys ("1", "12#"; "w" waits
 * half a second), "-" for silence, "say:some words" for speech, "hangup" to
 * put the phone down; "say:some words+#" says the words then presses # (one
 * key), and "say:some words+hangup" says them then hangs up. Keys or speech
 * may end in "@SECONDS", the moment into the <Gather>'s prompt they come:
 * "1@3" presses 1 three seconds into the prompt, interrupting it there
 * (barge-in). `what` names the value in an error (`--press`, a scenario's step).
 */
export function parseCallerAction(value: string, what = '--press'): CallerAction {
  const trimmed = value.trim();
  const timed = /^(.*)@\s*(\d+(?:\.\d+)?)$/s.exec(trimmed);
  if (timed) {
    const action = parseCallerAction(timed[1] as string, what);
    if (!('digits' in action) && !('speech' in action)) {
      throw new CallerInputError(what, value, 'only keys or "say:words" take "@SECONDS" (the moment into the prompt); to hang up at a moment use --hangup-at');
    }
    return { ...action, after: Number(timed[2]) };
  }
  if (trimmed === '-' || trimmed === '') return { silence: true };
  if (trimmed === 'hangup') return { hangup: true };
  // "say:words+#", "say:words+hangup": speak, then press one key or hang up (a <Record> prompt).
  const speakThen = /^say:(.*\S)\s*\+\s*([0-9*#]|hangup)$/.exec(trimmed);
  if (speakThen) return speechThen(speakThen[1]!.trim(), speakThen[2]!);
  if (trimmed.startsWith('say:')) return { speech: trimmed.slice(4).trim() };
  if (!/^[0-9*#wW]+$/.test(trimmed)) {
    throw new CallerInputError(what, value, 'give phone keys (0-9, *, #), "-" for silence, "say:words" for speech, "say:words+#" for speech then a key, or "hangup", optionally with "@SECONDS" (e.g. 1@3) to press during the prompt');
  }
  return { digits: trimmed };
}

/** Speech followed by one key or a hang-up: what ends a <Record> after the caller's message. */
export function speechThen(words: string, then: string): CallerAction {
  return then === 'hangup' ? { speech: words, thenHangup: true } : { speech: words, thenKey: then };
}
