import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { dayOffOn } from '../src/schedule/dayOff';
import { openInstant, promptSaid, shippedFlow, startOf } from './support/shippedFlow';
import { FIXED_FLOW_FILE, fixedFlow } from './support/fixedMenu';

const fixture = path.join(__dirname, 'fixtures', 'failing-scenarios.yaml');
// The calls go through the shipped menu and the failures quote its words: they are made while its consumer line is
// open, whatever its hours (a Tuesday of an ordinary week, mid-morning or so), not at a time written here.
const OPEN = openInstant('tue');

describe('the scenario runner', () => {
  it('shows the expected and the heard text side by side when a prompt differs', async () => {
    const [wrongLanguage] = loadScenarioFile(fixture);
    // On the fixed copy of the menu, whose consumer-menu a rename in the shipped one does not move, at the scenario's
    // own instant (a Tuesday at 10:00, when that copy is open).
    const result = await runScenario(wrongLanguage!, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toContain('expected to hear: "To speak with an operator"');
    expect(result.failures[0]).toContain(`heard:            [it-IT] ${promptSaid('consumer-menu', 'it', fixedFlow())[0]}`);
    // The runner hung up once the step failed: how the call ended then is no second finding.
    expect(result.failures).toHaveLength(1);
  });

  it('a hear checked after the call ended on its own fails alone, without the ending as a second finding', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scenario-alone-'));
    const file = path.join(dir, 'after-the-end.yaml');
    // Key 2 puts the caller through: "Arrivederci" is never said, and the call ends in a transfer, not a hang-up.
    writeFileSync(file, ['- name: "goodbye expected after a transfer"', `  call: { to: "+390237921240", at: "${OPEN}" }`, '  settings: { DEST_CONSUMER_OPERATOR_IT: "+390200000001" }', '  steps:', '    - press: "-"', '    - press: "2"', '    - hear: "Arrivederci"', '  expect: { outcome: hangup }', ''].join('\n'));
    const [scenario] = loadScenarioFile(file);
    const result = await runScenario(scenario!, { env: {} });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^step 3:\s+expected to hear: "Arrivederci"/);
  });

  it('reports a call that ends before its steps and an outcome that differs', async () => {
    const [, holiday] = loadScenarioFile(fixture);
    const result = await runScenario(holiday!, { env: {} });
    const christmas = dayOffOn(shippedFlow().hours, '2026-12-25', shippedFlow().defaultLanguage)?.name;
    // The step in the file's own words, and how the call ended in the transcript's.
    expect(result.failures).toContain('step 4: the call ended (hung up by the IVR) before this step: press: "7"');
    // The ending with why: the route, and the hours check that found the line closed (Christmas Day).
    const ending = result.failures.find((f) => f.startsWith('outcome: '));
    expect(ending?.split('\n').map((line) => line.trim())).toEqual([
      'outcome: expected dial, got hangup',
      expect.stringMatching(new RegExp(`^the call's route: \\["${startOf('consumer')}", "consumer-hours", "[^"]+"`)),
      // The holiday named as the caller hears it, and where it comes from: the calendar, not the weekly hours. The check
      // named is the last on the way (the shipped flow checks again after the SMS offer), so its node is left open here.
      expect.stringMatching(new RegExp(`^the hours check at node "[^"]+" found the line closed for the holiday "${christmas}" at 10:00:\\d\\d, \\d+ s into the call \\(begun at 2026-12-25T10:00, its call\\.at\\)$`)),
      `if the line was meant to be open then: 2026-12-25 is "${christmas}", a holiday of the calendar the flow's hours.holidays names (IT, public); move the scenario's call.at to a day the line is open`,
    ]);
    expect(result.failures).toContain('connected to: expected +390237921240, got (not connected)');
  });

  it('runs ivr-tester files and fails a similarTo prompt that is not similar enough', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-'));
    const file = path.join(dir, 'ivr-tester.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'similarTo a different menu',
        steps: [
          { whenPrompt: { type: 'isAnything' }, then: { type: 'press', value: '1' }, silenceAfterPrompt: 1000, timeout: 30000 },
          { whenPrompt: { type: 'similarTo', value: 'Press 1 for sales and 2 for support' }, then: { type: 'hangUp' }, silenceAfterPrompt: 1000, timeout: 30000 },
        ],
      }),
    );
    const [scenario] = loadScenarioFile(file);
    // On the fixed copy of the menu, at an hour it is open: what the caller hears within the step's timeout depends
    // on how long its prompts are, which an editor's change of the shipped menu must not move.
    const result = await runScenario(scenario!, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE }, defaultAt: '2026-11-24T10:00' });
    expect(result.passed).toBe(false);
    // ivr-tester keeps listening while the menu repeats, until the step's timeout.
    expect(result.failures[0]).toMatch(/^step 2: timed out after 30000 ms \(timeout\) waiting for a prompt with a part similar to "Press 1 for sales and 2 for support" \(0\.8\)\n/);
    // What the caller heard since the last match: the English welcome, then the English menu.
    expect(result.failures[0]).toContain(
      '\n      heard: Welcome to Klarna Italia customer service. To learn how to use the chat, press 1. To speak with an operator, press 2. To make a complaint, press 3.',
    );
  });

  it('refuses a scenario with an unknown step, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - pres: "1"\n');
    expect(() => loadScenarioFile(file)).toThrow(/bad\.yaml/);
  });
});
