// A call whose CallSid appears more than once in a records file (two exports
// of overlapping weeks joined, the same file given twice, Twilio sending a
// status callback again) is counted and replayed once, and the user is told
// on stderr how many records were left out.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-repeats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = readFileSync(path.join(projectDir, 'test/report/fixtures/calls.jsonl'), 'utf8');

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

/** A call put through on Tuesday 24 November 2026 at 10:00, as the app logs it. */
const putThrough = {
  event: 'ivr.call',
  callSid: `CA${'a'.repeat(32)}`,
  line: 'consumer',
  status: 'completed',
  outcome: 'transferred',
  language: 'en',
  path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'],
  inputs: ['1', '2', 'dial:completed'],
  durationSeconds: 83,
  startedAt: '2026-11-24T10:00:00+01:00',
  from: '+39******4567',
  to: '+39******1240',
};
/** The same call's status callback sent again: the journal of its answers was taken by the first, so nothing is known. */
const sentAgain = { ...putThrough, outcome: 'unknown', language: null, path: null, inputs: null, pathMissing: 'not-recorded' };

describe('records of one call given more than once', { timeout: 60_000 }, () => {
  it('the same file twice over (cat mine.jsonl mine.jsonl): ivr report counts each call once and says how many records it left out', async () => {
    const twice = file('twice.jsonl', `${sample}\n${sample}`);
    const run = await runIvr(['report', twice, '--flow', FIXED_FLOW_FILE, '--output', path.join(dir, 'twice.html')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 calls, 2026-11-24 to 2026-12-08 (from the first call to the last): 1 put through, 4 ended in the menu (1 of them after hours, 1 on a holiday), 1 ended otherwise (1 busy); SMS 1 sent, 1 failed, 0 declined, 0 offers unanswered');
    expect(run.stderr).toBe('ivr report: 6 records repeat a call already read (same CallSid) and were left out\n');
    const page = readFileSync(path.join(dir, 'twice.html'), 'utf8');
    expect(page).toContain('data-total="Calls">6<');
    // The page says it too: stderr is gone when someone opens it later.
    expect(page).toContain('6 records repeat a call already read (same CallSid) and were left out');
  });

  it('the same file twice over: ivr replay replays each call once and says how many records it left out', async () => {
    const twice = file('twice-replay.jsonl', `${sample}\n${sample}`);
    const run = await runIvr(['replay', twice, '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 5 calls would go differently \(1 of 6 records could not be replayed\)$/m);
    expect(run.stderr).toBe('ivr replay: 6 records repeat a call already read (same CallSid) and were left out\n');
    expect(run.code).toBe(0);
    const json = await runIvr(['replay', twice, '--json', '--flow', FIXED_FLOW_FILE]);
    expect(JSON.parse(json.stdout)).toMatchObject({ records: 6, replayed: 5, repeated: 6 });
  });

  it('keeps the record that knows how the call went, whichever comes first in the file', async () => {
    for (const [name, records] of [
      ['known-first.jsonl', [putThrough, sentAgain]],
      ['unknown-first.jsonl', [sentAgain, putThrough]],
      // CallSids are hex: a copy that changed their case is the same call, as the journal reads it.
      ['other-case.jsonl', [putThrough, { ...putThrough, callSid: putThrough.callSid.toUpperCase().replace(/^CA/, 'CA') }]],
    ] as const) {
      const records_ = file(name, records.map((r) => JSON.stringify(r)).join('\n'));
      const report = await runIvr(['report', records_, '--flow', FIXED_FLOW_FILE, '--output', path.join(dir, `${name}.html`)]);
      expect(report.stdout, name).toContain('1 call, 2026-11-24 (the day of the calls): 1 put through, 0 ended in the menu');
      expect(report.stderr, name).toBe('ivr report: 1 record repeats a call already read (same CallSid) and was left out\n');
      const replay = await runIvr(['replay', records_, '--flow', FIXED_FLOW_FILE]);
      expect(replay.stdout, name).toMatch(/^0 of 1 calls would go differently$/m);
      expect(replay.code, name).toBe(0);
    }
  });

  it('does not merge records that have no CallSid to tell them apart, and says nothing when no record repeats', async () => {
    const noSid = { ...putThrough, callSid: '' };
    const records = file('no-sid.jsonl', [noSid, noSid, { ...putThrough, callSid: `CA${'b'.repeat(32)}` }].map((r) => JSON.stringify(r)).join('\n'));
    const run = await runIvr(['report', records, '--flow', FIXED_FLOW_FILE, '--output', path.join(dir, 'no-sid.html')]);
    expect(run.stdout).toContain('3 calls, 2026-11-24 (the day of the calls): 3 put through');
    expect(run.stderr).toBe('');
  });
});
