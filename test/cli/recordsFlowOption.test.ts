// `ivr replay` and `ivr report` read their flow from --flow, else from IVR_FLOW_FILE (or the shipped
// flow): a path that cannot be read is fixed where it came from (src/cli/recordsInput.ts).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';

const records = path.join(projectDir, 'test/report/fixtures/calls.jsonl');
const output = ['--output', path.join(projectDir, 'out/never-written.html')];

describe.each([
  ['replay', []],
  ['report', output],
] as const)('ivr %s with a flow that is not there', (command, extra) => {
  it('given with --flow, says to check the path given to --flow, not to set IVR_FLOW_FILE (exit 2)', async () => {
    const run = await runIvr([command, records, '--flow', 'nosuch.json', ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Invalid flow file ${path.join(projectDir, 'nosuch.json')}`);
    expect(run.stderr).toContain('fix: check the path given to --flow');
    expect(run.stderr).not.toContain('IVR_FLOW_FILE');
  });

  it('a folder given with --flow names the flow files in it, to give to --flow', async () => {
    const run = await runIvr([command, records, '--flow', 'flows', ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fix: name the flow file inside it: ${path.join(projectDir, 'flows', 'klarna-italia.json')}`);
    expect(run.stderr).toContain('(in --flow)');
    expect(run.stderr).not.toContain('IVR_FLOW_FILE');
  });

  it('set in IVR_FLOW_FILE, says to set IVR_FLOW_FILE to an existing flow file (exit 2)', async () => {
    const run = await runIvr([command, records, ...extra], { env: { IVR_FLOW_FILE: 'nosuch.json' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('fix: check the path, or set IVR_FLOW_FILE to an existing flow file');
  });
});
