import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callLog, MAX_LINES } from '../../src/server/callLog';
import { reportOfLines } from '../../src/report/reportOfLines';
import { fixedFlow } from '../support/fixedMenu';

// The local host keeps its latest MAX_LINES ivr.call lines for the dev phone's report (/devphone/report), so a
// host left running for days keeps flat memory. When it has dropped older ones, the report says it covers the
// latest 10,000 calls only: its reader would otherwise take its counts for every call since the host started.

const SAMPLE = JSON.parse(readFileSync('test/report/fixtures/calls.jsonl', 'utf8').split('\n')[0] as string);
const line = (n: number) => JSON.stringify({ ...SAMPLE, callSid: `CA${String(n).padStart(32, '0')}` });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe("the local host's log of its calls, for the dev phone's report", () => {
  it('keeps the latest 10,000 calls, and the report says it covers those only, naming how many were dropped', async () => {
    const log = callLog(quiet);
    for (let n = 0; n < MAX_LINES + 3; n++) log.logger.info(line(n));
    expect(log.lines()).toHaveLength(10_000);
    expect(log.lines()[0]).toBe(line(3));
    expect(log.dropped()).toBe(3);
    const html = await reportOfLines(log.lines(), fixedFlow(), 'the calls made on this local host', log.dropped());
    expect(html).toContain('data-total="Calls">10,000<');
    expect(html).toContain('<p class="warn" data-latest-only>This covers the latest calls only: this host keeps the ivr.call records of its latest 10,000 calls, and 3 older ones were dropped. For every call, give ivr report the lines npm start printed.</p>');
  });

  it('says nothing of the kind while it has every call', async () => {
    const log = callLog(quiet);
    for (let n = 0; n < 5; n++) log.logger.info(line(n));
    expect(log.dropped()).toBe(0);
    const html = await reportOfLines(log.lines(), fixedFlow(), 'the calls made on this local host', log.dropped());
    expect(html).not.toContain('data-latest-only');
    expect(html).not.toContain('covers the latest');
  });
});
