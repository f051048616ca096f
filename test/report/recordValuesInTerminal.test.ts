import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { ACTED_ON, forgedRecord } from '../support/forgedRecords';

// `ivr report` prints values the records supply (a line, nodes, a language) on the terminal. A hand-edited
// or forged export may put a line break in one, and print a line the command never wrote, or escape
// sequences that erase or rewrite lines already printed (ESC [2K clears a line, ESC [1A moves up one). Such
// a value is shown as JSON writes a string (src/text/terminalText.ts); an ordinary one as it is.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-forged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ivr report on records whose values hold control characters', { timeout: 30_000 }, () => {
  it('prints no line the records wrote and no escape sequence: each such value escaped, in quotes', async () => {
    const erase = '\u001b[2K\u001b[1A\u001b[2Kforged-menu';
    const records = path.join(dir, 'forged.jsonl');
    const output = path.join(dir, 'forged.html');
    writeFileSync(records, [
      forgedRecord(1, { line: 'consumer\nReport written to /tmp/other.html' }),
      forgedRecord(2, { path: ['consumer-welcome', 'consumer-hours', erase] }),
      // A refused transfer of a caller in a language the flow lacks: the summary names the language.
      forgedRecord(3, { outcome: 'menu-hung-up', language: 'x\u001b]0;owned\u0007', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'goodbye'], inputs: ['none', '2', 'dial:refused', '2'] }),
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const run = await runIvr(['report', records, '--output', output, '--flow', FIXED_FLOW_FILE]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(ACTED_ON);
    expect(run.stderr).not.toMatch(ACTED_ON);
    // The only "Report written" line is the command's own, naming the page it wrote.
    expect(`${run.stdout}\n${run.stderr}`.match(/^Report written to .*$/gm)).toEqual([`Report written to ${output}`]);
    expect(run.stderr).toContain('on a line the flow does not have ("consumer\\nReport written to /tmp/other.html" 1), on no map');
    expect(run.stderr).toContain('("\\u001b[2K\\u001b[1A\\u001b[2Kforged-menu" 1)');
    expect(run.stdout).toMatch(/^Callers hung up most at: .*"\\u001b\[2K\\u001b\[1A\\u001b\[2Kforged-menu" \(1, not in the flow\)$/m);
    expect(run.stdout).toContain('no destination for "x\\u001b]0;owned\\u0007" callers in this flow');
  });

  it('prints an ordinary value as it is', async () => {
    const records = path.join(dir, 'plain.jsonl');
    writeFileSync(records, `${JSON.stringify(forgedRecord(1, { line: 'partner', path: ['consumer-welcome', 'old-menu'] }))}\n`);
    const run = await runIvr(['report', records, '--output', path.join(dir, 'plain.html'), '--flow', FIXED_FLOW_FILE]);
    expect(run.stderr).toContain('on a line the flow does not have (partner 1), on no map');
    expect(run.stdout).toContain('Callers hung up most at: old-menu (1, not in the flow)');
  });
});
