import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';

// A scenario's `call.to` names the line it tests: a typo that the app would
// answer as its default line is refused, not run.

describe('a scenario calling a number of no line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-scenario-numbers-'));
  const file = path.join(dir, 'holiday.yaml');
  // The consumer line names the holiday too, so this typo for the merchant line would pass.
  writeFileSync(file, `
- name: "merchant line on a holiday"
  call: { to: "+390237921205", at: "2026-12-25T10:00" }
  steps: [{ hear: "Natale" }]
`);

  it('is refused in-process, with the lines and how to map a test number', async () => {
    const [scenario] = loadScenarioFile(file);
    await expect(runScenario(scenario!, { env: {} })).rejects.toThrow(
      'call.to "+390237921205" is the number of no line of the flow (its lines: consumer +390237921240, merchant +390237921250), so the app would answer it as its default line, consumer; call a line\'s number, or map this one to a line (a Twilio test number, say) with settings: { IVR_LINE_NUMBERS: "+390237921205=consumer" }',
    );
  });
});
