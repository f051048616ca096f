// Virtual time: waiting for a timeout, a pause or a conversation costs no
// wall-clock time, but the call still knows how long it would have lasted.
// It also knows when the caller means to hang up (a script's "hang up after
// 12 seconds"), so any verb that takes time can be cut short there.

/** Text-to-speech pace used to estimate how long a <Say> lasts (150 words a minute). */
export const WORDS_PER_SECOND = 2.5;

export class VirtualClock {
  private elapsed = 0;
  private hangupAt = Number.POSITIVE_INFINITY;

  get seconds(): number {
    return this.elapsed;
  }

  /** True once the caller's hang-up moment has come. */
  get callerGone(): boolean {
    return this.elapsed >= this.hangupAt;
  }

  /** The caller hangs up at this second of the call (or now, if it is past), wherever the call is then. */
  hangUpAt(second: number): void {
    this.hangupAt = Math.min(this.hangupAt, Math.max(second, this.elapsed));
  }

  /** The caller hangs up now (a scripted hang-up): from here on the call is over for them. */
  hangUpNow(): void {
    this.hangUpAt(this.elapsed);
  }

  /**
   * Takes the clock back to an earlier second, for a caller heard late: the dev phone learns of a hang-up
   * during a message only as the menu after it asks, the simulator having said the message meanwhile. Its
   * caller makes sure only speech was played since, which changes nothing but the time, so the call can end
   * as if at that second.
   */
  backTo(second: number): void {
    if (second < this.elapsed) this.elapsed = Math.max(second, 0);
  }

  /** Whether the caller is still on the line once `seconds` more have passed (hanging up at that very second counts as still there). */
  stillThereAfter(seconds: number): boolean {
    return !this.callerGone && this.elapsed + Math.max(seconds, 0) <= this.hangupAt;
  }

  advance(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.elapsed += seconds;
  }

  /**
   * Lets `seconds` pass unless the caller hangs up first. Returns true when
   * they all passed; false when the caller hung up during them (the clock then
   * stands at the hang-up moment).
   */
  waitFor(seconds: number): boolean {
    if (this.callerGone) return false;
    const span = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    if (this.elapsed + span > this.hangupAt) {
      this.elapsed = this.hangupAt;
      return false;
    }
    this.elapsed += span;
    return true;
  }
}

/** Whole seconds a text takes to speak; at least one for any non-empty text. */
export function speakingSeconds(text: string): number {
  const words = wordCount(text);
  return words === 0 ? 0 : Math.ceil(words / WORDS_PER_SECOND);
}

/** Words in `text`, as `text.split(/\s+/)` would find them, counted in one pass without allocating (every <Say> of every simulated call is timed, some twice). */
function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** JavaScript's \s: ASCII whitespace, no-break spaces, the Unicode space separators, line and paragraph separators, BOM. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 5760 || (code >= 8192 && code <= 8202) || code === 8232 || code === 8233 || code === 8239 || code === 8287 || code === 12288 || code === 65279;
}
