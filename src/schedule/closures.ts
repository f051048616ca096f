import type { Hours } from '../flow/schema';

export type Closure = Hours['closures'][number];

/** The last day `closure` keeps the lines closed: its `until`, or its one `date`. */
export function lastClosedDay(closure: Closure): string {
  return closure.until ?? closure.date;
}

/** The closure that keeps the lines closed on `date` (YYYY-MM-DD, the flow's wall clock), if any. ISO dates compare as text. */
export function closureOn(hours: Hours, date: string): Closure | undefined {
  return hours.closures.find((closure) => closure.date <= date && date <= lastClosedDay(closure));
}
