// Virtual time: waiting for a timeout, a pause or a conversation costs no
// wall-clock time, but the call still knows how long it would have lasted.

/** Text-to-speech pace used to estimate how long a <Say> lasts (150 words a minute). */
const WORDS_PER_SECOND = 2.5;

export class VirtualClock {
  private elapsed = 0;

  get seconds(): number {
    return this.elapsed;
  }

  advance(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.elapsed += seconds;
  }
}

/** Whole seconds a text takes to speak; at least one for any non-empty text. */
export function speakingSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return words === 0 ? 0 : Math.ceil(words / WORDS_PER_SECOND);
}
