import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineHolding } from '../support/lineHolding';
import { textBlock } from '../docs/markdown';

// `npm start` after the usual edit, a saved flow: only the build's last step
// (the flow checks it ships) runs, not tsc and rolldown, which took ~5 s to
// find no TypeScript changed before the host answered. Run in a copy of the
// project (built, with its build stamp), so the project's own files are never
// touched while other tests read them.

const ROOT = path.join(__dirname, '../..');
let copy: string;

/** scripts/buildIfChanged.mjs in the copy, as `npm start` runs it first. */
function buildIfChanged() {
  return spawnSync(process.execPath, [path.join(copy, 'scripts/buildIfChanged.mjs')], { cwd: copy, encoding: 'utf8' });
}

beforeAll(() => {
  // As after `npm install`: the project's build is up to date.
  expect(spawnSync(process.execPath, [path.join(ROOT, 'scripts/buildIfChanged.mjs')], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
  copy = mkdtempSync(path.join(tmpdir(), 'ivr-build-'));
  for (const part of ['scripts', 'src', 'functions', 'flows', 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'rolldown.config.mjs']) {
    cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  // Its dist/ is the project's, built from these very files; copying changed their times, so the stamp is made anew.
  const stamp = spawnSync(process.execPath, ['--input-type=module', '-e', `import { buildInputs } from ${JSON.stringify(path.join(copy, 'scripts/buildIfChanged.mjs'))}; process.stdout.write(buildInputs());`], { encoding: 'utf8' });
  writeFileSync(path.join(copy, 'dist/.build-inputs'), stamp.stdout);
  expect(buildIfChanged().stdout).toBe('');
}, 300_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('the build before npm start, after a flow edit', () => {
  it('checks the flows and ships their checks, and compiles nothing', () => {
    const flow = path.join(copy, 'flows/klarna-italia.json');
    const compiled = statSync(path.join(copy, 'dist/src/flow/load.js')).mtimeMs;
    writeFileSync(flow, readFileSync(flow, 'utf8').replace('A presto', 'Arrivederci').replace('Grazie per aver chiamato Klarna. Arrivederci.', 'Grazie per aver chiamato Klarna. A presto.'));
    const build = buildIfChanged();
    expect(build.status).toBe(0);
    expect(build.stdout).toContain('Flows changed since the last build: checking them.');
    expect(build.stdout).toContain('checked flows: 1 shipped in dist/checked-flows');
    expect(build.stdout).not.toContain('> klarna-italia-ivr@');
    expect(statSync(path.join(copy, 'dist/src/flow/load.js')).mtimeMs).toBe(compiled);
    // Shipped: the next check finds nothing to do.
    expect(buildIfChanged().stdout).toBe('');
  });

  it('a flow that does not load stops it with the flow error, and is checked again next time', () => {
    const flow = path.join(copy, 'flows/klarna-italia.json');
    const good = readFileSync(flow, 'utf8');
    // A brace too many after the flow's object: not JSON, whatever the flow says (its closures, say).
    writeFileSync(flow, `${good.trimEnd()}\n}\n`);
    const broken = buildIfChanged();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/Invalid flow file .*klarna-italia\.json: 1 problem\n {2}at \(file\): is not valid JSON at line \d+, column \d+/);
    writeFileSync(flow, good);
    utimesSync(flow, new Date(), new Date(Date.now() + 1000));
    const fixed = buildIfChanged();
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('Flows changed since the last build: checking them.');
  });

  it('a broken draft beside the flow stops it too, saying it is not the served flow, why it counts, and the fix', () => {
    const draft = path.join(copy, 'flows/draft.json');
    writeFileSync(draft, readFileSync(path.join(copy, 'flows/klarna-italia.json'), 'utf8').replace(/"close": "[^"]*"/, '"close": "25:00"'));
    const broken = buildIfChanged();
    expect(broken.status).toBe(1);
    // docs/troubleshooting.md shows it from a clone in /home/you/klarna-ivr.
    expect(broken.stderr).toContain(`${textBlock('docs/troubleshooting.md', 'Invalid flow file').split('/home/you/klarna-ivr').join(copy)}\n`);
    expect(broken.stderr).toContain(
      `Invalid flow file ${draft}: 1 problem\n` +
        `  at hours.weekly.mon[0].close, line ${lineHolding(draft, '"close": "25:00"')}: must be a 24-hour time "HH:MM" (found "25:00")\n` +
        '    fix: write a 24-hour time "HH:MM", e.g. "09:00"\n' +
        '  flows/draft.json is not the flow the app serves (that is flows/klarna-italia.json), but every flow file in flows/ is checked at build, as npm run package deploys them all: fix it, or move it out of flows/\n',
    );
    rmSync(draft);
    expect(buildIfChanged().status).toBe(0);
  });
});

describe('npm run build, then npm start', () => {
  it('builds once: npm start finds the build a user made up to date and starts at once', () => {
    const flow = path.join(copy, 'flows/klarna-italia.json');
    utimesSync(flow, new Date(), new Date(Date.now() + 2000));
    // As tsc writes a file it makes: not executable.
    chmodSync(path.join(copy, 'dist/src/cli/main.js'), 0o644);
    const build = spawnSync(process.execPath, [path.join(copy, 'scripts/build.mjs')], { cwd: copy, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('checked flows: 1 shipped in dist/checked-flows');
    expect(buildIfChanged().stdout).toBe('');
    // `npx ivr` runs the bin itself, by its #! line: it must be executable, whoever linked it before.
    const ivr = spawnSync(path.join(copy, 'dist/src/cli/main.js'), ['lint'], { cwd: copy, encoding: 'utf8' });
    expect(ivr.error).toBeUndefined();
    expect(ivr.stdout).toContain('OK ');
  }, 120_000);
});
