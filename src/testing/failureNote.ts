// A test that fails on where a call went ("expected 'hangup' to be 'dial'") shows the values it compared, not
// why: a refused transfer, say, which the app logged and callIvr keeps in `errors`, a field the test never
// printed. So when a test that made such a call fails, callIvr writes the call's errors and its route beside
// the failure (vitest shows a test's stderr with its name). Only then: a test that means a refused transfer,
// and asserts it, passes without a word.

import { describeOutcome } from '../cli/renderTranscript';
import type { Outcome } from '../simulator';
import type { RunnerTask } from 'vitest';

/** What a test that failed is told of one of its calls that logged errors. `call`: the options that tell which call it was. */
export function failureNote(call: string, errors: readonly string[], path: readonly string[], outcome: Outcome): string {
  return [
    `${call}: the app logged ${errors.length === 1 ? 'an error' : `${errors.length} errors`} during this call (call.errors), which may be why the test failed:`,
    ...errors.map((error) => `  ${error}`),
    `The call entered ${path.length === 0 ? 'no node of the flow' : path.join(', ')}; it ended: ${describeOutcome(outcome)}.`,
  ].join('\n');
}

/**
 * Has `note()` written to stderr if the vitest test running now fails, once it is over; `note` gives undefined
 * for nothing to say. Outside a vitest test (another runner, a beforeAll) nothing is written: `errors` holds it all.
 * Nor in a concurrent test: vitest keeps one "current test", the last that started, so while tests run side by
 * side the note could go beside another test's failure, or nowhere ("Vitest doesn't track concurrent tests in
 * global hooks"); only the test's own context knows its test, and callIvr is not given it.
 */
export async function noteIfTestFails(note: () => string | undefined): Promise<void> {
  try {
    const { onTestFailed, TestRunner } = await import('vitest');
    const test = TestRunner.getCurrentTest();
    if (test === undefined || runsBesideOthers(test)) return;
    onTestFailed(() => {
      const text = note();
      if (text !== undefined) console.error(text);
    });
  } catch {
    // Not in a vitest test: there is no failure to write beside.
  }
}

/** Whether `task` runs at the same time as others: it is concurrent, or a suite it is in is (its siblings run beside it). */
function runsBesideOthers(task: RunnerTask | undefined): boolean {
  return task !== undefined && (task.concurrent === true || runsBesideOthers(task.suite));
}
