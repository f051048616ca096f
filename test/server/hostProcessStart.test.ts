import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startHostProcess } from '../support/hostProcess';

// The tests' own starter of the local host (test/support/hostProcess.ts): a server that never says it is listening
// fails the start, and is stopped, not left running after the test (and the whole test run) ends.

/** Blocks the server's process before its code runs, as a start-up that hangs would: it never says it is listening. */
const HANG_BEFORE_MAIN = '--import=data:text/javascript,Atomics.wait(new%20Int32Array(new%20SharedArrayBuffer(4)),0,0)';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a local host that does not start in time', () => {
  it('fails the start, naming it, and is stopped', async () => {
    const failure = await startHostProcess({ env: { NODE_OPTIONS: HANG_BEFORE_MAIN }, startTimeoutMs: 1_000 }).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/^the local host did not start \(pid \d+, stopped\)/);
    const pid = Number(/pid (\d+)/.exec(failure!)![1]);
    try {
      await eventually(() => !running(pid), `the server (pid ${pid}) still running`, 5_000);
    } finally {
      if (running(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
