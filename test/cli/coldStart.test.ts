import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { projectDir, runIvr } from '../support/runIvr';

// What a cold start loads, seen from the built code as users and Azure run it.
// Once the flow file has been checked, a start must not load zod (its check
// is remembered by the checked-flow cache) nor twilio's TwiML helper (the app
// writes its TwiML itself): each costs a caller of a cold instance silence.
// How long a start takes is for `npm run bench`; this only says what it loads.

const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-cold-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// A flow file of its own, so no other test's run can replace its cache entry in between.
const flowFile = path.join(scratch, 'klarna-italia.json');
copyFileSync(DEFAULT_FLOW_FILE, flowFile);

const HEAVY = /node_modules\/(zod|xmlbuilder|twilio\/lib\/twiml)\//;

/** Runs `code` in a fresh node and answers which heavy modules it had loaded when it exited. */
async function heavyModulesLoadedBy(code: string, env: Record<string, string> = {}): Promise<string[]> {
  const report = `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));`;
  const { code: exitCode, stderr } = await runIvr(['-e', `${report}\n${code}`], { env: { IVR_FLOW_FILE: flowFile, ...env } });
  expect(exitCode, stderr).toBe(0);
  const loaded = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? '[]') as string[];
  return loaded.filter((file) => HEAVY.test(file.replaceAll('\\', '/'))).map((file) => file.replace(/.*node_modules\//, ''));
}

const ivrCall = `process.argv = [process.execPath, 'ivr', 'call', '--json', '--at', '2026-11-24T10:00', '--press', '1', '--press', '3', '--press', '2'];
require(${JSON.stringify(path.join(projectDir, 'dist/src/cli/main.js'))});`;
const functionsEntry = `require(${JSON.stringify(path.join(projectDir, 'dist/functions/index.js'))});`;

describe('a cold start with a flow file already checked', () => {
  it('`ivr call` loads neither zod nor the twilio TwiML helper', async () => {
    await heavyModulesLoadedBy(ivrCall); // checks the flow, if this copy was never checked
    expect(await heavyModulesLoadedBy(ivrCall)).toEqual([]);
  });

  it('the functions entry loads neither zod nor the twilio TwiML helper', async () => {
    const env = { TWILIO_AUTH_TOKEN: 'cold-start-token', AZURE_FUNCTIONS_ENVIRONMENT: 'Production' };
    await heavyModulesLoadedBy(functionsEntry, env);
    expect(await heavyModulesLoadedBy(functionsEntry, env)).toEqual([]);
  });

  it('a flow file never checked is checked in full, with zod', async () => {
    const fresh = path.join(scratch, 'never-checked.json');
    copyFileSync(DEFAULT_FLOW_FILE, fresh);
    expect(await heavyModulesLoadedBy(ivrCall, { IVR_FLOW_FILE: fresh })).toContain('zod/index.cjs');
  });
});
