import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFlowFile } from '../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../src/config/settings';
import { loadScenarioFile, scenarioFilesIn, type Scenario } from '../src/scenarios/scenarioFile';
import { runScenario, type ScenarioResult } from '../src/scenarios/runScenario';
import { failureReport } from '../src/scenarios/failureReport';
import { computeCoverage } from '../src/scenarios/coverage';
import { coverageGaps } from './support/coverageGaps';
import { runIvr } from './support/runIvr';
import { openInstant, promptSaid } from './support/shippedFlow';

// The scenario suite in test/scenarios pins every branch of both lines; it runs
// here with no app settings from the shell, so results never depend on the machine.

const folder = path.join(__dirname, 'scenarios');
const scenarios = scenarioFilesIn(folder).flatMap(loadScenarioFile);
const results: ScenarioResult[] = [];

/**
 * Fails a scenario that did not pass with what `npx ivr test` prints for it, in full: the FAIL line at the
 * scenario's path:line, each failure at its step's. (A joined string compared with '' showed only its head.)
 */
function expectPassed(scenario: Scenario, result: ScenarioResult): void {
  if (!result.passed) expect.fail(failureReport(scenario, result).join('\n'));
}

describe('scenario suite (test/scenarios)', () => {
  it.each(scenarios.map((s) => [`${path.relative(folder, s.file)}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    const result = await runScenario(scenario, { env: {} });
    results.push(result);
    expectPassed(scenario, result);
  });

  it('exercises every node and every transition of the flow', () => {
    const coverage = computeCoverage(loadFlowFile(DEFAULT_FLOW_FILE), results.map((r) => r.trace));
    const gaps = coverageGaps(coverage, path.relative(process.cwd(), DEFAULT_FLOW_FILE), results.filter((r) => !r.passed).length);
    if (gaps) expect.fail(gaps);
  });

  it('two branches between the same nodes are two transitions: without the scenario of three failed tries, the menu\'s way to an operator on its own is missing', () => {
    const withoutIt = results.filter((r) => !r.scenario.name.includes('three failed attempts'));
    expect(withoutIt.length).toBe(results.length - 1);
    const missed = computeCoverage(loadFlowFile(DEFAULT_FLOW_FILE), withoutIt.map((r) => r.trace)).transitions.filter((t) => t.taken === 0);
    // Key 2 still reaches consumer-operator-hours; the tries running out is its own branch.
    expect(missed).toContainEqual({ from: 'consumer-menu', to: 'consumer-operator-hours', via: 'exhausted', taken: 0 });
  });

  it('a node an editor adds and no scenario reaches: the failure names it and its transitions, and says what to do', () => {
    const flow = structuredClone(loadFlowFile(DEFAULT_FLOW_FILE)); // a copy: loading may hand every caller the same object
    const menu = flow.nodes['consumer-menu'];
    if (menu?.type !== 'menu') return expect.fail('the shipped flow has no consumer-menu');
    menu.options.push({ key: '6', next: 'consumer-payments' });
    flow.nodes['consumer-payments'] = { type: 'say', prompt: [{ it: 'Per i pagamenti, usa l\'app Klarna.', en: 'For payments, use the Klarna app.' }], next: 'chat-link-sms' };
    const message = coverageGaps(computeCoverage(flow, results.map((r) => r.trace)), 'flows/klarna-italia.json');
    // Only what concerns the added node: any other gap an editor's change leaves is listed beside it, and is not this test's.
    expect(message).toMatch(/^No scenario in test\/scenarios\/ reaches every part of flows\/klarna-italia\.json:$/m);
    expect(message).toMatch(/^ {2}nodes no call visits: (?:.*, )?consumer-payments(?:,.*)?$/m);
    expect(message).toMatch(/^ {2}transitions no call takes \(from -> to \(by\)\):$/m);
    expect(message).toContain('\n    consumer-menu -> consumer-payments (key 6)\n');
    expect(message).toContain('\n    consumer-payments -> chat-link-sms (next)\n');
    expect(message).toContain(
      [
        'Add a scenario that calls through them: a call, what the caller presses and hears, and how it ends, in a',
        'file under test/scenarios/ (the format: docs/testing.md, "Scenario files"). Then `npx ivr test --coverage`',
        'runs the scenarios and lists what is still not covered.',
      ].join('\n'),
    );
  });

  it('a transition missed because the scenario that takes it failed: the failure says so, and to fix the failing step first', () => {
    const flow = loadFlowFile(DEFAULT_FLOW_FILE);
    const passing = results.filter((r) => r.passed);
    // Leaving out the scenario of three failed tries is a scenario that stopped before taking its transition.
    const withoutOne = passing.filter((r) => !r.scenario.name.includes('three failed attempts'));
    const message = coverageGaps(computeCoverage(flow, withoutOne.map((r) => r.trace)), 'flows/klarna-italia.json', 1);
    expect(message).toContain('\n    consumer-menu -> consumer-operator-hours (exhausted)\n');
    expect(message).toContain(
      '\n1 scenario failed (above): a call stops at the step that fails, so what it takes after that step is not taken here. Fix the failures first; what is still not taken then needs a scenario.\n',
    );
    // With no scenario failing, the message does not blame one.
    expect(coverageGaps(computeCoverage(flow, withoutOne.map((r) => r.trace)), 'flows/klarna-italia.json', 0)).not.toContain('failed');
  });
});

describe('a scenario that fails under npm test', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-scenario-fails-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails with what `npx ivr test` prints for it: the FAIL line at the scenario's path:line, the step at its own", async () => {
    const file = path.join(dir, 'refund.yaml');
    writeFileSync(
      file,
      `# an editor's scenario whose fourth step waits for words the menu does not say
- name: "consumer, a refund"
  call: { at: "${openInstant('tue')}" }
  steps:
    - hear: ${JSON.stringify(promptSaid('consumer-welcome', 'it')[0])}
    - press: "-"
    - press: "6"
    - hear: "entro 14 giorni"
`,
    );
    const [scenario] = loadScenarioFile(file);
    const result = await runScenario(scenario!, { env: {} });
    let shown = '';
    try {
      expectPassed(scenario!, result);
    } catch (err) {
      shown = (err as Error).message;
    }
    const shownPath = path.relative(process.cwd(), file);
    expect(shown).toMatch(new RegExp(`^  FAIL  consumer, a refund  \\(${escaped(shownPath)}:2\\)\n    ${escaped(shownPath)}:8: step 4:\n      expected to hear: "entro 14 giorni"\n`));
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${shown}\n`);
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
