import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario, type ScenarioResult } from '../src/scenarios/runScenario';
import { computeCoverage } from '../src/scenarios/coverage';
import { coverageGaps } from './support/coverageGaps';
import { fixedFlow } from './support/fixedMenu';

// Coverage itself, on a fixed set of scenarios run on the fixed copy of the menu (test/fixtures/coverage-scenarios):
// what `npm test` says of the scenarios of test/scenarios/ that leave part of the flow untaken. The shipped
// scenarios are not used here, so a scenario an editor adds there, or a node added to the shipped flow, cannot
// change what these tests see.

const file = path.join(__dirname, 'fixtures', 'coverage-scenarios', 'operator.yaml');
let byKey: ScenarioResult;
let byFailedTries: ScenarioResult;
let failedBeforeTheThirdTry: ScenarioResult;

beforeAll(async () => {
  const [key, tries, failing] = loadScenarioFile(file);
  [byKey, byFailedTries, failedBeforeTheThirdTry] = await Promise.all([runScenario(key!, { env: {} }), runScenario(tries!, { env: {} }), runScenario(failing!, { env: {} })]);
});

const untaken = (results: ScenarioResult[]) => computeCoverage(fixedFlow(), results.map((r) => r.trace)).transitions.filter((t) => t.taken === 0);

describe('coverage of the flow by scenarios', () => {
  it('runs on scenarios that pass, and one that fails where it is written to', () => {
    expect([byKey.passed, byFailedTries.passed, failedBeforeTheThirdTry.passed]).toEqual([true, true, false]);
  });

  it("two branches between the same nodes are two transitions: key 2 does not take the menu's own way to an operator, three failed tries", () => {
    const exhausted = { from: 'consumer-menu', to: 'consumer-operator-hours', via: 'exhausted', taken: 0 };
    const key2 = { from: 'consumer-menu', to: 'consumer-operator-hours', via: 'key 2', taken: 0 };
    expect(untaken([byKey])).toContainEqual(exhausted);
    expect(untaken([byKey])).not.toContainEqual(key2);
    expect(untaken([byFailedTries])).toContainEqual(key2);
    expect(untaken([byFailedTries])).not.toContainEqual(exhausted);
    expect(untaken([byKey, byFailedTries])).not.toContainEqual(expect.objectContaining({ from: 'consumer-menu', to: 'consumer-operator-hours' }));
  });

  it('a node an editor adds and no scenario reaches: the failure names it and its transitions, and says what to do', () => {
    const flow = structuredClone(fixedFlow()); // a copy: the fixed flow is loaded once for the file
    const menu = flow.nodes['consumer-menu'];
    if (menu?.type !== 'menu') return expect.fail('the fixed menu has no consumer-menu');
    menu.options.push({ key: '6', next: 'consumer-payments' });
    flow.nodes['consumer-payments'] = { type: 'say', prompt: [{ it: 'Per i pagamenti, usa l\'app Klarna.', en: 'For payments, use the Klarna app.' }], next: 'chat-link-sms' };
    const message = coverageGaps(computeCoverage(flow, [byKey, byFailedTries].map((r) => r.trace)), 'flows/klarna-italia.json');
    expect(message).toMatch(/^No scenario in test\/scenarios\/ reaches every part of flows\/klarna-italia\.json:$/m);
    expect(message).toMatch(/^ {2}nodes no call visits: (?:.*, )?consumer-payments(?:,.*)?$/m);
    expect(message).toMatch(/^ {2}transitions no call takes \(from -> to \(by\)\):$/m);
    expect(message).toContain('\n    consumer-menu -> consumer-payments (key 6)\n');
    expect(message).toContain('\n    consumer-payments -> chat-link-sms (next)\n');
    // What the two scenarios take is not listed.
    expect(message).not.toContain('\n    consumer-menu -> consumer-operator-hours (');
    expect(message).toContain(
      [
        'Add a scenario that calls through them: a call, what the caller presses and hears, and how it ends, in a',
        'file under test/scenarios/ (the format: docs/testing.md, "Scenario files"). Then `npx ivr test --coverage`',
        'runs the scenarios and lists what is still not covered.',
      ].join('\n'),
    );
  });

  it('a transition missed because the scenario that takes it failed: the failure says so, and to fix the failing step first', () => {
    const results = [byKey, failedBeforeTheThirdTry];
    const coverage = computeCoverage(fixedFlow(), results.map((r) => r.trace));
    const message = coverageGaps(coverage, 'flows/klarna-italia.json', results.filter((r) => !r.passed).length);
    expect(message).toContain('\n    consumer-menu -> consumer-operator-hours (exhausted)\n');
    expect(message).toContain(
      '\n1 scenario failed (above): a call stops at the step that fails, so what it takes after that step is not taken here. Fix the failures first; what is still not taken then needs a scenario.\n',
    );
    // With no scenario failing, the message does not blame one.
    expect(coverageGaps(coverage, 'flows/klarna-italia.json', 0)).not.toContain('scenario failed');
  });
});
