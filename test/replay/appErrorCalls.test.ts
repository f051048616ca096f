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
// parts from its record before the app failed was sent elsewhere by the flow, and goes differently as any call; so
// does one whose key, pressed where the app failed, the flow now takes otherwise than the flow it went through.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-app-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MENU = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
// Key 4 pressed at the main menu, where the app failed; the complaints answer entered (key 3), where it failed.
const failedAtMenu = forgedRecord(1, { outcome: 'app-error', path: MENU, inputs: ['none', '4'] });
const failedAtComplaints = forgedRecord(2, { outcome: 'app-error', path: [...MENU, 'consumer-complaints'], inputs: ['none', '3'] });
const ordinary = forgedRecord(3, { outcome: 'caller-hung-up-in-menu', path: [...MENU, 'consumer-chat'], inputs: ['none', '1'] });

/** The fixed flow with `edit` made to its consumer menu (options and prompt), written to `name`. */
function editedMenu(name: string, edit: (menu: { options: { key: string; next: string }[]; prompt: Record<string, string>[] }) => void): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  edit(flow.nodes['consumer-menu']);
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

// Key 2 (the operator) moved to 0: a caller who presses 2 at the main menu now hears that 2 is no option.
const movedTwo = editedMenu('moved-two.json', (menu) => {
  for (const option of menu.options) if (option.key === '2') option.key = '0';
  menu.prompt = menu.prompt.map((p) => ({ it: (p.it as string).replace('premi 2', 'premi 0'), en: (p.en as string).replace('press 2', 'press 0') }));
});
// The app failed at the main menu right at key 2, before the call went anywhere from there.
const failedAtTwo = forgedRecord(4, { outcome: 'app-error', path: MENU, inputs: ['none', '2'] });

function recordsFile(name: string, records: object[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

describe('ivr replay of calls that ended in an app error', { timeout: 60_000 }, () => {
  it('on the flow they went through: not counted as going differently, said apart with where they go now (exit 0)', async () => {
    const file = recordsFile('app-error.jsonl', [failedAtMenu, ordinary]);
    const run = await runIvr(['replay', file, '--flow', FIXED_FLOW_FILE]);
    // The app-error call is not among the calls that go differently: the headline counts it apart.
    expect(run.stdout).toMatch(/^0 of 2 calls would go differently; 1 other of the 2 ended in an app error \(below\)$/m);
    expect(run.stdout).toContain('1 call ended in an app error (the caller heard the apology): its record stops where the app failed, and its replay shows no change of the flow there, so it is not counted as going differently. Replayed, it goes on:');
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
    const swapped = swappedThreeFour();
    const run = await runIvr(['replay', recordsFile('app-errors.jsonl', [failedAtMenu, failedAtComplaints]), '--flow', swapped]);
    // The call that goes differently is the one that failed at the complaints answer; the app-error call told apart is the other.
    expect(run.stdout).toMatch(/^1 of 2 calls would go differently; 1 other of the 2 ended in an app error \(below\)$/m);
    expect(run.stdout).toContain('1 call on the consumer line part at consumer-menu:\n  recorded: consumer-complaints: app-error, inputs none 3\n  now:      consumer-written: the recorded keys ran out, inputs none 3\n');
    // The one that failed at the menu itself still says nothing of the flow: where it goes now is told apart.
    expect(run.stdout).toContain('1 call on the consumer line ended in an app error at consumer-menu:\n  recorded: (ends at consumer-menu): app-error, inputs none 4\n  now:      consumer-complaints: the recorded keys ran out, inputs none 4\n');
    expect(run.code).toBe(1);
  });

  it('without --base, a key pressed where the app failed that the flow no longer takes there goes differently (exit 1)', async () => {
    const run = await runIvr(['replay', recordsFile('moved.jsonl', [failedAtTwo, ordinary]), '--flow', movedTwo]);
    expect(run.stdout).toMatch(/^1 of 2 calls would go differently$/m);
    expect(run.stdout).toContain(
      '1 call on the consumer line part at consumer-menu:\n' +
        '  recorded: (ends at consumer-menu): app-error, inputs none 2\n' +
        '  now:      consumer-menu: the recorded keys ran out, inputs none 2\n' +
        '  CallSid: CA00000000000000000000000000000004\n',
    );
    expect(run.stdout).not.toContain('ended in an app error');
    expect(run.code).toBe(1);
    const json = JSON.parse((await runIvr(['replay', recordsFile('moved.jsonl', [failedAtTwo, ordinary]), '--flow', movedTwo, '--json'])).stdout);
    expect(json).toMatchObject({ different: 1, appErrors: { calls: 0 }, groups: [{ why: 'pressed 2 at consumer-menu: ended there (app-error), now no 2 there, the menu asks again' }] });
  });

  it('with --base, the key is played on the flow the calls went through: where it goes there is said, and decides', async () => {
    // On the fixed flow key 4 led to the written-complaint answer; on the swapped one it leads to the complaints answer.
    const run = await runIvr(['replay', recordsFile('base.jsonl', [failedAtMenu, ordinary]), '--flow', swappedThreeFour(), '--base', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^1 of 2 calls would go differently$/m);
    expect(run.stdout).toContain(
      '1 call on the consumer line part at consumer-menu:\n' +
        `  recorded: (ends at consumer-menu): app-error, inputs none 4; on ${FIXED_FLOW_FILE}: consumer-written: the recorded keys ran out\n` +
        '  now:      consumer-complaints: the recorded keys ran out, inputs none 4\n',
    );
    expect(run.code).toBe(1);
    const json = JSON.parse((await runIvr(['replay', recordsFile('base.jsonl', [failedAtMenu, ordinary]), '--flow', swappedThreeFour(), '--base', FIXED_FLOW_FILE, '--json'])).stdout);
    expect(json).toMatchObject({ different: 1, appErrors: { calls: 0 }, groups: [{ why: 'pressed 4 at consumer-menu: was consumer-written, now consumer-complaints' }] });
  });

  it('with --base a flow that had no 2 there either, the call that pressed 2 shows no change of the flow (exit 0)', async () => {
    const run = await runIvr(['replay', recordsFile('same-base.jsonl', [failedAtTwo, ordinary]), '--flow', movedTwo, '--base', movedTwo]);
    expect(run.stdout).toMatch(/^0 of 2 calls would go differently; 1 other of the 2 ended in an app error \(below\)$/m);
    expect(run.stdout).toContain('1 call on the consumer line ended in an app error at consumer-menu:\n  recorded: (ends at consumer-menu): app-error, inputs none 2\n  now:      consumer-menu: the recorded keys ran out, inputs none 2\n');
    expect(run.code).toBe(0);
  });
});

/** The fixed flow with the consumer menu's keys 3 and 4 swapped. */
function swappedThreeFour(): string {
  return editedMenu('swapped.json', ({ options }) => {
    for (const option of options) {
      if (option.key === '3') option.next = 'consumer-written';
      else if (option.key === '4') option.next = 'consumer-complaints';
    }
  });
}
