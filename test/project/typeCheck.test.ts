import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Vitest runs a test file without checking its types, so a test that passes a
// wrong type to the app's own API (a renamed option, a field that became
// optional) would still run, and mislead whoever copies it. The build checks
// src/ and functions/; this checks the tests and the benchmark against them,
// as `npm run typecheck` does.

const root = path.resolve(__dirname, '../..');

describe('types', () => {
  it('the tests, the benchmark and the app they call type-check together', { timeout: 120_000 }, () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'test/tsconfig.json', '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    // tsc prints each error as "file(line,col): error TSnnnn: message".
    expect(run.stdout + run.stderr, 'fix these type errors (npm run typecheck lists them too)').toBe('');
    expect(run.status).toBe(0);
  });
});
