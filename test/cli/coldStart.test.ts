import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { copyOfBuiltApp } from '../support/appCopy';
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
    // Another text: the build has shipped the check of the flow's own text (see below).
    const fresh = path.join(scratch, 'never-checked.json');
    writeFileSync(fresh, `${readFileSync(DEFAULT_FLOW_FILE, 'utf8')}\n`);
    expect(await heavyModulesLoadedBy(ivrCall, { IVR_FLOW_FILE: fresh })).toContain('zod/index.cjs');
  });
});

/** The built app as Azure runs it: only what the build shipped in dist/ can spare it the flow's check. */
const deployedApp = () => copyOfBuiltApp(scratch, { cache: false });

describe('a cold start of the deployed app, with no node_modules cache', () => {
  const env = { TWILIO_AUTH_TOKEN: 'cold-start-token', AZURE_FUNCTIONS_ENVIRONMENT: 'Production', IVR_FLOW_FILE: '' };
  const entryOf = (app: string) => `require(${JSON.stringify(path.join(app, 'dist/functions/index.js'))});`;

  it('takes the check the build shipped in dist/ and loads no zod', async () => {
    expect(await heavyModulesLoadedBy(entryOf(deployedApp()), env)).toEqual([]);
  });

  it('checks a flow edited after the build in full, with zod', async () => {
    const app = deployedApp();
    const flow = path.join(app, 'flows', 'klarna-italia.json');
    writeFileSync(flow, readFileSync(flow, 'utf8').replace('"name": "Klarna Italia customer service"', '"name": "Klarna Italia"'));
    expect(await heavyModulesLoadedBy(entryOf(app), env)).toContain('zod/index.cjs');
  });

  it('ignores a tampered shipped check and checks the flow in full, with zod', async () => {
    const app = deployedApp();
    const shipped = path.join(app, 'dist', 'checked-flows');
    const [entry] = readdirSync(shipped).map((name) => path.join(shipped, name));
    expect(entry).toBeDefined();
    writeFileSync(entry as string, readFileSync(entry as string, 'utf8').replace('"Klarna Italia customer service"', '"Tampered"'));
    expect(await heavyModulesLoadedBy(entryOf(app), env)).toContain('zod/index.cjs');
  });
});
