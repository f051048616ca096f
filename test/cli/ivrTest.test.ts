import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { fixedMenuWithClosedRenamed } from '../support/closedRenamed';
import { committedFile } from '../support/committedFile';
import { firstTransferOn, openInstant, promptSaid, SHIPPED_FLOW_FILE, shippedFlow, shippedLineNumbers, shippedLines, startOf } from '../support/shippedFlow';
import { lineHolding } from '../support/lineHolding';

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
  it('a number without its country code, with ivr call\'s message, naming the file at its line', async () => {
    const file = scenarioFile('national.yaml', `
- name: "merchant line"
  call: { to: "0237921250", at: "${OPEN}" }
  steps: [{ hear: "commercianti" }]
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${file}:3: 1 problem\n  at call.to: has no country code (found "0237921250")\n    fix: write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921250 for an Italian number`);
  });

  it('a number with letters is no number, not one of no line to map with IVR_LINE_NUMBERS; a caller may be withheld', async () => {
    const file = scenarioFile('letters.yaml', `
- name: "merchant line"
  call: { to: "+39abc", at: "${OPEN}" }
  steps: [{ hear: "commercianti" }]
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`${file}:3: 1 problem\n  at call.to: is not a phone number in E.164, as Twilio sends it (found "+39abc")\n    fix: write + and the country code and number, digits only (7 to 15), e.g. +390237921240`);
    expect(run.stdout + run.stderr).not.toContain('IVR_LINE_NUMBERS');
    const caller = scenarioFile('caller-letters.yaml', `
- name: "a caller"
  call: { from: "+39abc", at: "${OPEN}" }
  steps: [{ hear: "Benvenuto" }]
`);
    const refused = await runIvr(['test', caller]);
    expect(refused.stdout + refused.stderr).toContain(`${caller}:3: 1 problem\n  at call.from: is not a phone number in E.164, as Twilio sends it (found "+39abc")\n    fix: write + and the country code and number, digits only (7 to 15), e.g. +393401234567, or anonymous for a withheld number`);
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
    // Each at the line of the setting, the place to edit.
    expect(run.stdout).toContain(
      `  FAIL  operator number without its country code  (${shown}:2)\n` +
        `    cannot run: ${shown}:4: 1 problem\n` +
        '      at settings.DEST_CONSUMER_OPERATOR_IT: is "0200000001", not in E.164\n' +
        '        fix: set it to +390200000001 (the same number, with its country code and no spaces)\n',
    );
    expect(run.stdout).toContain(
      `  FAIL  test number mapped to a misspelt line  (${shown}:6)\n` +
        `    cannot run: ${shown}:8: 1 problem\n` +
        '      at settings.IVR_LINE_NUMBERS: maps +15005550006 to line "merchnt", which the flow does not have\n' +
        `        fix: add line "merchnt" to the flow's "lines", or map +15005550006 to one of: ${shippedLines().join(', ')}\n`,
    );
    expect(run.stdout).toContain(`  ok    still runs  (${shown}:10)`);
    expect(run.stdout).toMatch(/\n1 passed, 2 failed\n$/);
    expect(run.code).toBe(1);
  });

  it('after a node and a line are renamed in a copy of the flow, each scenario still naming the old one is told at its FILE:LINE', async () => {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8').replaceAll('"consumer-chat"', '"consumer-webchat"'));
    flow.lines.merchants = flow.lines.merchant;
    delete flow.lines.merchant;
    const file = scenarioFile('renamed/scenarios.yaml', `
- name: "the chat's node, by its old id"
  call: { at: "${OPEN}" }
  settings: { IVR_FLOW_FILE: flow.json }
  steps: [{ press: "-" }, { press: "1" }]
  expect: { path: [consumer-welcome, consumer-hours, consumer-menu, consumer-chat] }
- name: "a test number mapped to the merchant line, by its old name"
  call: { to: "+15005550006", at: "${OPEN}" }
  settings:
    IVR_FLOW_FILE: flow.json
    IVR_LINE_NUMBERS: "+15005550006=merchant"
  steps: [{ press: "-" }]
`);
    writeFileSync(path.join(path.dirname(file), 'flow.json'), JSON.stringify(flow, null, 2));
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  the chat's node, by its old id  (${shown}:2)\n    cannot run: ${shown}:6: 1 problem\n      at expect.path[3]: names node "consumer-chat"`);
    expect(run.stdout).toContain(
      `  FAIL  a test number mapped to the merchant line, by its old name  (${shown}:7)\n` +
        `    cannot run: ${shown}:11: 1 problem\n` +
        '      at settings.IVR_LINE_NUMBERS: maps +15005550006 to line "merchant", which the flow does not have\n' +
        '        fix: add line "merchant" to the flow\'s "lines", or map +15005550006 to one of: consumer, merchants\n',
    );
    expect(run.code).toBe(1);
  });
});

describe('ivr test tells every slip of the files at once, before anything runs', () => {
  it('an instant without its date or time, beside a misspelt key, each with its scenario and line; every file; nothing runs, exit 1', async () => {
    const file = scenarioFile('one-pass/several.yaml', `
- name: "a date alone"
  call: { at: "2026-11-24" }
  steps: [{ press: "-" }]
- name: "a time alone"
  call: { at: "10:00" }
  steps: [{ press: "-" }]
- name: "a misspelt key"
  call: { at: "${OPEN}" }
  steps: [{ pres: "-" }]
- name: "fine"
  call: { at: "${OPEN}" }
  steps: [{ press: "-" }]
`);
    const other = scenarioFile('one-pass/other.yaml', `name: "another file"\ncall: { at: "${OPEN}", to: "0237921205" }\nsteps: [{ press: "-" }]\n`);
    const run = await runIvr(['test', path.dirname(file)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${file}:3: 3 problems\n` +
        '  at scenario 1 ("a date alone"), call.at, line 3: has no time of day (it would be 00:00) (found "2026-11-24")\n    fix: give one, e.g. 2026-11-24T10:00\n' +
        '  at scenario 2 ("a time alone"), call.at, line 6: has no date (it would be today\'s) (found "10:00")\n    fix: give one, e.g. 2026-11-24T10:00\n' +
        '  at scenario 3 ("a misspelt key"), step 1 (steps[0]), line 10: must be either',
    );
    // The other file's, in the same run: one alone is not "scenario 1".
    expect(run.stderr).toContain(`${other}:2: 1 problem\n  at call.to: has no country code (found "0237921205")`);
    expect(run.stderr).toContain('\n2 scenario files do not load; nothing was run\n');
  });
});

describe('what the flow refuses fails only its scenarios: told up front, the others run', () => {
  it('a number of no line and a node the flow lacks: each scenario with its file:line, then a FAIL that cannot run, the rest run; exit 1', async () => {
    const file = scenarioFile('flow-refuses/several.yaml', `
- name: "a number of no line"
  call: { to: "+390237921205", at: "${OPEN}" }
  steps: [{ press: "-" }]
- name: "a node the flow lacks"
  call: { at: "${OPEN}" }
  steps: [{ press: "-" }]
  expect: { path: [${startOf('consumer')}, consumer-hour] }
- name: "still runs"
  call: { at: "${OPEN}" }
  steps: [{ press: "-" }, { hear: "operatore" }]
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    const noLine =
      `${shown}:3: 1 problem\n` +
      `  at call.to: is the number of no line of the flow (its lines: ${shippedLineNumbers()}), so the app would answer it as its default line, ${shippedFlow().defaultLine} (found "+390237921205")\n` +
      `    fix: call a line's number, or map this one to a line (a Twilio test number, say) with settings: { IVR_LINE_NUMBERS: "+390237921205=${shippedFlow().defaultLine}" }`;
    const noNode =
      `${shown}:8: 1 problem\n` +
      '  at expect.path[1]: names node "consumer-hour", which flows/klarna-italia.json does not have (renamed or removed?)\n' +
      '    fix: if it was renamed: use "consumer-hours" (the closest name); if it was removed: write the route the call takes now (npx ivr call --json shows it: record.path)';
    const indented = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);
    // Up front, together, before the run.
    const upFront =
      '2 of 3 scenarios cannot run on the flow as it is now (each fails below; the others run):\n' +
      `  scenario "a number of no line": ${indented(noLine, '  ')}\n` +
      `  scenario "a node the flow lacks": ${indented(noNode, '  ')}\n\n`;
    expect(run.stdout.slice(0, upFront.length)).toBe(upFront);
    expect(run.stdout).toContain(`  FAIL  a number of no line  (${shown}:2)\n    cannot run: ${indented(noLine, '    ')}\n`);
    expect(run.stdout).toContain(`  FAIL  a node the flow lacks  (${shown}:5)\n    cannot run: ${indented(noNode, '    ')}\n`);
    expect(run.stdout).toContain(`  ok    still runs  (${shown}:9)`);
    expect(run.stdout).toMatch(/\n1 passed, 2 failed\n$/);
    expect(run.code).toBe(1);
  });

  it('a setting a letter off one the app reads (it was left unread, and the run said the right one was unset) and a time the clocks skip: each at its line with the fix', async () => {
    const file = scenarioFile('flow-refuses/names-and-times.yaml', `- name: "misspelt operator setting"
  call: { at: "${OPEN}" }
  settings:
    DEST_CONSUMER_OPERATR_IT: "+390200000001"
    A_SETTING_OF_OUR_OWN: "left unread"
  steps: [{ press: "-" }, { press: "2" }]
  expect: { outcome: dial }
- name: "a time the clocks skip"
  call: { at: "2027-03-28T02:30" }
  steps: [{ press: "-" }]
- name: "still runs"
  call: { at: "${OPEN}" }
  settings: { A_SETTING_OF_OUR_OWN: "left unread" }
  steps: [{ press: "-" }, { hear: "operatore" }]
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(
      '2 of 3 scenarios cannot run on the flow as it is now (each fails below; the others run):\n' +
        `  scenario "misspelt operator setting": ${shown}:4: 1 problem\n` +
        '    at settings.DEST_CONSUMER_OPERATR_IT: is no setting the app reads, so it would be left unread\n' +
        '      fix: rename "DEST_CONSUMER_OPERATR_IT" to "DEST_CONSUMER_OPERATOR_IT"\n' +
        `  scenario "a time the clocks skip": ${shown}:9: 1 problem\n` +
        '    at call.at: does not exist in Europe/Rome: the clocks go from 02:00 to 03:00 that night (found "2027-03-28T02:30")\n' +
        '      fix: give 03:30, or an offset (2027-03-28T02:30+01:00)\n\n',
    );
    expect(run.stdout).toContain(`  FAIL  misspelt operator setting  (${shown}:1)\n    cannot run: ${shown}:4: 1 problem\n`);
    expect(run.stdout).toContain(`  FAIL  a time the clocks skip  (${shown}:8)\n    cannot run: ${shown}:9: 1 problem\n`);
    // A name far from any the app reads is no typo: settings are no closed list.
    expect(run.stdout).not.toContain('A_SETTING_OF_OUR_OWN');
    expect(run.stdout).toContain(`  ok    still runs  (${shown}:11)`);
    expect(run.stdout).toMatch(/\n1 passed, 2 failed\n$/);
    expect(run.code).toBe(1);
  });
});

describe('a flow that does not load is told once, and nothing runs', () => {
  it('three scenarios on a broken flow, one on ours: the flow error once, with lint\'s file, path and fix; no scenario run; exit 1', async () => {
    const broken = scenarioFile('broken-flow/draft.json', readFileSync(SHIPPED_FLOW_FILE, 'utf8').replace(/"close": "[^"]*"/, '"close": "25:00"'));
    const scenario = (name: string, settings: string) => `- name: "${name}"\n  call: { at: "${OPEN}" }\n  settings: ${settings}\n  steps: [{ press: "-" }]\n`;
    const file = scenarioFile(
      'broken-flow/draft.yaml',
      ['one', 'two', 'three'].map((name) => scenario(name, '{ IVR_FLOW_FILE: draft.json }')).join('') + scenario('on ours', '{}'),
    );
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), broken);
    expect(run.stderr).toBe(
      `Invalid flow file ${shown}: 1 problem\n` +
        `  at hours.weekly.mon[0].close, line ${lineHolding(broken, '"close": "25:00"')}: must be a 24-hour time "HH:MM" (found "25:00")\n` +
        '    fix: write a 24-hour time "HH:MM", e.g. "09:00"\n' +
        `\nthe flow does not load, so none of the 4 scenarios was run: fix it as said, then check with npx ivr lint ${shown}\n`,
    );
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
  });
});

describe('ivr test FOLDER', () => {
  it('runs the scenarios in its sub-folders too (ivr replay --write-scenarios writes to test/scenarios/replayed)', async () => {
    const folder = path.join(dir, 'nested');
    const welcome = promptSaid(startOf('consumer'), 'it')[0]!;
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
  it('why a scenario fails where the cause lies outside what it wrote: its steps ran out, an operators\' number unset', async () => {
    // On the fixed copy of the menu, open on a Tuesday morning, whose node names a rename in the shipped one does not move.
    const file = scenarioFile('causes.yaml', `
- name: "English, then the steps run out at the menu"
  call: { at: "2026-11-24T10:00" }
  steps: [{ press: "1" }]
  expect: { outcome: hangup }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)} }
- name: "English operator, number unset (exported in the shell, which a scenario does not read)"
  call: { at: "2026-11-24T10:00" }
  steps: [{ press: "1" }, { press: "2" }]
  expect: { outcome: dial }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)} }
`);
    const run = await runIvr(['test', file], { env: { DEST_CONSUMER_OPERATOR_EN: '+390200000002' } });
    const shown = path.relative(process.cwd(), file);
    expect(run.code).toBe(1);
    // The caller hung up because the scenario had no step left: said, with the node, where the outcome alone read as the menu's fault.
    expect(run.stdout).toContain(
      `    ${shown}:5: outcome: expected hangup, got caller-hangup (the steps ran out at the prompt of node "consumer-menu", so the scripted caller hung up there; add the steps that lead to the ending expected)\n`,
    );
    // After the step that asked for it, the refused transfer, and where a scenario's settings go: exporting the
    // setting in the shell changes nothing. Or the scenario meant no transfer, and the flow changed under it.
    expect(run.stdout).toContain(
      `    ${shown}:9: after step 2: the call went to the transfer at node "consumer-operator", which the app refused: DEST_CONSUMER_OPERATOR_EN is not set in the scenario's settings\n` +
        "      if no transfer was meant here (the line closed, say): the flow's hours may have changed; move the scenario's call.at\n" +
        `      if the transfer is right: set DEST_CONSUMER_OPERATOR_EN in the scenario's settings, e.g. settings: { DEST_CONSUMER_OPERATOR_EN: "+390200000001" }\n`,
    );
    expect(run.stdout).toContain('0 passed, 2 failed');
  });

  it("the operators' number set to a line's own: the app refuses the transfer, and the hint says to give the real number, not to set it (the scenario meant a transfer)", async () => {
    const file = scenarioFile('set-to-a-line.yaml', `
- name: "English operator, its number set to the merchant line's"
  call: { at: "${OPEN}" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)}, DEST_CONSUMER_OPERATOR_EN: "+390237921250" }
  steps: [{ press: "1" }, { press: "2" }]
  expect: { outcome: dial }
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `    ${path.relative(process.cwd(), file)}:5: after step 2: the call went to the transfer at node "consumer-operator", which the app refused: DEST_CONSUMER_OPERATOR_EN is +390237921250 in the scenario's settings, a number that rings this app\n` +
        `      if the transfer is right: set DEST_CONSUMER_OPERATOR_EN in the scenario's settings to the operators' number, not a line's, e.g. settings: { DEST_CONSUMER_OPERATOR_EN: "+390200000001" }\n` +
        // The scenario expected an ending: the route to the refusal, as a failed ending says it.
        '      the call\'s route: ["consumer-welcome", "consumer-welcome-en", "consumer-hours", "consumer-menu", "consumer-operator-hours", "consumer-operator", "operator-unavailable", "chat-link-sms", "goodbye"]\n\n',
    );
    expect(run.stdout).not.toContain('no transfer was meant');
  });

  it('a scenario that checks only the ending, begun just before closing: the failure says the route and the hours check that found the line closed', async () => {
    const file = scenarioFile('late.yaml', `
- name: "operator, begun ten seconds before closing"
  call: { at: "2026-11-24T16:59:50" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)}, DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
  steps: [{ press: "-" }, { press: "2" }]
  expect: { outcome: dial, to: "+390200000001" }
- name: "the same with its route pinned"
  call: { at: "2026-11-24T16:59:50" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)}, DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
  steps: [{ press: "-" }, { press: "2" }]
  expect: { outcome: dial, path: [consumer-welcome, consumer-hours, consumer-menu, consumer-operator-hours, consumer-operator] }
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.code).toBe(1);
    // Once, under the first of the two endings that failed; the fix for a scenario that meant the line open, as a refused transfer's.
    expect(run.stdout).toContain(
      `  FAIL  operator, begun ten seconds before closing  (${shown}:2)\n` +
        `    ${shown}:6: outcome: expected dial, got hangup\n` +
        '      the call\'s route: ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-operator-hours", "closed", "chat-link-sms", "goodbye"]\n' +
        '      the hours check at node "consumer-operator-hours" found the line closed at 17:00:21, 31 s into the call (begun at 2026-11-24T16:59:50, its call.at)\n' +
        "      if the line was meant to be open then: the flow's hours may have changed; move the scenario's call.at\n" +
        `    ${shown}:6: connected to: expected +390200000001, got (not connected)\n`,
    );
    // A scenario that pins its route is told it by the path's failure, not twice; the hours still.
    expect(run.stdout).toContain(
      `    ${shown}:11: outcome: expected dial, got hangup\n` +
        '      the hours check at node "consumer-operator-hours" found the line closed at 17:00:21, 31 s into the call (begun at 2026-11-24T16:59:50, its call.at)\n' +
        "      if the line was meant to be open then: the flow's hours may have changed; move the scenario's call.at\n" +
        `    ${shown}:11: path: the call took another route through the flow\n`,
    );
    expect(run.stdout.match(/the call's route:/g)).toHaveLength(1);
  });

  it("a scenario on a day the flow closes names the closure and hours.closures, where the fix is, not the weekly hours", async () => {
    // The fixed menu, with the Monday before the Immaculate Conception closed as a bridge.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as { hours: { closures: unknown[] } };
    flow.hours.closures = [
      { date: '2026-12-07', name: { it: 'il ponte dell\'Immacolata', en: 'the Immaculate Conception bridge' } },
      { date: '2026-12-10', until: '2026-12-14', name: { it: 'l\'inventario', en: 'the stocktaking' } },
    ];
    const flowFile = scenarioFile('closure/flow.json', JSON.stringify(flow));
    const file = scenarioFile('closure/bridge.yaml', `
- name: "operator on the bridge day"
  call: { at: "2026-12-07T10:00" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(flowFile)}, DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
  steps: [{ press: "-" }]
  expect: { outcome: dial }
- name: "operator on a Saturday of the stocktaking"
  call: { at: "2026-12-12T10:00" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(flowFile)}, DEST_CONSUMER_OPERATOR_IT: "+390200000001" }
  steps: [{ press: "-" }]
  expect: { outcome: dial }
`);
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '      the hours check at node "consumer-hours" found the line closed for the closure "il ponte dell\'Immacolata" at 10:00:08, 8 s into the call (begun at 2026-12-07T10:00, its call.at)\n' +
        '      if the line was meant to be open then: the flow closes it 2026-12-07 for "il ponte dell\'Immacolata" (hours.closures[0]); move the scenario\'s call.at to a day the line is open, or change that closure\n',
    );
    // Changing the closure would not open a Saturday: the weekly hours close it too, so only the day is the fix.
    expect(run.stdout).toContain(
      '      if the line was meant to be open then: the flow closes it 2026-12-10 to 2026-12-14 for "l\'inventario" (hours.closures[1]) (a Saturday: the weekly hours close it too); move the scenario\'s call.at to a day the line is open\n',
    );
    expect(run.stdout).not.toContain("the flow's hours may have changed");
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
    expect(run.stdout).toContain(`    ${path.relative(process.cwd(), file)}:5: dials: expected [{"to":"+390200000001","status":"completed"}], got []\n`);
    expect(run.stdout).not.toContain('steps ran out');
  });

  it('a key timed after the menu stopped waiting: the step, its after and when the menu stopped waiting are named, with the fix (an earlier after), not "add steps"', async () => {
    const file = scenarioFile('too-late.yaml', `
- name: "4 pressed a minute into the menu"
  call: { at: "${OPEN}" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)} }
  steps:
    - press: "-"
    - press: "4"
      after: 60
    - hear: "modulo"
  expect: { outcome: hangup }
- name: "the same, then a hear the menu's repeat does not hold"
  call: { at: "${OPEN}" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)} }
  steps:
    - press: "-"
    - press: "4"
      after: 60
    - hear: "indirizzo"
- name: "4 pressed in time"
  call: { at: "${OPEN}" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)} }
  steps:
    - press: "-"
    - press: "4"
      after: 20
    - hear: "modulo"
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    const late = 'step 2 (press: "4", after: 60) came too late: the prompt of node "consumer-menu" had stopped waiting 27 s in (its length, then its timeout), so the menu went on without it, as if the caller were silent; give the step an earlier after, below 27';
    expect(run.stdout).toContain(`    ${shown}:10: outcome: expected hangup, got caller-hangup (${late})\n`);
    // A step that failed after it: the late key leads, at its own line.
    expect(run.stdout).toContain(`  FAIL  the same, then a hear the menu's repeat does not hold  (${shown}:11)\n    ${shown}:16: ${late}\n    ${shown}:18: step 3:\n`);
    expect(run.stdout).not.toContain('steps ran out');
    // In time, the key is heard: no word of lateness.
    expect(run.stdout).toContain('  ok    4 pressed in time');
    expect(run.stdout).toMatch(/\n1 passed, 2 failed\n$/);
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
    expect(run.stdout).toContain(`  FAIL  ivr-tester format: English, then a complaint  (test/scenarios/ivr-tester-format.json:1)\n${told}`);
    expect(run.stdout).not.toContain('outcome: expected');
    expect(run.stdout).not.toContain('before this step');
  });
});

describe('ivr test: a failure names the file and line to edit', () => {
  // `path:line`, as terminals and IDEs open it: the FAIL line at the scenario, the failure at its step or `expect`.
  it('a YAML scenario: the FAIL line at the scenario, the failing step at its own line; exit 1', async () => {
    const welcome = promptSaid(startOf('consumer'), 'it')[0]!;
    const file = scenarioFile('lines.yaml', `# two scenarios; the second fails at its third step
- name: "passes"
  call: { at: "${OPEN}" }
  steps:
    - hear: ${JSON.stringify(welcome)}
    - press: "hangup"

- name: "fails at its third step"
  call: { at: "${OPEN}" }
  steps:
    - hear: ${JSON.stringify(welcome)}
    - press: "-"
    - hear: "qualcosa di sbagliato"
  expect: { outcome: hangup }
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  fails at its third step  (${shown}:8)\n    ${shown}:13: step 3:\n      expected to hear: "qualcosa di sbagliato"\n`);
    expect(run.stdout).toMatch(/\n1 passed, 1 failed\n$/);
    expect(run.code).toBe(1);
  });

  it('an expectation shared through a YAML alias fails at its own line, where the anchor holds it, not at the alias', async () => {
    const file = scenarioFile('alias.yaml', `- name: "hangs up, expects a transfer"
  call: { at: "${OPEN}" }
  steps: [{ press: "hangup" }]
  expect: &transfer
    outcome: dial

- name: "the same expectation, by its alias"
  call: { at: "${OPEN}" }
  steps: [{ press: "hangup" }]
  expect: *transfer
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  the same expectation, by its alias  (${shown}:7)\n    ${shown}:5: outcome: expected dial, got caller-hangup`);
    expect(run.code).toBe(1);
  });

  it("a JSON scenario: the same, and an `expect` that fails is named at its key's line", async () => {
    const file = scenarioFile('lines.json', `[
  {
    "name": "expects a transfer at the menu",
    "call": { "at": "${OPEN}" },
    "steps": [
      { "press": "-" },
      { "hear": "nessuna parola così" }
    ]
  },
  {
    "name": "expects the wrong ending",
    "call": { "at": "${OPEN}" },
    "steps": [{ "press": "hangup" }],
    "expect": {
      "outcome": "dial"
    }
  }
]
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  expects a transfer at the menu  (${shown}:2)\n    ${shown}:7: step 2:\n      expected to hear: "nessuna parola così"\n`);
    expect(run.stdout).toContain(`  FAIL  expects the wrong ending  (${shown}:10)\n    ${shown}:15: outcome: expected dial, got caller-hangup`);
    expect(run.code).toBe(1);
  });

  it("an ivr-tester file: the step that waited in vain, at its line", async () => {
    const file = scenarioFile('lines-ivr-tester.json', `{
  "name": "ivr-tester, a prompt never said",
  "steps": [
    { "whenPrompt": { "type": "contains", "value": "For English, press 1" }, "then": { "type": "press", "value": "1" }, "silenceAfterPrompt": 2000, "timeout": 20000 },
    { "whenPrompt": { "type": "contains", "value": "never said" }, "then": { "type": "hangUp" }, "silenceAfterPrompt": 2000, "timeout": 20000 }
  ]
}
`);
    const run = await runIvr(['test', file, '--at', OPEN]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(`  FAIL  ivr-tester, a prompt never said  (${shown}:1)\n    ${shown}:5: step 2: `);
    expect(run.code).toBe(1);
  });

  it("an ivr-tester file that reaches a refused transfer: what it can do, not the app's \"set the app setting\"", async () => {
    const file = scenarioFile('refused-ivr-tester.json', `{
  "name": "ivr-tester, English operator",
  "steps": [
    { "whenPrompt": { "type": "contains", "value": "For English, press 1" }, "then": { "type": "press", "value": "1" }, "silenceAfterPrompt": 2000, "timeout": 20000 },
    { "whenPrompt": { "type": "contains", "value": "operator, press 2" }, "then": { "type": "press", "value": "2" }, "silenceAfterPrompt": 2000, "timeout": 60000 },
    { "whenPrompt": { "type": "contains", "value": "never said" }, "then": { "type": "hangUp" }, "silenceAfterPrompt": 2000, "timeout": 60000 }
  ]
}
`);
    const run = await runIvr(['test', file, '--at', OPEN]);
    expect(run.stdout).toContain(
      `  FAIL  ivr-tester, English operator  (${path.relative(process.cwd(), file)}:1)\n` +
        `    the call went to the transfer at node "${firstTransferOn('consumer')}", which the app refused: an ivr-tester file gives the app no settings, so DEST_CONSUMER_OPERATOR_EN is unset\n` +
        `      if no transfer was meant here (the line closed, say): the flow's hours may have changed; give the call another instant: "at" in refused-ivr-tester.call.json\n` +
        `      if the transfer is right: run the file against an app whose settings set DEST_CONSUMER_OPERATOR_EN (ivr test --url URL), or write the scenario in ivr test's own format, with settings: { DEST_CONSUMER_OPERATOR_EN: "+390200000001" }\n`,
    );
    expect(run.stdout).not.toContain('set the app setting');
    expect(run.code).toBe(1);
  });

  it('a file that does not parse, or has a step of no kind, is refused at its line; exit 1, nothing run', async () => {
    const broken = scenarioFile('broken.yaml', `- name: "unclosed list"
  call: { at: "${OPEN}" }
  steps: [{ press: "-" }
  expect: { outcome: hangup }
`);
    const unknown = scenarioFile('unknown-step.yaml', `- name: "a step of no kind"
  call: { at: "${OPEN}" }
  steps:
    - press: "-"
    - listen: "Benvenuto"
`);
    const [parse, kind] = await Promise.all([runIvr(['test', broken]), runIvr(['test', unknown])]);
    // yaml's own words after the place: where it found the list unclosed, the line that follows it.
    expect(parse.stderr).toContain(`${broken}:4: cannot be parsed: Flow sequence in block collection must be sufficiently indented and end with a ]`);
    expect(parse.stderr).toContain('\n  fix: check the indentation and brackets at that line and the line before: each scenario starts with "- name:"');
    expect(parse.code).toBe(1);
    expect(kind.stderr).toContain(`${unknown}:5: 1 problem\n  at step 2 (steps[1]): must be either an object with "hear"`);
    expect(kind.code).toBe(1);
    expect(kind.stdout).not.toContain('passed');
  });

  it('a file indented with a tab is refused at its line with the fix in plain words: spaces, not tabs', async () => {
    const tabbed = scenarioFile('tabbed.yaml', `- name: "a tab"\n  call: { at: "${OPEN}" }\n  steps:\n\t- press: "-"\n`);
    const run = await runIvr(['test', tabbed]);
    expect(run.stderr).toContain(`${tabbed}:4: cannot be parsed: Tabs are not allowed as indentation`);
    expect(run.stderr).toContain('\n  fix: indent with spaces, not tabs');
    expect(run.code).toBe(1);
    // Indented with tabs throughout, yaml reports another error (a key read as part of the name's text): the fix is the same.
    const allTabs = scenarioFile('all-tabs.yaml', `- name: all tabs\n\tcall: { at: "${OPEN}" }\n\tsteps:\n\t\t- press: "-"\n`);
    const tabbedThroughout = await runIvr(['test', allTabs]);
    expect(tabbedThroughout.stderr).toContain(`${allTabs}:2: cannot be parsed:`);
    expect(tabbedThroughout.stderr).toContain('\n  fix: indent with spaces, not tabs');
    expect(tabbedThroughout.code).toBe(1);
  });
});

describe('ivr test: a scenario that meant the line closed now reaches a transfer the app refuses', () => {
  it("leads with the step it expected and the transfer that came instead, with the fix for either meaning, not just \"set DEST_…\"", async () => {
    // An editor moved Tuesday's closing time an hour later; the scenario, written for the old hours, expects the
    // line closed half an hour after the old closing time. Its settings give no operators' number, as closed.yaml's.
    // The flow is the fixed copy of the menu (Tuesdays 09:00-17:00, its closed message at node "closed").
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as { hours: { weekly: Record<string, { open: string; close: string }[]> } };
    flow.hours.weekly.tue = [{ open: '09:00', close: '18:00' }];
    scenarioFile('later-hours/flow.json', JSON.stringify(flow, null, 2));
    const at = '2026-11-24T17:30';
    const closedWords = 'In questo momento il servizio clienti telefonico è chiuso';
    const file = scenarioFile('later-hours/closed.yaml', `- name: "consumer, after closing time: closed, no transfer"
  call: { to: "+390237921240", at: "${at}" }
  settings: { IVR_FLOW_FILE: "flow.json" }
  steps:
    - press: "-"
    - press: "2"
    - hear: ${JSON.stringify(closedWords)}
  expect: { outcome: hangup, dials: [] }
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(
      `  FAIL  consumer, after closing time: closed, no transfer  (${shown}:1)\n` +
        `    ${shown}:7: step 3:\n` +
        `      expected to hear: ${JSON.stringify(closedWords)}\n` +
        `      instead:          the call went to the transfer at node "consumer-operator", which the app refused: DEST_CONSUMER_OPERATOR_IT is not set in the scenario's settings\n` +
        "      if no transfer was meant here (the line closed, say): the flow's hours may have changed; move the scenario's call.at\n" +
        `      if the transfer is right: set DEST_CONSUMER_OPERATOR_IT in the scenario's settings, e.g. settings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }, and expect the dial, e.g. expect: { outcome: dial }\n\n`,
    );
    // The app's log line, whose only fix was "set DEST_…", is no longer what the editor reads first, nor at all.
    expect(run.stdout).not.toContain('the app logged an error');
    expect(run.stdout).toMatch(/\n0 passed, 1 failed\n$/);
    expect(run.code).toBe(1);
  });
});

describe('ivr test: a scenario whose keys no longer lead where they did reaches a transfer the app refuses', () => {
  it("names the keys that did not lead on, not the hours, as what may have changed under it", async () => {
    // An editor removed the consumer menu's payments submenu (key 6: 1 payment dates, 2 refunds), or moved it
    // off key 3 (now complaints), and left its scenarios in place. Each now ends at the consumer operators, its
    // 2 (refunds) pressed where 2 means an operator (the consumer menu after 6 was refused, the complaints after
    // 1 said them again), at an instant when the line is open: the hours did not move, the keys did. The flow is
    // the fixed copy of the menu, which has no key 6.
    scenarioFile('removed-submenu/flow.json', readFileSync(FIXED_FLOW_FILE, 'utf8'));
    const file = scenarioFile('removed-submenu/payments.yaml', `- name: "refunds, in the payments menu"
  call: { to: "+390237921240", at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: "flow.json" }
  steps:
    - press: "-"
    - press: "6"
    - press: "2"
    - hear: "rimborsi"
  expect: { outcome: hangup, dials: [] }
- name: "payment dates, then refunds, when key 3 led to the payments menu"
  call: { to: "+390237921240", at: "2026-11-24T10:00" }
  settings: { IVR_FLOW_FILE: "flow.json" }
  steps:
    - press: "-"
    - press: "3"
    - press: "1"
    - press: "2"
    - hear: "rimborsi"
  expect: { outcome: hangup, dials: [] }
`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    const instead = '      instead:          the call went to the transfer at node "consumer-operator", which the app refused: DEST_CONSUMER_OPERATOR_IT is not set in the scenario\'s settings\n';
    const ifRight = `      if the transfer is right: set DEST_CONSUMER_OPERATOR_IT in the scenario's settings, e.g. settings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }, and expect the dial, e.g. expect: { outcome: dial }\n`;
    expect(run.stdout).toContain(
      `  FAIL  refunds, in the payments menu  (${shown}:1)\n    ${shown}:8: step 4:\n      expected to hear: "rimborsi"\n${instead}` +
        '      if no transfer was meant here: a key may no longer lead where it did (an option removed or moved): the call pressed 6 at "consumer-menu", which does not offer it; ' +
        "check the scenario's keys against the flow's menus\n" +
        ifRight,
    );
    expect(run.stdout).toContain(
      `  FAIL  payment dates, then refunds, when key 3 led to the payments menu  (${shown}:10)\n    ${shown}:18: step 5:\n      expected to hear: "rimborsi"\n${instead}` +
        '      if no transfer was meant here: a key may no longer lead where it did (an option removed or moved): the call pressed 1 at "consumer-complaints", which led back to "consumer-complaints"; ' +
        "check the scenario's keys against the flow's menus\n" +
        ifRight,
    );
    expect(run.stdout).not.toContain('hours may have changed');
    expect(run.stdout).toMatch(/\n0 passed, 2 failed\n$/);
    expect(run.code).toBe(1);
  });
});

/**
 * Key 1 of the shipped consumer line's first node (the welcome's "For English"), as coverage names it: a transition
 * none of these scenarios takes. Coverage is of the shipped flow (as npm test checks it), so the line read from the
 * flow names the nodes as the flow does, whatever an editor renames.
 */
const welcomeKeyOne = (): string => {
  const start = startOf('consumer');
  const welcome = shippedFlow().nodes[start];
  return `${start} -> ${(welcome?.type === 'menu' && welcome.options.find((option) => option.key === '1')?.next) || `no node: ${start} has no key 1`} (key 1)`;
};

describe('ivr test --coverage', () => {
  const welcome = () => promptSaid(startOf('consumer'), 'it')[0]!;

  it('lists what the scenarios leave untaken, says npm test fails on it, and keeps the exit code of the scenarios: 0 when they pass', async () => {
    const file = scenarioFile('coverage/hangs-up.yaml', `- name: "hangs up at the welcome"
  call: { at: "${OPEN}" }
  steps:
    - hear: ${JSON.stringify(welcome())}
    - press: "hangup"
`);
    const run = await runIvr(['test', file, '--coverage']);
    expect(run.stdout).toContain('\n  transitions not taken (');
    expect(run.stdout).toContain(`\n    ${welcomeKeyOne()}\n`);
    expect(run.stdout).toContain(
      "\n  `npm test` fails while the scenarios of test/scenarios/ leave any node or transition untaken; this report\n  only lists them, and ivr test's exit code says whether the scenarios passed.\n",
    );
    expect(run.stdout).not.toContain('scenario failed');
    expect(run.stdout).toMatch(/\n1 passed, 0 failed\n$/);
    expect(run.code).toBe(0);
  });

  it('after a failed scenario: a transition may be untaken because its call stopped at the failing step; exit 1', async () => {
    const file = scenarioFile('coverage/fails.yaml', `- name: "waits for words never said"
  call: { at: "${OPEN}" }
  steps:
    - hear: ${JSON.stringify(welcome())}
    - press: "-"
    - hear: "parole mai dette"
    - press: "1"
`);
    const run = await runIvr(['test', file, '--coverage']);
    expect(run.stdout).toContain(
      '\n  1 scenario failed (above): a call stops at the step that fails, so what it takes after that step is not taken here. Fix the failures first; what is still not taken then needs a scenario.\n',
    );
    expect(run.stdout).toContain(`\n    ${welcomeKeyOne()}\n`);
    expect(run.stdout).toMatch(/\n0 passed, 1 failed\n$/);
    expect(run.code).toBe(1);
  });
});

describe('ivr test: a scenario that pins the route with expect.path', () => {
  // On the fixed copy of the menu, open on a Tuesday morning, so the route written here stays what it is.
  const settings = `{ IVR_FLOW_FILE: ${JSON.stringify(FIXED_FLOW_FILE)}, DEST_CONSUMER_OPERATOR_IT: "+390200000001" }`;
  const operatorRoute = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'];
  const scenario = (name: string, route: string[]) => `- name: "${name}"
  call: { at: "2026-11-24T10:00" }
  settings: ${settings}
  steps: [{ press: "-" }, { press: "2" }]
  expect:
    outcome: dial
    path: [${route.join(', ')}]
`;

  it('the route the call took passes (exit 0); another fails at the line of `path`, with both routes and where they part (exit 1)', async () => {
    const right = scenarioFile('path/right.yaml', scenario('2 reaches an operator', operatorRoute));
    const passed = await runIvr(['test', right]);
    expect(passed.stdout).toContain(`  ok    2 reaches an operator  (${path.relative(process.cwd(), right)}:1)`);
    expect(passed.code).toBe(0);

    // Key 2 once led through the chat's answer: the scenario still says so.
    const wrong = scenarioFile('path/wrong.yaml', scenario('2 reaches an operator through the chat', [...operatorRoute.slice(0, 3), 'consumer-chat', ...operatorRoute.slice(3)]));
    const failed = await runIvr(['test', wrong, '--coverage']);
    const shown = path.relative(process.cwd(), wrong);
    expect(failed.stdout).toContain(
      `  FAIL  2 reaches an operator through the chat  (${shown}:1)\n` +
        `    ${shown}:7: path: the call took another route through the flow\n` +
        '      expected: ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-chat", "consumer-operator-hours", "consumer-operator"]\n' +
        '      entered:  ["consumer-welcome", "consumer-hours", "consumer-menu", "consumer-operator-hours", "consumer-operator"]\n' +
        '      they first part at node 4 (expect.path[3]): expected "consumer-chat", the call entered "consumer-operator-hours" (from "consumer-menu", key 2)\n',
    );
    // Coverage counts the route the call took, not the one written.
    expect(failed.stdout).not.toContain('consumer-menu -> consumer-operator-hours (key 2)');
    expect(failed.stdout).toContain(`\n    ${welcomeKeyOne()}\n`);
    expect(failed.stdout).toMatch(/\n0 passed, 1 failed\n$/);
    expect(failed.code).toBe(1);
  });

  it('a node id the flow does not have: that scenario cannot run, naming the file, the line, the id meant if it was renamed; the others run', async () => {
    const file = scenarioFile('path/misspelt.yaml', `${scenario('misspelt node', ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operatr'])}
${scenario('still runs', operatorRoute)}`);
    const run = await runIvr(['test', file]);
    const shown = path.relative(process.cwd(), file);
    expect(run.stdout).toContain(
      `  FAIL  misspelt node  (${shown}:1)\n` +
        `    cannot run: ${shown}:7: 1 problem\n` +
        `      at expect.path[4]: names node "consumer-operatr", which ${path.relative(process.cwd(), FIXED_FLOW_FILE)} does not have (renamed or removed?)\n` +
        '        fix: if it was renamed: use "consumer-operator" (the closest name); if it was removed: write the route the call takes now (npx ivr call --json shows it: record.path)\n',
    );
    expect(run.stdout).toContain(`  ok    still runs  (${shown}:9)`);
    expect(run.stdout).toMatch(/\n1 passed, 1 failed\n$/);
    expect(run.code).toBe(1);
  });

  describe('a node renamed in the flow (node closed to consumer-closed, every reference with it) under a scenario that names the old id', () => {
    // The fixed menu's evening route on the consumer line; "closed" is in three more ids of that menu.
    const evening = (flow: string) => `- name: "evening"
  call: { at: "2026-11-24T20:05" }
  settings: { IVR_FLOW_FILE: ${JSON.stringify(flow)} }
  steps: [{ press: "-" }]
  expect:
    path: [consumer-welcome, consumer-hours, closed, chat-link-sms]
`;
    it('renamed since the flow file was committed: the fix is its new id, from git, alone', async () => {
      const { file: flow } = committedFile(path.join(dir, 'renamed-checkout'), 'menu.json', readFileSync(FIXED_FLOW_FILE, 'utf8'));
      writeFileSync(flow, fixedMenuWithClosedRenamed());
      const file = scenarioFile('path/renamed-since-head.yaml', evening(flow));
      const run = await runIvr(['test', file]);
      expect(run.stdout).toContain(`      fix: use "consumer-closed" (${path.relative(process.cwd(), flow)} at git HEAD calls it "closed": it was renamed since)\n`);
      expect(run.code).toBe(1);
    });

    it('with no git to ask: the nodes in its place on the route, not every id that holds "closed"', async () => {
      const flow = path.join(dir, 'renamed-closed.json');
      writeFileSync(flow, fixedMenuWithClosedRenamed());
      const file = scenarioFile('path/renamed-in-place.yaml', evening(flow));
      const run = await runIvr(['test', file]);
      expect(run.stdout).toContain(
        '      fix: if it was renamed: use "consumer-closed" or "holiday-closed" (the nodes between "consumer-hours" and "chat-link-sms" on this route, whose ids hold "closed"); if it was removed: write the route the call takes now (npx ivr call --json shows it: record.path)\n',
      );
      expect(run.code).toBe(1);
    });
  });
});
