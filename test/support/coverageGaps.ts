import { missedByFailures, transitionName, type Coverage } from '../../src/scenarios/coverage';

/**
 * The parts of the flow no scenario reaches, and what to do about it, in words an editor who has just added a
 * node can act on: every node and every transition at once. '' when the scenarios reach it all. `failed`: how
 * many scenarios of the run failed, whose calls stopped short.
 */
export function coverageGaps(coverage: Coverage, flowFile: string, failed = 0): string {
  const nodes = coverage.nodes.filter((n) => n.visits === 0).map((n) => n.id);
  const transitions = coverage.transitions.filter((t) => t.taken === 0).map(transitionName);
  if (nodes.length === 0 && transitions.length === 0) return '';
  return [
    `No scenario in test/scenarios/ reaches every part of ${flowFile}:`,
    ...(nodes.length > 0 ? [`  nodes no call visits: ${nodes.join(', ')}`] : []),
    ...(transitions.length > 0 ? ['  transitions no call takes (from -> to (by)):', ...transitions.map((t) => `    ${t}`)] : []),
    ...(failed > 0 ? [missedByFailures(failed)] : []),
    'Add a scenario that calls through them: a call, what the caller presses and hears, and how it ends, in a',
    'file under test/scenarios/ (the format: docs/testing.md, "Scenario files"). Then `npx ivr test --coverage`',
    'runs the scenarios and lists what is still not covered.',
  ].join('\n');
}
