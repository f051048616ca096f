import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

// What .funcignore lets into the deployment package, read as gitignore
// patterns, as Core Tools and `npm run package` (scripts/package.mjs) read it,
// against files a user following the docs leaves in the project folder: the
// call records of `npm start | tee calls.log` (docs/cli.md, ivr replay) are
// callers' data and have no place on the function app.

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-funcignore-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function packaged(files: string[]): string[] {
  const dir = path.join(scratch, 'project');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }
  copyFileSync(path.join(root, '.funcignore'), path.join(dir, '.funcignore'));
  execFileSync('git', ['init', '--quiet', path.join(scratch, 'repo')]);
  const listed = execFileSync('git', ['--git-dir', path.join(scratch, 'repo', '.git'), '--work-tree', dir, 'ls-files', '--others', `--exclude-from=${path.join(dir, '.funcignore')}`], { encoding: 'utf8' });
  return listed.split('\n').filter(Boolean).sort();
}

it('keeps call logs and .env files (secrets kept beside the project) out of the package, and the flows, host.json and the build in', () => {
  expect(packaged(['calls.log', '.env', '.env.local', 'host.json', 'package.json', 'flows/klarna-italia.json', 'dist/functions/index.js', 'logs/npm-start.log'])).toEqual([
    '.funcignore',
    'dist/functions/index.js',
    'flows/klarna-italia.json',
    'host.json',
    'package.json',
  ]);
});
