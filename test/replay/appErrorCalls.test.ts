import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { forgedRecord } from '../support/forgedRecords';

// A call that ended in an app error stops where the app failed: its caller heard the apology, not where the flow
// sent them. Replayed on the very flow it went through, it goes on from there (the error was a passing one), which
// is no change of the flow: `ivr replay` says where such calls go now, apart, and exits 0 for them alone. One that
// parts from its record before the app failed was sent elsewhere by the flow, and goes differently as any call.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-app-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MENU = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
// Key 4 pressed at the main menu, where the app failed; the complaints answer entered (key 3), where it failed.
const failedAtMenu = forgedRecord(1, { outcome: 'app-error', path: MENU, inputs: ['none', '4'] });
const failedAtComplaints = forgedRecord(2, { outcome: 'app-error', path: [...MENU, 'consumer-complaints'], inputs: ['none', '3'] });
const ordinary = forgedRecord(3, { outcome: 'caller-hung-up-in-menu', path: [...MENU, 'consumer-chat'], inputs: ['none', '1'] });

function recordsFile(name: string, records: object[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

describe('ivr replay of calls that ended in an app error', { timeout: 60_000 }, () => {
  it('on the flow they went through: not counted as going differently, said apart with where they go now (exit 0)', async () => {
    const file = recordsFile('app-error.jsonl', [failedAtMenu, ordinary]);
    const run = await runIvr(['replay', file, '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 2 calls would go differently; 1 of them ended in an app error \(below\)$/m);
    expect(run.stdout).toContain('1 call ended in an app error (the caller heard the apology): its record stops where the app failed, so it is not counted as going differently. Replayed, it goes on:');
    expect(run.stdout).toContain(
      '1 call on the consumer line ended in an app error at consumer-menu:\n' +
        '  recorded: (ends at consumer-menu): app-error, inputs none 4\n' +
        '  now:      consumer-written: the recorded keys ran out, inputs none 4\n' +
        '  CallSid: CA00000000000000000000000000000001\n' +
        '  e.g. record at line 1: IVR_FLOW_FILE=test/fixtures/fixed-menu/klarna-italia.json npx ivr call --to +390237921240 --at 2026-11-24T10:00:00+01:00 --press - --press 4 --press hangup --sms off',
    );
    expect(run.stdout).not.toContain('part at');
    expect(run.code).toBe(0);
    const json = JSON.parse((await runIvr(['replay', file, '--flow', FIXED_FLOW_FILE, '--json'])).stdout);
    expect(json).toMatchObject({ replayed: 2, same: 1, different: 0, groups: [], appErrors: { calls: 1, groups: [{ at: 'consumer-menu', callSids: ['CA00000000000000000000000000000001'] }] } });
  });

  it('on a flow that sends them elsewhere before the app failed: counted as going differently, as any call (exit 1)', async () => {
    // Keys 3 and 4 swapped: the caller who pressed 3 would not reach the complaints answer, where the app failed.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    for (const option of flow.nodes['consumer-menu'].options) {
      if (option.key === '3') option.next = 'consumer-written';
      else if (option.key === '4') option.next = 'consumer-complaints';
    }
    const swapped = path.join(dir, 'swapped.json');
    writeFileSync(swapped, JSON.stringify(flow, null, 2));
    const run = await runIvr(['replay', recordsFile('app-errors.jsonl', [failedAtMenu, failedAtComplaints]), '--flow', swapped]);
    expect(run.stdout).toMatch(/^1 of 2 calls would go differently; 1 of them ended in an app error \(below\)$/m);
    expect(run.stdout).toContain('1 call on the consumer line part at consumer-menu:\n  recorded: consumer-complaints: app-error, inputs none 3\n  now:      consumer-written: the recorded keys ran out, inputs none 3\n');
    // The one that failed at the menu itself still says nothing of the flow: where it goes now is told apart.
    expect(run.stdout).toContain('1 call on the consumer line ended in an app error at consumer-menu:\n  recorded: (ends at consumer-menu): app-error, inputs none 4\n  now:      consumer-complaints: the recorded keys ran out, inputs none 4\n');
    expect(run.code).toBe(1);
  });
});
