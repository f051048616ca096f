import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// What .funcignore lets into the deployment package, against files a user
// following the docs leaves in the project folder: the call records of
// `npm start | tee calls.log` (docs/cli.md, ivr replay) and the query results
// exported from Application Insights for `ivr report` are callers' data, and
// .env or .npmrc files hold secrets; none has a place on the function app.
// Two programs read the file, each its own way:
// - `npm run package` (scripts/package.mjs) stages with git's gitignore rules;
// - Core Tools, publishing the staged folder, with its own reader
//   (azure-functions-core-tools, src/Cli/func/Common/GitIgnoreParser.cs,
//   a port of codemix/gitignore-parser, used by FileSystemHelpers.GetLocalFiles):
//   each line is a prefix of the file's path from the folder that must end at
//   a word boundary (its regex ends in \b), `*` stands for one path segment,
//   and a file is published when a `!` line matches it or no other line does.
//   It never publishes .funcignore or local.settings.json.

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'ivr-funcignore-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const funcignore = readFileSync(path.join(root, '.funcignore'), 'utf8');

const LEFT_BESIDE = ['calls.log', 'query_data.csv', 'calls.jsonl', 'notes.txt', '.env', '.env.local', '.npmrc', 'logs/npm-start.log', 'out/week.html'];
const PROJECT = ['README.md', 'docs/cli.md', 'src/app/createApp.ts', 'functions/index.ts', 'test/flow/check.test.ts', 'tsconfig.json', 'vitest.config.mts', 'local.settings.json'];
const RUNS_ON = ['host.json', 'package.json', 'package-lock.json', 'dist/functions/index.js', 'dist/src/app/createApp.js', 'dist/checked-flows/abc.flow', 'flows/klarna-italia.json', 'flows/holidays/IT.json', 'scripts/buildIfChanged.mjs'];
const BUILD_ONLY = ['dist/ivr.bundle.js', 'dist/bench/main.js', 'dist/tsconfig.tsbuildinfo'];

/** The files git's reading of .funcignore lets through, of `files` in a fresh folder. */
function stagedByGit(files: string[]): string[] {
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

/** Core Tools' reading, as its reader is documented above: whether `file` (a path from the folder, with "/") is published. */
function publishedByCoreTools(file: string): boolean {
  if (['.funcignore', '.gitignore', 'local.settings.json', 'project.lock.json'].includes(path.posix.basename(file))) return false;
  const lines = funcignore.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const prefix = (line: string) => {
    const pattern = line.replace(/^!/, '').replace(/^\//, '');
    const source = pattern.replace(/[-[\]/{}()+?.\\^$|]/g, '\\$&').replace(/\*\*/g, '(.+)').replace(/\*/g, '([^\\/]+)');
    return new RegExp(`^(${source})\\b`);
  };
  const matches = (negative: boolean) => lines.filter((line) => line.startsWith('!') === negative).some((line) => prefix(line).test(file));
  return matches(true) || !matches(false);
}

describe('.funcignore', () => {
  it('as npm run package reads it: the files the app runs on go in, the project and what users keep beside it stay out', () => {
    expect(stagedByGit([...LEFT_BESIDE, ...PROJECT, ...RUNS_ON, ...BUILD_ONLY])).toEqual(['.funcignore', ...RUNS_ON].sort());
  });

  it('as Core Tools reads it, publishing the staged folder: everything staged goes, node_modules included', () => {
    // Scoped packages too: "node_modules/" then "@" is no word boundary, so a `!/node_modules/` line would keep them out.
    const staged = [...RUNS_ON, 'node_modules/luxon/package.json', 'node_modules/@azure/functions/dist/azure-functions.js', 'node_modules/@dagrejs/dagre/package.json', 'dist/.build-inputs'];
    expect(staged.filter((file) => !publishedByCoreTools(file))).toEqual([]);
    // The staged folder's own local.settings.json (the worker runtime, for Core Tools) is never published.
    expect(publishedByCoreTools('local.settings.json')).toBe(false);
  });

  it('as Core Tools reads it, publishing the project folder by mistake: nothing users keep beside the project goes', () => {
    expect([...LEFT_BESIDE, ...PROJECT].filter(publishedByCoreTools)).toEqual([]);
  });
});
