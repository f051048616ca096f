import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyOfBuiltApp, runIvrInCopy } from '../support/appCopy';

// An editor copies the flow to flows/draft.json to try something, and leaves
// it broken. The build checks every flow file in flows/, so `npm start` stops
// on the draft; `npx ivr lint`, the documented check, must find it too, and
// say why a file the app does not serve matters. Run in a copy of the built
// app, so the project's flows/ is never touched.

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ivr-flows-folder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let app: string;
let good: string;

/** `ivr ARGS` run from the copy's own build, in the copy, with `env`. */
const ivr = (args: string[], env: Record<string, string> = {}) => runIvrInCopy(app, args, env);

/** The shipped flow with its first closing time an hour no clock has. */
function brokenFlow(): string {
  return good.replace(/"close": "[^"]*"/, '"close": "25:00"');
}

/** The problem of brokenFlow(), at the line of the shipped flow's first closing time. */
const broken = () =>
  '1 problem\n' +
  `  at hours.weekly.mon[0].close, line ${good.split('\n').findIndex((line) => line.includes('"close"')) + 1}: must be a 24-hour time "HH:MM" (found "25:00")\n` +
  '    fix: write a 24-hour time "HH:MM", e.g. "09:00"\n';

beforeAll(() => {
  app = copyOfBuiltApp(scratch, { cache: true });
  good = readFileSync(path.join(app, 'flows/klarna-italia.json'), 'utf8');
});

afterEach(() => {
  rmSync(path.join(app, 'flows/draft.json'), { force: true });
  rmSync(path.join(app, 'myflows'), { recursive: true, force: true });
  writeFileSync(path.join(app, 'flows/klarna-italia.json'), good);
});

describe('npx ivr lint without a file checks what npm start checks', () => {
  it('a broken draft in flows/: its error, then that it is not the served flow but stops the build, and the fix; the served flow OK; exit 1', async () => {
    writeFileSync(path.join(app, 'flows/draft.json'), brokenFlow());
    const lint = await ivr(['lint']);
    expect(lint.stdout).toBe('OK flows/klarna-italia.json\n');
    expect(lint.stderr).toBe(
      `Invalid flow file flows/draft.json: ${broken()}` +
        '  flows/draft.json is not the flow the app serves (that is flows/klarna-italia.json), but every flow file in flows/ is checked at build, as npm run package deploys them all: fix it, or move it out of flows/\n',
    );
    expect(lint.code).toBe(1);
    // Named alone, the served flow still passes: the file named is the file checked.
    const served = await ivr(['lint', 'flows/klarna-italia.json']);
    expect(served.stdout).toBe('OK flows/klarna-italia.json\n');
    expect(served.code).toBe(0);
  });

  it('every flow in flows/ that passes gets its OK line', async () => {
    writeFileSync(path.join(app, 'flows/draft.json'), good);
    const lint = await ivr(['lint']);
    expect(lint.stdout).toBe('OK flows/klarna-italia.json\nOK flows/draft.json\n');
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
  });

  it('IVR_FLOW_FILE outside flows/: OK, with a one-line note that a deployment would not have it; the flows in flows/ too', async () => {
    mkdirSync(path.join(app, 'myflows'));
    writeFileSync(path.join(app, 'myflows/new.json'), good);
    const lint = await ivr(['lint'], { IVR_FLOW_FILE: 'myflows/new.json' });
    expect(lint.stdout).toBe(
      'OK myflows/new.json\n' +
        '  note: myflows/new.json is outside flows/, the only folder of flows npm run package deploys: move it into flows/ and set IVR_FLOW_FILE=flows/new.json before deploying it\n' +
        'OK flows/klarna-italia.json\n',
    );
    expect(lint.code).toBe(0);
  });
});

describe('ivr test --at with the flow broken', () => {
  it('says the flow error once, and that nothing ran; exit 1, not a usage error', async () => {
    writeFileSync(path.join(app, 'flows/klarna-italia.json'), brokenFlow());
    const scenario = path.join(app, 'one.yaml');
    writeFileSync(scenario, 'name: "welcome"\nsteps: [{ press: "-" }]\n');
    const run = await ivr(['test', '--at', '2026-11-24T10:00', 'one.yaml']);
    expect(run.stderr).toBe(`Invalid flow file flows/klarna-italia.json: ${broken()}\nthe flow does not load, so no scenario was run: fix it as said, then check with npx ivr lint flows/klarna-italia.json\n`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
  });
});
