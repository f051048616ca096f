// Flows real calls went through, as git has them (test/fixtures/past-flows/):
// every version before 5 Dec has a destination holding the merchant line's own
// number, and c07bab1's say nodes have "bargeIn", a field taken back since.
// ivr lint and the app refuse both; the commands that read the calls of a past
// flow (report --flow, replay --base or git HEAD, diff's old side, call, diagram)
// read them with a warning on stderr naming the file and what a deployed app
// would do, so "did my menu change move callers?" can be answered.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

const PAST = path.join(projectDir, 'test/fixtures/past-flows');
const LOOP = path.join(PAST, '49d845d-klarna-italia.json');
const BARGE_IN = path.join(PAST, 'c07bab1-klarna-italia.json');
const CURRENT = path.join(projectDir, 'flows/klarna-italia.json');
const RECORDS = path.join(projectDir, 'test/report/fixtures/calls.jsonl');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-past-flows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shown = (file: string) => path.relative(projectDir, file);
const LOOP_WARNING =
  'at destinations.merchant-line.number, line 55: +390237921250 is the number of line "merchant": a transfer there would ring this menu again, not an operator, so the app refuses every transfer there';

/** The warning's first line, for `command` reading `file`. */
const warned = (command: string, file: string) =>
  `ivr ${command}: ${file} is read as a flow calls went through; ivr lint and the app would refuse it, so it cannot be deployed as it is (the fixes are for deploying it):\n  warning ${LOOP_WARNING}`;

describe('a past flow whose destination holds a line\'s own number (every version before 5 Dec)', () => {
  it('ivr report --flow draws the page, warning what a deployed app would do (exit 0)', async () => {
    const output = path.join(dir, 'lastweek.html');
    const run = await runIvr(['report', RECORDS, '--output', output, '--flow', LOOP]);
    expect(run.stderr).toContain(warned('report', shown(LOOP)));
    expect(run.stderr).not.toContain('Invalid flow file');
    expect(run.stdout).toContain(`Report written to ${output}`);
    expect(existsSync(output)).toBe(true);
    expect(run.code).toBe(0);
  });

  it('ivr replay --base compares the words with it', async () => {
    // Replayed on the fixed copy of the menu they were recorded on (test/support/fixedMenu.ts), not on the shipped one,
    // whose renamed nodes would make them other calls: they go the same way (exit 0), their words compared with LOOP's.
    const run = await runIvr(['replay', RECORDS, '--base', LOOP, '--flow', FIXED_FLOW_FILE]);
    expect(run.stderr).toContain(warned('replay', shown(LOOP)));
    expect(run.stdout).toMatch(/^0 of 5 calls would go differently/m);
    expect(run.stdout).toContain(`hear other words than on ${LOOP}`);
    expect(run.stdout).not.toContain('Words not compared');
    expect(run.code).toBe(0);
  });

  it('ivr diff takes it as the old side, and its printed command plays a call on it', async () => {
    const run = await runIvr(['diff', LOOP, CURRENT]);
    expect(run.stderr).toContain(warned('diff', shown(LOOP)));
    expect(run.stdout).toContain(`ivr diff ${shown(LOOP)} -> ${shown(CURRENT)}`);
    expect(run.code).toBe(1);

    const call = await runIvr(['call', '--to', '+390237921240', '--at', '2026-12-07T13:00', '--press', '9', '--press', 'hangup'], { env: { IVR_FLOW_FILE: LOOP } });
    expect(call.stderr).toContain(warned('call', shown(LOOP)));
    expect(call.stdout).toContain('Caller presses 9');
    expect(call.code).toBe(0);
  });

  it('stays refused where it would be deployed: ivr lint, and the new side of ivr diff (exit 2)', async () => {
    const lint = await runIvr(['lint', LOOP]);
    expect(lint.stdout + lint.stderr).toContain(`Invalid flow file ${LOOP}: 1 problem\n  ${LOOP_WARNING}`);
    expect(lint.code).toBe(1);
    const diff = await runIvr(['diff', CURRENT, LOOP]);
    expect(diff.stderr).toContain(`Invalid flow file ${LOOP}: 1 problem\n  ${LOOP_WARNING}`);
    expect(diff.code).toBe(2);
  });

  it('as committed at git HEAD, is the base of ivr replay and the old side of ivr diff --git HEAD', async () => {
    const repo = mkdtempSync(path.join(dir, 'repo-'));
    const flow = path.join(repo, 'klarna-italia.json');
    copyFileSync(LOOP, flow);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=past test', '-c', 'user.email=past@example.invalid', ...args], { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '--no-verify', '-m', 'last week');
    // This week's edit: the merchant line's transfer goes to a placeholder, as the menu does now.
    writeFileSync(flow, readFileSync(LOOP, 'utf8').replace('"setting": "DEST_MERCHANT_LINE"', '"setting": "DEST_MERCHANT_LINE",\n      "placeholder": true'));
    const label = `${shown(flow)} at git HEAD`;

    const replay = await runIvr(['replay', RECORDS, '--flow', flow]);
    expect(replay.stderr).toContain(warned('replay', label));
    expect(replay.stdout).not.toContain('Words not compared');

    const diff = await runIvr(['diff', '--git', 'HEAD', flow]);
    expect(diff.stderr).toContain(warned('diff', `HEAD:${shown(flow)}`));
    expect(diff.stdout).toContain(`ivr diff HEAD:${shown(flow)} -> ${shown(flow)}`);
    expect(diff.code).toBe(1);
  });
});

describe('a past flow whose say nodes have "bargeIn" (c07bab1)', () => {
  it('ivr report --flow and ivr diagram read it, the field ignored with a warning at each place', async () => {
    const output = path.join(dir, 'bargein.html');
    const run = await runIvr(['report', RECORDS, '--output', output, '--flow', BARGE_IN]);
    expect(run.stderr).toContain(
      '  warning at nodes.consumer-complaints.bargeIn, line 154: has "bargeIn", which this version no longer has (it let a key cut the node\'s words short, taken by the menu after them): ignored, as it changed when a key could be pressed, not where a key sends the call\n' +
        '    fix: remove "bargeIn" before deploying this flow',
    );
    expect(run.stderr.match(/warning at nodes\.[\w-]+\.bargeIn/g)).toEqual([
      'warning at nodes.consumer-complaints.bargeIn',
      'warning at nodes.consumer-written.bargeIn',
      'warning at nodes.consumer-call-cost.bargeIn',
      'warning at nodes.merchant-written.bargeIn',
    ]);
    expect(run.code).toBe(0);

    const diagram = await runIvr(['diagram', BARGE_IN]);
    expect(diagram.stderr).toContain(`ivr diagram: ${shown(BARGE_IN)} is read as a flow calls went through`);
    expect(diagram.stdout).toContain('consumer-complaints');
    expect(diagram.code).toBe(0);
  });

  it('ivr lint still refuses the field', async () => {
    const lint = await runIvr(['lint', BARGE_IN]);
    expect(lint.stdout + lint.stderr).toContain('at nodes.consumer-complaints, line 152: has "bargeIn", which does not belong here');
    expect(lint.code).toBe(1);
  });
});
