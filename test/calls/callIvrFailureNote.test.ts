import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// A test that fails on where a call went shows the values compared ("expected 'hangup' to be 'dial'"), not why.
// When the call logged errors (a refused transfer, whose fix is to give the number in `env`), callIvr writes them
// beside the failure. Run as a developer runs their tests: vitest, on tests that fail on purpose
// (test/fixtures/callivr-failing), its output read as they read it.

function runVitest(config: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectDir, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], {
      cwd: projectDir,
      // Exported in the shell, as the reviewer did: callIvr does not read it.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', DEST_CONSUMER_OPERATOR_IT: '+390200000001' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// Both tests read the one run of the fixtures.
let fixtureRun: ReturnType<typeof runVitest> | undefined;
const runFixtures = () => (fixtureRun ??= runVitest('test/fixtures/callivr-failing/vitest.config.mts'));

describe('callIvr in a test that fails', () => {
  it("writes the call's errors beside the failure, with the setting to give in env and the route; nothing beside a test that passes, or for a call with no error", async () => {
    const { code, output } = await runFixtures();
    expect(code).toBe(1);
    // The failing test's stderr, under its name.
    const notes = output.split(/^stderr \| /m).slice(1);
    expect(notes).toHaveLength(1);
    const [note] = notes as [string];
    expect(note).toMatch(/^test\/fixtures\/callivr-failing\/operator\.spec\.ts > 2 reaches an operator, the number not in env\n/);
    expect(note).toContain(
      "\ncallIvr({ to: '+390237921240', at: '2026-11-24T10:00', press: ['-', '2'] }): the app logged an error during this call (call.errors), which may be why the test failed:\n",
    );
    expect(note).toContain("callIvr reads no app settings from the shell: set it in its env option, e.g. env: { DEST_CONSUMER_OPERATOR_IT: '+390200000001' }.\n");
    expect(note).toContain('\nThe call entered consumer-welcome, consumer-hours, consumer-menu, consumer-operator-hours, consumer-operator, operator-unavailable, chat-link-sms, goodbye; it ended: hung up by the IVR.\n');
    // The test's own failure is as it was: the values it compared.
    expect(output).toContain("AssertionError: expected 'hangup' to be 'dial'");
    expect(output).toMatch(/Tests +4 failed \| 2 passed \(6\)/);
  }, 60_000);

  it("writes nothing beside tests that run side by side, where vitest cannot say which made the call; the errors given as the assertion's message are shown", async () => {
    const { output } = await runFixtures();
    // vitest's one "current test" is the last one started: a note would go beside another test's failure, or its suite's.
    expect(output).not.toMatch(/^stderr \| test\/fixtures\/callivr-failing\/concurrent\.spec\.ts/m);
    expect(output).toMatch(/FAIL +test\/fixtures\/callivr-failing\/concurrent\.spec\.ts > side by side > the refused transfer, unprinted\nAssertionError: expected 'hangup' to be 'dial'/);
    expect(output).toMatch(
      /FAIL +test\/fixtures\/callivr-failing\/concurrent\.spec\.ts > side by side > the refused transfer, its errors in the assertion's message\nAssertionError: CallSid=CA[0-9a-f]+ refused to transfer at node "consumer-operator" .* callIvr reads no app settings from the shell: set it in its env option, e\.g\. env: \{ DEST_CONSUMER_OPERATOR_IT: '\+390200000001' \}\.: expected 'hangup' to be 'dial'/,
    );
  }, 60_000);
});
