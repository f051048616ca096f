/**
 * Latencies in whole microseconds, one counter per microsecond up to a
 * second: fixed memory and no sorting however many requests a run makes.
 */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(1_000_001);
  count = 0;

  record(micros: number): void {
    const bucket = micros < 0 ? 0 : micros > 1_000_000 ? 1_000_000 : Math.round(micros);
    this.counts[bucket]!++;
    this.count++;
  }

  /** The latency (µs) under which `fraction` of the requests finished. */
  percentile(fraction: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.count));
    let seen = 0;
    for (let micros = 0; micros < this.counts.length; micros++) {
      seen += this.counts[micros]!;
      if (seen >= rank) return micros;
    }
    return this.counts.length - 1;
  }
}
