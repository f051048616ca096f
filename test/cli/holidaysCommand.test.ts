import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfBuiltApp, runIvrInCopy } from '../support/appCopy';
import { expectExit, projectDir, runIvr } from '../support/runIvr';
import { shippedFlow, shippedLanguages } from '../support/shippedFlow';

// `ivr holidays` as a maintainer runs it: a country or language date-holidays
// does not have is refused (not written as an empty table, or as names in the
// wrong language), the case of codes does not matter, --check's advice is the
// command that writes what it compared, and the defaults follow IVR_FLOW_FILE.
// Only --check and refusals are run here: nothing in flows/ is written.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivr-holidays-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ivr holidays', () => {
  it('refuses a country date-holidays does not know, naming the closest code, exit 2, writing nothing', async () => {
    const run = await runIvr(['holidays', '--country', 'ITA']);
    expectExit(run, 2);
    expect(run.stderr).toContain('--country "ITA" is not a country date-holidays knows; give its ISO 3166 code, e.g. IT (Italia)');
    const unknown = await runIvr(['holidays', '--country', 'XX']);
    expectExit(unknown, 2);
    expect(unknown.stdout).toBe('');
    expect(existsSync(path.join(projectDir, 'flows/holidays/XX.json'))).toBe(false);
  });

  it('refuses a language it has no names in for the country (it would answer in French under that label), exit 2', async () => {
    const run = await runIvr(['holidays', '--country', 'fr', '--languages', 'xx']);
    expectExit(run, 2);
    expect(run.stderr).toContain('--languages: date-holidays has no holiday names in "xx" for FR; it has fr, en');
    expect(existsSync(path.join(projectDir, 'flows/holidays/FR.json'))).toBe(false);
  });

  it('reads country and language codes in any case: --country it --languages IT,EN is our table', async () => {
    // Our table is the shipped flow's country in its languages (it, en, and any an editor adds), given in the other case.
    const country = shippedFlow().hours.holidays?.country as string;
    const run = await runIvr(['holidays', '--check', '--country', country.toLowerCase(), '--languages', shippedLanguages().join(',').toUpperCase()]);
    expect(run.stderr).toBe('');
    expectExit(run, 0);
    expect(run.stdout.trim()).toBe(`OK ${path.join(projectDir, `flows/holidays/${country.toUpperCase()}.json`)}`);
  });

  it('--check with other years advises the command with those years, not the default one', async () => {
    const run = await runIvr(['holidays', '--check', '--from', '2020', '--to', '2030']);
    expectExit(run, 1);
    expect(run.stderr).toContain('differs from what date-holidays gives: run `npx ivr holidays --from 2020 --to 2030` and commit the file');
  });

  it('takes its default country and languages from the flow IVR_FLOW_FILE names, and spells them out in its advice', async () => {
    const flow = JSON.parse(readFileSync(path.join(projectDir, 'flows/klarna-italia.json'), 'utf8'));
    flow.hours.holidays.country = 'FR';
    const file = path.join(tmp, 'french-holidays.json');
    writeFileSync(file, JSON.stringify(flow));
    const run = await runIvr(['holidays', '--check'], { env: { IVR_FLOW_FILE: file } });
    expectExit(run, 1);
    expect(run.stderr).toContain(`${path.join(projectDir, 'flows/holidays/FR.json')} differs from what date-holidays gives: run \`npx ivr holidays --country FR --languages ${shippedLanguages().join(',')}\``);
  });

  it('--check passes a table saved with CRLF line ends (an editor on Windows) and otherwise as written: it is the same table, and git would have nothing to commit', async () => {
    // In a copy of the app: nothing in the project's flows/ is written.
    const app = copyOfBuiltApp(tmp, { cache: true });
    const table = path.join(app, 'flows/holidays/IT.json');
    writeFileSync(table, readFileSync(table, 'utf8').replaceAll('\n', '\r\n'));
    const run = await runIvrInCopy(app, ['holidays', '--check']);
    expect(run.stderr).toBe('');
    expectExit(run, 0);
    expect(run.stdout.trim()).toBe(`OK ${table}`);
  });
});
