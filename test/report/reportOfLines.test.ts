import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { reportOfLines } from '../../src/report/reportOfLines';

// The dev phone's report of the local host's own ivr.call lines counts each
// call once, as `ivr report` does: a status callback sent again for a finished
// call logs a second line for it.

const flow = loadFlowFile(DEFAULT_FLOW_FILE);
const lines = readFileSync('test/report/fixtures/calls.jsonl', 'utf8').split('\n').filter((line) => line.trim() !== '');

describe("the dev phone's report of this host's calls", () => {
  it('counts a call whose line was logged twice once, and says so on the page', async () => {
    const once = await reportOfLines(lines, flow, 'the calls made on this local host');
    const twice = await reportOfLines([...lines, lines[0] as string], flow, 'the calls made on this local host');
    const total = (html: string) => /data-total="Calls">(\d+)</.exec(html)?.[1];
    expect(total(twice)).toBe(total(once));
    expect(twice).toContain('1 record repeats a call already read (same CallSid) and was left out');
    expect(once).not.toContain('repeats a call');
  });
});
