import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { openInstant, promptSaid } from '../support/shippedFlow';

// `ivr test` as a developer runs it: what it prints and how it exits. The
// scenarios written here call the shipped menu while its consumer line is
// open, whatever its hours.

const OPEN = openInstant('tue');

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-test-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a scenario file under the test's folder; gives its path. */
function scenarioFile(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('ivr test in-process runs each scenario with its own settings only', () => {
  it('app settings in the shell (or local.settings.json) change nothing: the shipped scenarios come out as in npm test', async () => {
    // The operator's number and an SMS sender, as a developer's local.settings.json may hold them. Compared with a run
    // without them, not with "all pass": the shipped scenarios are the menu's spec, and an edit of the menu fails
    // some of them by design (they then fail the same way with or without the shell's settings).
    const shell = { DEST_CONSUMER_OPERATOR_IT: '+390299999999', IVR_SMS_FROM: '+390212345678', TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 'f'.repeat(32) };
    const [withShell, without] = await Promise.all([runIvr(['test', 'test/scenarios'], { env: shell }), runIvr(['test', 'test/scenarios'])]);
    expect(without.stdout).toMatch(/\n\d+ passed, \d+ failed\n$/);
    // A failure may quote the app's log, whose CallSid each call makes up anew.
    const callSidsBlanked = (stdout: string) => stdout.replace(/\bCA[0-9a-f]{32}\b/g, 'CA…');
    expect(callSidsBlanked(withShell.stdout)).toBe(callSidsBlanked(without.stdout));
    expect(withShell.code).toBe(without.code);
  });

  it('a scenario that expects the operator number its own settings give gets it whatever the shell says', async () => {
    const file = scenarioFile('own-settings.yaml', `
- name: "operator, Tuesday morning"
  call: { to: "+390237921240", at: "${OPEN}" }
  settings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
  steps: [{ press: "-" }, { press: "2" }]
  expect: { outcome: dial, to: "+390200000001" }
`);
    const run = await runIvr(['test', file], { env: { DEST_CONSUMER_OPERATOR_IT: '+390299999999' } });
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  });
});

describe('ivr test refuses a scenario number a real call could not dial', () => {
  it('a number without its country code, with ivr call\'s message, naming the file', async () => {
    const file = scenarioFile('national.yaml', `
- name: "merchant line"
  call: { to: "0237921250", at: "${OPEN}" }
  steps: [{ hear: "commercianti" }]
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${file}: call.to "0237921250" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921250 for an Italian number`);
  });
});

describe('a scenario that cannot run is that scenario\'s failure; the others run', () => {
  it('a wrong setting or a test number mapped to no line: file, scenario and reason, then the rest and the summary, exit 1', async () => {
    const file = scenarioFile('bad-settings.yaml', `
- name: "operator number without its country code"
  call: { at: "${OPEN}" }
  settings: { DEST_CONSUMER_OPERATOR_IT: "0200000001" }
  steps: [{ press: "-" }, { press: "2" }]
- name: "test number mapped to a misspelt line"
  call: { to: "+15005550006", at: "${OPEN}" }
  settings: { IVR_LINE_NUMBERS: "+15005550006=merchnt" }
  steps: [{ press: "-" }]
- name: "still runs"
  call: { at: "${OPEN}" }
  steps: [{ press: "-" }, { hear: "operatore" }]
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  operator number without its country code  (${shown})\n    cannot run: DEST_CONSUMER_OPERATOR_IT is "0200000001", not in E.164; set it to +390200000001 (the same number, with its country code and no spaces)\n`);
    expect(run.stdout).toContain(`  FAIL  test number mapped to a misspelt line  (${shown})\n    cannot run: IVR_LINE_NUMBERS maps +15005550006 to line "merchnt", which the flow does not have; add line "merchnt" to the flow's "lines", or map +15005550006 to one of: consumer, merchant\n`);
    expect(run.stdout).toContain(`  ok    still runs  (${shown})`);
    expect(run.stdout).toMatch(/\n1 passed, 2 failed\n$/);
    expect(run.code).toBe(1);
  });
});

describe('ivr test FOLDER', () => {
  it('runs the scenarios in its sub-folders too (ivr replay --write-scenarios writes to test/scenarios/replayed)', async () => {
    const folder = path.join(dir, 'nested');
    const welcome = promptSaid('consumer-welcome', 'it')[0]!;
    const scenario = (name: string) => `name: "${name}"\ncall: { at: "${OPEN}" }\nsteps: [{ hear: ${JSON.stringify(welcome)} }, { press: "hangup" }]\n`;
    scenarioFile('nested/top.yaml', scenario('at the top'));
    scenarioFile('nested/replayed/replayed-calls.json', JSON.stringify([{ name: 'one folder down', call: { at: OPEN }, steps: [{ hear: welcome }, { press: 'hangup' }] }]));
    scenarioFile('nested/replayed/deeper/deep.yml', scenario('two folders down'));
    const run = await runIvr(['test', folder]);
    expect(run.stdout).toContain('  ok    at the top');
    expect(run.stdout).toContain('  ok    one folder down');
    expect(run.stdout).toContain('  ok    two folders down');
    expect(run.stdout).toMatch(/\n3 passed, 0 failed\n$/);
  });
});

describe('ivr test: what a developer is told', () => {
  it('why a scenario fails where the cause lies outside what it wrote: its steps ran out, an operators\' number unset, a date with no time', async () => {
    const file = scenarioFile('causes.yaml', `
- name: "English, then the steps run out at the menu"
  call: { at: "${OPEN}" }
  steps: [{ press: "1" }]
  expect: { outcome: hangup }
- name: "English operator, number unset (exported in the shell, which a scenario does not read)"
  call: { at: "${OPEN}" }
  steps: [{ press: "1" }, { press: "2" }]
  expect: { outcome: dial }
- name: "a date with no time of day"
  call: { at: "2026-11-24" }
  steps: [{ press: "2" }]
`);
    const run = await runIvr(['test', file], { env: { DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
    expect(run.code).toBe(1);
    // The caller hung up because the scenario had no step left: said, with the node, where the outcome alone read as the menu's fault.
    expect(run.stdout).toContain(
      '    outcome: expected hangup, got caller-hangup (the steps ran out at the prompt of node "consumer-menu", so the scripted caller hung up there; add the steps that lead to the ending expected)\n',
    );
    // The app's own words, then where a scenario's settings go: exporting the setting in the shell changes nothing.
    expect(run.stdout).toMatch(
      /refused to transfer at node "consumer-operator" to consumer-operator-en .*To fix it, set the app setting DEST_CONSUMER_OPERATOR_EN to the operators' real number\. A scenario reads no app settings from the shell: set it in the scenario's settings, e\.g\. settings: \{ DEST_CONSUMER_OPERATOR_EN: "\+390200000001" \}\.\n/,
    );
    // A date alone ran at midnight, when every line is closed, and the scenario checked the night.
    expect(run.stdout).toContain('call.at "2026-11-24" has no time of day (it would be 00:00); give one, e.g. 2026-11-24T10:00');
    expect(run.stdout).toContain('0 passed, 3 failed');
  });

  it("the operators' number set to a line's own: the app refuses the transfer, and the hint says to give the real number, not to set it", async () => {
    const file = scenarioFile('set-to-a-line.yaml', `
- name: "English operator, its number set to the merchant line's"
  call: { at: "${OPEN}" }
  settings: { DEST_CONSUMER_OPERATOR_EN: "+390237921250" }
  steps: [{ press: "1" }, { press: "2" }]
  expect: { outcome: dial }
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /refused to transfer at node "consumer-operator" to consumer-operator-en .*To fix it, set the app setting DEST_CONSUMER_OPERATOR_EN to the operators' real number\. DEST_CONSUMER_OPERATOR_EN is \+390237921250 in the scenario's settings, a number that rings this app: set it to the operators' real number, not one of the lines', e\.g\. settings: \{ DEST_CONSUMER_OPERATOR_EN: "\+390200000001" \}\.\n/,
    );
    expect(run.stdout).not.toContain('from the shell');
  });

  it('a scenario that expected the caller to hang up, failing on its dials, gets no word of its steps running out: its call ended as it meant to', async () => {
    const file = scenarioFile('hangup-expected.yaml', `
- name: "the caller hangs up at the menu, as expected, but a dial was expected too"
  call: { at: "${OPEN}" }
  steps: [{ press: "1" }]
  expect: { outcome: caller-hangup, dials: [{ to: "+390200000001", status: completed }] }
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('    dials: expected [{"to":"+390200000001","status":"completed"}], got []\n');
    expect(run.stdout).not.toContain('steps ran out');
  });

  it('--at that is no date-time is wrong usage, as in ivr call: exit 2, nothing run', async () => {
    const run = await runIvr(['test', 'test/scenarios/closed.yaml', '--at', '2026-11-24T25:00']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('ivr test: --at "2026-11-24T25:00" is not an ISO-8601 date-time; e.g. 2026-11-24T10:00 (Europe/Rome)');
  });

  it('--at given to scenarios that give their own instant: a note says theirs wins, so no one believes they ran then', async () => {
    // Its own instant is an open Tuesday: on Christmas Day, the --at given, the line would be closed and the call not put through.
    const file = scenarioFile('own-instant.yaml', `name: "operator at its own instant"
call: { at: "${OPEN}" }
settings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
steps: [{ press: "-" }, { press: "2" }]
expect: { outcome: dial, to: "+390200000001" }
`);
    const run = await runIvr(['test', file, '--at', '2026-12-25T10:00']);
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  note  --at 2026-12-25T10:00 is the instant of scenarios that give none; 1 of 1 here give their own');
  });

  it('--url with nothing listening says the server is not answering and how to start it', async () => {
    // A port just freed: nothing listens there.
    const server = http.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const url = `http://127.0.0.1:${port}/api/voice`;
    const run = await runIvr(['test', 'test/scenarios/closed.yaml', 'test/scenarios/ivr-tester-format.json', '--url', url]);
    expect(run.code).toBe(1);
    const told = `    the call failed (Twilio error 11205: HTTP connection failure: fetch failed): nothing answered at ${url}: is the server running? \`npm start\` runs this project's on http://127.0.0.1:7071; otherwise check --url.\n`;
    expect(run.stdout).toContain(`${told}  FAIL`);
    // An ivr-tester file is told the same.
    expect(run.stdout).toContain(`  FAIL  ivr-tester format: English, then a complaint  (test/scenarios/ivr-tester-format.json)\n${told}`);
    expect(run.stdout).not.toContain('outcome: expected');
    expect(run.stdout).not.toContain('before this step');
  });
});
