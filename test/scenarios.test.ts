import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadFlowFile } from '../src/flow/load';
import { DEFAULT_FLOW_FILE } from '../src/config/settings';
import { loadScenarioFile, scenarioFilesIn } from '../src/scenarios/scenarioFile';
import { runScenario, type ScenarioResult } from '../src/scenarios/runScenario';
import { computeCoverage } from '../src/scenarios/coverage';

// The scenario suite in test/scenarios pins every branch of both lines; it runs
// here with no app settings from the shell, so results never depend on the machine.

const folder = path.join(__dirname, 'scenarios');
const scenarios = scenarioFilesIn(folder).flatMap(loadScenarioFile);
const results: ScenarioResult[] = [];

describe('scenario suite (test/scenarios)', () => {
  it.each(scenarios.map((s) => [`${path.relative(folder, s.file)}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    const result = await runScenario(scenario, { env: {} });
    results.push(result);
    expect(result.failures.join('\n')).toBe('');
  });

  it('exercises every node and every transition of the flow', () => {
    const coverage = computeCoverage(loadFlowFile(DEFAULT_FLOW_FILE), results.map((r) => r.trace));
    expect(coverage.nodes.filter((n) => n.visits === 0)).toEqual([]);
    expect(coverage.transitions.filter((t) => t.taken === 0)).toEqual([]);
  });
});
