import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A CallSid read from a webhook's body with URLSearchParams is, in V8, a slice
// of the whole body: kept as it comes, it keeps the body alive as long as the
// journal keeps the call (10,000 calls by default, a Twilio body up to 64 KB).
// The journal keeps a copy of its own. Measured in a node of its own, with
// --expose-gc, so a full collection runs before each reading of the heap.

const journalModule = path.join(__dirname, '../../dist/src/journal/memoryJournal.js');
const CALLS = 1000;
const BODY_BYTES = 32 * 1024;

/** Heap bytes still held per call after `CALLS` calls whose CallSid came from a 32 KB body: recorded, or only taken. */
function heldPerCall(how: 'recorded' | 'taken'): number {
  const script = `
    const { memoryJournal } = require(${JSON.stringify(journalModule)});
    const journal = (globalThis.journal = memoryJournal({ now: () => 1_000_000 })); // alive until the end
    const filler = 'x'.repeat(${BODY_BYTES});
    global.gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < ${CALLS}; n++) {
      const body = 'CallSid=CA' + n.toString(16).padStart(32, '0') + '&Digits=1&Filler=' + filler + n;
      const callSid = new URLSearchParams(body).get('CallSid');
      if (${JSON.stringify(how)} === 'recorded') journal.record({ callSid, line: 'consumer', language: 'it', input: '1', nodes: ['consumer-menu'], end: 'gather' });
      else journal.take(callSid);
    }
    global.gc();
    console.log(JSON.stringify({ perCall: (process.memoryUsage().heapUsed - before) / ${CALLS} }));
  `;
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout).perCall as number;
}

describe('the memory journal and the requests it read CallSids from', () => {
  it('keeps no request body alive with a call it keeps: 1,000 calls from 32 KB bodies hold a few KB each at most', () => {
    expect(heldPerCall('recorded')).toBeLessThan(4096);
  });

  it('keeps no request body alive with a call it only remembers as taken (a status callback for a call it never held)', () => {
    expect(heldPerCall('taken')).toBeLessThan(4096);
  });
});
