// `ivr lint` on GitHub Actions prints each warning as a `::warning file=…` workflow command too, which GitHub
// shows as an annotation on the flow file's line. GitHub places it by the path relative to the workspace
// (GITHUB_WORKSPACE, the checkout), with `/`: a path relative to whatever folder the step ran lint in names
// no file there, and the annotation lands nowhere in the pull request
// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-a-warning-message).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { runIvr } from '../support/runIvr';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'ivr-lint-annotations-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** The fixed menu in the workspace's flows/, its call-cost message saying the line closes at 18 while `hours` closes it at 17: a warning. */
function flowSayingWrongHours(): { file: string; line: number } {
  const said = 'Siamo aperti dal lunedì al venerdì, dalle 9 alle 18.';
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  flow.nodes['consumer-call-cost'].intro[0].it = said;
  mkdirSync(path.join(workspace, 'flows'), { recursive: true });
  const file = path.join(workspace, 'flows/menu.json');
  const text = JSON.stringify(flow, null, 2);
  writeFileSync(file, text);
  return { file, line: text.split('\n').findIndex((l) => l.includes(said)) + 1 };
}

describe('ivr lint on GitHub Actions', { timeout: 30_000 }, () => {
  it('annotates the warning at the file\'s path in the workspace, whatever folder lint runs in', async () => {
    const { line } = flowSayingWrongHours();
    // A step with `working-directory: flows`, naming the file from there.
    const run = await runIvr(['lint', 'menu.json'], { cwd: path.join(workspace, 'flows'), env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`\n::warning file=flows/menu.json,line=${line},title=ivr lint%3A nodes.consumer-call-cost.intro[0].it::says "dal lunedì al venerdì, dalle 9 alle 18"`);
  });

  it('off Actions, prints no workflow command', async () => {
    flowSayingWrongHours();
    const run = await runIvr(['lint', 'menu.json'], { cwd: path.join(workspace, 'flows'), env: { GITHUB_ACTIONS: '', GITHUB_WORKSPACE: workspace } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warning at nodes.consumer-call-cost.intro[0].it');
    expect(run.stdout).not.toContain('::warning');
  });
});
