export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[] | Float64Array, fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
