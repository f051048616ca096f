import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { weeklyHoursSaid } from '../../src/schedule/weeklyHoursSaid';
import { projectDir } from '../support/runIvr';

// The README's summary names the opening hours in prose no command checks: it
// must say what the flow keeps, or a changed flow leaves the front page wrong.

describe("the README's summary", () => {
  it('says the opening hours and time zone the flow keeps, as callers hear them in English', () => {
    const flow = loadFlowFile(DEFAULT_FLOW_FILE);
    const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const said = `- Open ${weeklyHoursSaid(flow.hours.weekly, 'en')} (${flow.hours.timeZone});`;
    // Only the hours line is shown when it differs, not the whole README.
    const start = readme.indexOf('- Open ');
    const line = start < 0 ? '(no line beginning "- Open ")' : readme.slice(start, readme.indexOf(';', start) + 1 || start + 200);
    expect(line, `README.md's summary should begin its hours line with "${said}" (the hours of ${DEFAULT_FLOW_FILE})`).toBe(said);
  });
});
