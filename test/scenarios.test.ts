import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFlowFile } from '../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../src/config/settings';
import { loadScenarioFile, scenarioFilesIn, type Scenario } from '../src/scenarios/scenarioFile';
import { runScenario, type ScenarioResult } from '../src/scenarios/runScenario';
import { cannotRun, failureReport } from '../src/scenarios/failureReport';
import { flowRefusal } from '../src/scenarios/flowChecks';
import { computeCoverage } from '../src/scenarios/coverage';
import { flowsThatDoNotLoad, scenarioFlowFiles } from '../src/scenarios/scenarioFlows';
import { coverageGaps } from './support/coverageGaps';
import { runIvr } from './support/runIvr';
import { openInstant, promptSaid, startOf } from './support/shippedFlow';

// The scenario suite in test/scenarios pins every branch of both lines; it runs
// here with no app settings from the shell, so results never depend on the machine.

const folder = path.join(__dirname, 'scenarios');
const scenarios = scenarioFilesIn(folder).flatMap(loadScenarioFile);
const results: Pick<ScenarioResult, 'passed' | 'trace'>[] = [];
// As `npx ivr test`, a flow that does not load is told once, not as each scenario's failure (scenarioFlows.ts).
const flowErrors = flowsThatDoNotLoad(scenarioFlowFiles(scenarios));

/** The scenario run; as `npx ivr test`, one the flow refuses (a node of expect.path renamed or removed) fails alone, with all its problems. */
async function runOrRefuse(scenario: Scenario): Promise<Pick<ScenarioResult, 'passed' | 'failures' | 'failureLines' | 'trace'>> {
  const refusal = flowRefusal(scenario);
  return refusal === undefined ? runScenario(scenario, { env: {} }) : cannotRun(refusal);
}

/**
 * Fails a scenario that did not pass with what `npx ivr test` prints for it, in full: the FAIL line at the
 * scenario's path:line, each failure at its step's. (A joined string compared with '' showed only its head.)
 */
function expectPassed(scenario: Scenario, result: Pick<ScenarioResult, 'passed' | 'failures' | 'failureLines'>): void {
  if (!result.passed) expect.fail(failureReport(scenario, result).join('\n'));
}

describe('scenario suite (test/scenarios)', () => {
  it('runs on flows that load (else no scenario runs: fix the flow as said, then check with npx ivr lint)', () => {
    if (flowErrors.length > 0) expect.fail(flowErrors.map((error) => error.message).join('\n\n'));
  });

  (flowErrors.length > 0 ? it.skip : it).each(scenarios.map((s) => [`${path.relative(folder, s.file)}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    const result = await runOrRefuse(scenario);
    results.push(result);
    expectPassed(scenario, result);
  });

  it.skipIf(flowErrors.length > 0)('exercises every node and every transition of the flow', () => {
    const coverage = computeCoverage(loadFlowFile(DEFAULT_FLOW_FILE), results.map((r) => r.trace));
    const gaps = coverageGaps(coverage, path.relative(process.cwd(), DEFAULT_FLOW_FILE), results.filter((r) => !r.passed).length);
    if (gaps) expect.fail(gaps);
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
    - hear: ${JSON.stringify(promptSaid(startOf('consumer'), 'it')[0])}
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

describe('a scenario naming a node the flow no longer has, under npm test', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-scenario-refused-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails alone with what `npx ivr test` prints for it (cannot run, the node renamed or removed); the scenario beside it runs', async () => {
    const file = path.join(dir, 'removed.yaml');
    writeFileSync(
      file,
      `- name: "through a removed node"
  call: { at: "${openInstant('tue')}" }
  steps: [{ press: "hangup" }]
  expect: { path: [${startOf('consumer')}, consumer-removed] }
- name: "beside it"
  call: { at: "${openInstant('tue')}" }
  steps: [{ press: "hangup" }]
  expect: { path: [${startOf('consumer')}] }
`,
    );
    const [refused, beside] = loadScenarioFile(file);
    const results = [await runOrRefuse(refused!), await runOrRefuse(beside!)];
    expect(results.map((r) => r.passed)).toEqual([false, true]);
    let shown = '';
    try {
      expectPassed(refused!, results[0]!);
    } catch (err) {
      shown = (err as Error).message;
    }
    expect(shown).toContain('cannot run: ');
    expect(shown).toContain('names node "consumer-removed", which flows/klarna-italia.json does not have (renamed or removed?)');
    const run = await runIvr(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${shown}\n`);
    expect(run.stdout).toContain('\n1 passed, 1 failed\n');
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
