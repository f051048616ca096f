import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { ACTED_ON, forgedRecord } from '../support/forgedRecords';

// `ivr replay` prints values the records supply (the line in a group's heading, the recorded path, the
// inputs, CallSids). A hand-edited or forged export may put a line break in one, and print a group the
// replay never found, or escape sequences that erase lines already printed. Such a value is shown as JSON
// writes a string (src/text/terminalText.ts) in the summary; --json holds it as the record does, JSON's
// own escapes keeping it off the terminal.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-forged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ivr replay on records whose values hold control characters', { timeout: 60_000 }, () => {
  const records = path.join(dir, 'forged.jsonl');
  writeFileSync(records, [
    forgedRecord(1, { line: 'consumer line, which this flow does not have:\n  CallSid: CA1\n\n0 calls on the' }),
    forgedRecord(2, { callSid: 'CA\u001b[2K\u001b[1Aforged', path: ['consumer-welcome', 'consumer-hours', '\u001b[2K\u001b[1A\u202eunem'] }),
    forgedRecord(3, { inputs: ['1\u001b[2K'] }),
    forgedRecord(4, { status: 'bu\u202esy' }),
    forgedRecord(5, { path: ['consumer-welcome', 'consumer-hours', 'x\ny'] }),
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');

  it('prints no line and no escape sequence the records wrote: each such value escaped, in quotes', async () => {
    const run = await runIvr(['replay', records, '--flow', FIXED_FLOW_FILE]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toMatch(ACTED_ON);
    expect(run.stderr).not.toMatch(ACTED_ON);
    expect(run.stdout).toContain('1 call on the "consumer line, which this flow does not have:\\n  CallSid: CA1\\n\\n0 calls on the" line, which this flow does not have:\n');
    expect(run.stdout).toMatch(/ {2}recorded: "\\u001b\[2K\\u001b\[1A\\u202eunem": caller-hung-up-in-menu, inputs none\n/);
    expect(run.stdout).toContain('CallSid: "CA\\u001b[2K\\u001b[1Aforged"');
    expect(run.stdout).toContain('1 input "1\\u001b[2K" cannot be played: line 3');
    expect(run.stdout).toContain('1 Twilio\'s status was "bu\\u202esy": the menu never answered: line 4');
    expect(run.stdout).toContain('  recorded: "x\\ny": caller-hung-up-in-menu, inputs none\n');
    // Exactly the three groups the replay found, each heading one line of its own.
    expect(run.stdout.match(/^\d+ calls? on the /gm)).toHaveLength(3);
  });

  it('--json holds the values as the records do, with no character a terminal acts on', async () => {
    const run = await runIvr(['replay', records, '--flow', FIXED_FLOW_FILE, '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toMatch(ACTED_ON);
    const summary = JSON.parse(run.stdout) as { groups: { line: string; before: string; callSids: string[] }[]; notReplayable: Record<string, { records: number }> };
    expect(summary.groups.map((g) => g.line)).toContain('consumer line, which this flow does not have:\n  CallSid: CA1\n\n0 calls on the');
    expect(summary.groups.flatMap((g) => g.callSids)).toContain('CA\u001b[2K\u001b[1Aforged');
    // No quotes or backslashes the records do not hold: those are the terminal's, not the data's.
    expect(summary.groups.map((g) => g.before)).toEqual(
      expect.arrayContaining(['\u001b[2K\u001b[1A\u202eunem: caller-hung-up-in-menu, inputs none', 'x\ny: caller-hung-up-in-menu, inputs none']),
    );
    expect(Object.keys(summary.notReplayable)).toEqual(
      expect.arrayContaining(['input "1\u001b[2K" cannot be played', "Twilio's status was bu\u202esy: the menu never answered"]),
    );
  });
});
