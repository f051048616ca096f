import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// `ivr replay` prints values the records supply (the line in a group's heading, the recorded path, the
// inputs, CallSids). A hand-edited or forged export may put a line break in one, and print a group the
// replay never found, or escape sequences that erase lines already printed. Such a value is shown as JSON
// writes a string (src/text/terminalText.ts), in the summary and in --json alike.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-forged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACTED_ON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const call = (n: number, fields: Record<string, unknown>) => ({
  event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it',
  path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['none'], durationSeconds: 30, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240',
  ...fields,
});

describe('ivr replay on records whose values hold control characters', { timeout: 60_000 }, () => {
  const records = path.join(dir, 'forged.jsonl');
  writeFileSync(records, [
    call(1, { line: 'consumer line, which this flow does not have:\n  CallSid: CA1\n\n0 calls on the' }),
    call(2, { callSid: 'CA\u001b[2K\u001b[1Aforged', path: ['consumer-welcome', 'consumer-hours', '\u001b[2K\u001b[1A\u202eunem'] }),
    call(3, { inputs: ['1\u001b[2K'] }),
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
    // Exactly the two groups the replay found, each heading one line of its own.
    expect(run.stdout.match(/^\d+ calls? on the /gm)).toHaveLength(2);
  });

  it('--json says the same values with no character a terminal acts on', async () => {
    const run = await runIvr(['replay', records, '--flow', FIXED_FLOW_FILE, '--json']);
    expect(run.stdout).not.toMatch(ACTED_ON);
    const summary = JSON.parse(run.stdout) as { groups: { line: string; callSids: string[] }[] };
    expect(summary.groups.map((g) => g.line)).toContain('consumer line, which this flow does not have:\n  CallSid: CA1\n\n0 calls on the');
    expect(summary.groups.flatMap((g) => g.callSids)).toContain('CA\u001b[2K\u001b[1Aforged');
  });
});
