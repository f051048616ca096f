import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { forgedRecord } from '../support/forgedRecords';

// One moved key parts calls in many groups (by what each caller did before and after it): a menu editor reads
// first how many calls part in each way, where and why, then the groups. And a replayed caller hangs up when the
// record's keys run out, which a group says as that, not as a caller who would hang up there.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-parting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IT = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
const EN = ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu'];
const OPERATOR = ['consumer-operator-hours', 'consumer-operator'];

describe('ivr replay of a flow whose consumer menu moved key 2 to 0 and swapped keys 1 and 5', { timeout: 60_000 }, () => {
  const records = path.join(dir, 'calls.jsonl');
  writeFileSync(
    records,
    [
      forgedRecord(1, { outcome: 'transferred', path: [...IT, ...OPERATOR], inputs: ['none', '2', 'dial:completed'] }),
      forgedRecord(2, { outcome: 'transferred', path: [...IT, ...OPERATOR], inputs: ['none', '2', 'dial:completed'] }),
      forgedRecord(3, { outcome: 'transferred', language: 'en', path: [...EN, ...OPERATOR], inputs: ['1', '2', 'dial:completed'] }),
      // A wrong key first, then 2: the menu asked again, and the call parts at its second time.
      forgedRecord(4, { outcome: 'transferred', path: [...IT, 'consumer-menu', ...OPERATOR], inputs: ['none', '7', '2', 'dial:completed'] }),
      forgedRecord(5, { outcome: 'caller-hung-up-in-menu', path: [...IT, 'consumer-chat'], inputs: ['none', '1'] }),
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  const menu = flow.nodes['consumer-menu'];
  for (const option of menu.options) {
    if (option.key === '2') option.key = '0';
    else if (option.key === '1') option.next = 'consumer-call-cost';
    else if (option.key === '5') option.next = 'consumer-chat';
  }
  menu.prompt = menu.prompt.map((p: { it: string; en: string }) => ({ it: p.it.replace('premi 2', 'premi 0'), en: p.en.replace('press 2', 'press 0') }));
  const moved = path.join(dir, 'moved.json');
  writeFileSync(moved, JSON.stringify(flow, null, 2));

  it('says first how many calls part in each way, most first: the key pressed, where the record went and where the call goes now', async () => {
    const run = await runIvr(['replay', records, '--flow', moved]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^5 of 5 calls would go differently\n\nWhere they part \(the groups below, summed\):\n {2}4 calls pressed 2 at consumer-menu: was consumer-operator-hours, now no 2 there, the menu asks again\n {2}1 call pressed 1 at consumer-menu: was consumer-chat, now consumer-call-cost\n\n\d+ calls? on the consumer line part at consumer-menu:\n/,
    );
    // Then the groups, as ever: three for key 2 (its callers did other things before it), one for key 1.
    expect(run.stdout.match(/part at consumer-menu:/g)).toHaveLength(4);
    const json = JSON.parse((await runIvr(['replay', records, '--flow', moved, '--json'])).stdout);
    expect(json.groups.map((g: { why: string; calls: number }) => [g.why, g.calls])).toEqual([
      ['pressed 2 at consumer-menu: was consumer-operator-hours, now no 2 there, the menu asks again', 2],
      ['pressed 2 at consumer-menu: was consumer-operator-hours, now no 2 there, the menu asks again', 1],
      ['pressed 2 at consumer-menu: was consumer-operator-hours, now no 2 there, the menu asks again', 1],
      ['pressed 1 at consumer-menu: was consumer-chat, now consumer-call-cost', 1],
    ]);
  });

  it('says where the recorded keys ran out as that, not as a caller who would hang up there', async () => {
    const run = await runIvr(['replay', records, '--flow', moved]);
    expect(run.stdout).toContain('  recorded: consumer-operator-hours > consumer-operator: transferred, inputs none 2 dial:completed\n  now:      consumer-menu: the recorded keys ran out, inputs none 2\n');
    // The recorded caller who hung up in the chat answer did so: the record's side says it as recorded.
    expect(run.stdout).toContain('  recorded: consumer-chat: caller-hung-up-in-menu, inputs none 1\n  now:      consumer-call-cost: the recorded keys ran out, inputs none 1\n');
    expect(run.stdout).not.toMatch(/now: .*caller-hung-up-in-menu/);
  });

  it('says nothing before a single group, which says it all itself', async () => {
    const one = path.join(dir, 'one.jsonl');
    writeFileSync(one, `${JSON.stringify(forgedRecord(5, { outcome: 'caller-hung-up-in-menu', path: [...IT, 'consumer-chat'], inputs: ['none', '1'] }))}\n`);
    const run = await runIvr(['replay', one, '--flow', moved]);
    expect(run.stdout).toMatch(/^1 of 1 calls would go differently\n\n1 call on the consumer line part at consumer-menu:\n/);
    expect(run.code).toBe(1);
  });
});

describe('ivr replay of a flow that opens later', { timeout: 60_000 }, () => {
  it('says the calls found the line closed at the hours check, and where each went before', async () => {
    const records = path.join(dir, 'morning.jsonl');
    writeFileSync(
      records,
      [
        forgedRecord(1, { outcome: 'transferred', path: [...IT, ...OPERATOR], inputs: ['none', '2', 'dial:completed'] }),
        forgedRecord(2, { outcome: 'caller-hung-up-in-menu', path: [...IT, 'consumer-chat'], inputs: ['none', '1'] }),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    // The calls began at 10:00 on a Tuesday; the line now opens at 10:30.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    flow.hours.weekly.tue = [{ open: '10:30', close: '17:00' }];
    const later = path.join(dir, 'later.json');
    writeFileSync(later, JSON.stringify(flow, null, 2));
    const run = await runIvr(['replay', records, '--flow', later]);
    expect(run.stdout).toContain('Where they part (the groups below, summed):\n  2 calls found the line closed at consumer-hours: was consumer-menu, now closed\n');
    expect(run.code).toBe(1);
  });
});
