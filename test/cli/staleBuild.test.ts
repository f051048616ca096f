import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDir } from '../support/runIvr';

// `ivr schema` and `ivr holidays` run the last build (dist/). After a change
// to the sources and no build, they would write what the old code gives and
// say "wrote". They refuse instead, until `npm run build`. Tried on a copy of
// the project, whose sources can be changed without touching this one's.

let copy: string;
const run = (...args: string[]) => spawnSync(process.execPath, [path.join(copy, 'dist/src/cli/main.js'), ...args], { cwd: copy, encoding: 'utf8' });

beforeAll(() => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'ivr-stale-build-'));
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'rolldown.config.mjs', 'scripts', 'src', 'functions', 'flows', 'dist']) {
    cpSync(path.join(projectDir, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  // The build's note, as `npm run build` leaves it, for the copy's sources.
  const stamp = spawnSync(process.execPath, ['-e', "import('./scripts/buildIfChanged.mjs').then((m) => require('node:fs').writeFileSync(m.stampFile, m.buildInputs()))"], { cwd: copy, encoding: 'utf8' });
  expect(stamp.status, stamp.stderr).toBe(0);
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('ivr schema and ivr holidays on a build older than the sources', () => {
  it('write as usual while the build is made from the sources as they are', () => {
    const schema = run('schema');
    expect(schema.stderr).toBe('');
    expect(schema.status).toBe(0);
    expect(schema.stdout).toContain('wrote ');
    expect(run('holidays', '--check').status).toBe(0);
  });

  it('refuse, exit 1, writing nothing, once a source changed: "run npm run build first"', () => {
    const schemaFile = path.join(copy, 'flows/flow.schema.json');
    rmSync(schemaFile);
    appendFileSync(path.join(copy, 'src/flow/schema.ts'), '\n// a change the last build does not have\n');
    for (const args of [['schema'], ['holidays'], ['holidays', '--check']]) {
      const result = run(...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`changed since the last build, and \`ivr ${args[0]}\` runs the last build`);
      expect(result.stderr).toContain('run `npm run build` first, then this command again');
    }
    expect(existsSync(schemaFile)).toBe(false);
    // --help still answers: it writes nothing.
    expect(run('schema', '--help').status).toBe(0);
    expect(readFileSync(path.join(copy, 'flows/holidays/IT.json'), 'utf8')).toBe(readFileSync(path.join(projectDir, 'flows/holidays/IT.json'), 'utf8'));
  });
});
