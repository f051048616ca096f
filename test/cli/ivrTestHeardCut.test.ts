import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// `ivr test` on scenarios whose prompt a key (`after`, "3@2") or the caller's hang-up (call.hangupAt) cut
// short: a `hear` step matches only what was said before the cut, and a step the caller never got to is
// not counted as done. What a developer sees: ok or FAIL, the step named, and why. On the fixed copy of the
// menu (test/support/fixedMenu.ts), whose consumer menus are one <Say> of seven sentences (23 s), begun
// 8 s into a call silent at the welcome (6 s into one that pressed 1): the seconds cut are its wording's.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-test-heard-cut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `ivr test` on one file of these scenarios, on the fixed menu; what it printed, the file as it names it. */
async function ivrTest(name: string, scenarios: string): Promise<{ code: number | null; stdout: string; shown: string }> {
  const file = path.join(dir, name);
  writeFileSync(file, scenarios.replaceAll('FIXED', JSON.stringify(FIXED_FLOW_FILE)));
  const run = await runIvr(['test', file]);
  return { ...run, shown: path.relative(process.cwd(), file) };
}

describe('ivr test: a hear step before a key that cut the prompt matches only what was said before the key', () => {
  it('"premi asterisco", the menu\'s last sentence, fails before 3 at 2 s, in both forms and in English; the first sentence passes', async () => {
    const { code, stdout, shown } = await ivrTest('barge-in.yaml', `
- name: "3 after 2 s"
  call: { at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - hear: "premi asterisco"
    - press: "3"
      after: 2
- name: "3@2"
  call: { at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - hear: "premi asterisco"
    - press: "3@2"
- name: "English, 3 after 2 s"
  call: { at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "1"
    - hear: "To hear this menu again, press star"
    - press: "3"
      after: 2
- name: "the first sentence, heard before the key"
  call: { at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - hear: "Per sapere come usare la chat, premi 1"
    - press: "3@2"
    - hear: "reclamo"
`);
    const heardIt = '      heard:            [it-IT] Per sapere come usare la chat, premi 1.\n';
    expect(stdout).toContain(`  FAIL  3 after 2 s  (${shown}:2)\n    ${shown}:7: step 2:\n      expected to hear: "premi asterisco"\n${heardIt}`);
    expect(stdout).toContain(`  FAIL  3@2  (${shown}:10)\n    ${shown}:15: step 2:\n      expected to hear: "premi asterisco"\n${heardIt}`);
    expect(stdout).toContain(
      `  FAIL  English, 3 after 2 s  (${shown}:17)\n    ${shown}:22: step 2:\n      expected to hear: "To hear this menu again, press star"\n      heard:            [en-GB] Welcome to Klarna Italia customer service. | [en-GB] To learn how to use the chat, press 1.\n`,
    );
    expect(stdout).toContain('  ok    the first sentence, heard before the key');
    expect(stdout).toMatch(/\n1 passed, 3 failed\n$/);
    expect(code).toBe(1);
  });
});

describe('ivr test: a caller who hangs up mid-prompt (call.hangupAt)', () => {
  it('has not heard the rest of the prompt: a hear step for it fails, saying the caller hung up then', async () => {
    const { code, stdout, shown } = await ivrTest('hangup-hear.yaml', `
- name: "hangs up 12 s into the menu"
  call: { at: "2026-11-24T10:00", hangupAt: 20 }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - hear: "Per riascoltare il menu, premi asterisco"
  expect: { outcome: caller-hangup }
`);
    expect(stdout).toContain(
      `    ${shown}:7: step 2:\n      expected to hear: "Per riascoltare il menu, premi asterisco"\n` +
        '      heard:            [it-IT] Per sapere come usare la chat, premi 1. Per parlare con un operatore, premi 2. Per presentare un reclamo, premi 3. Per scriverci con il modulo di contatto o per posta, premi 4.\n' +
        '      the caller hung up 20 s into the call (its call.hangupAt): nothing said after that was heard\n',
    );
    expect(code).toBe(1);
  });

  it('a hear step after the hang-up says so, not only that nothing was heard', async () => {
    const { stdout, shown } = await ivrTest('hangup-wait.yaml', `
- name: "hangs up while the welcome waits"
  call: { at: "2026-11-24T10:00", hangupAt: 7 }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - hear: "premi 1"
`);
    expect(stdout).toContain(`    ${shown}:7: step 2:\n      expected to hear: "premi 1"\n      heard:            (nothing)\n      the caller hung up 7 s into the call (its call.hangupAt): nothing said after that was heard\n`);
  });

  it('never pressed the key the menu was still asking for: that step fails, named, whatever comes after it', async () => {
    const { code, stdout, shown } = await ivrTest('hangup-steps.yaml', `
- name: "5 after the hang-up, expecting the hang-up"
  call: { at: "2026-11-24T10:00", hangupAt: 20 }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - press: "5"
  expect: { outcome: caller-hangup }
- name: "5 after the hang-up, more steps after it"
  call: { at: "2026-11-24T10:00", hangupAt: 20 }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - press: "5"
    - press: "-"
    - press: "-"
    - press: "-"
- name: "5 pressed, then the hang-up"
  call: { at: "2026-11-24T10:00", hangupAt: 40 }
  settings: { IVR_FLOW_FILE: FIXED }
  steps:
    - press: "-"
    - press: "5"
  expect: { outcome: caller-hangup }
`);
    const never = 'step 2: the call ended (the caller hung up 20 s into the call, its call.hangupAt) before this step: press: "5"';
    expect(stdout).toContain(`  FAIL  5 after the hang-up, expecting the hang-up  (${shown}:2)\n    ${shown}:7: ${never}\n`);
    expect(stdout).toContain(`  FAIL  5 after the hang-up, more steps after it  (${shown}:9)\n    ${shown}:14: ${never}\n`);
    expect(stdout).toContain('  ok    5 pressed, then the hang-up');
    expect(stdout).toMatch(/\n1 passed, 2 failed\n$/);
    expect(code).toBe(1);
  });
});
