import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Git for Windows clones with core.autocrlf=true, which writes every text file with CRLF
// unless .gitattributes says otherwise: a stranger's first `npx ivr call` then read a CRLF
// flow, .ci/run failed in Git Bash ("$'\r': command not found"), and the fixtures whose
// bytes are asserted moved. .gitattributes pins LF for every clone, and leaves the two
// byte-exact fixtures as committed. https://git-scm.com/docs/gitattributes#_end_of_line_conversion

const root = path.resolve(__dirname, '../..');
const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'buffer' });
const inGitCheckout = git('rev-parse', '--is-inside-work-tree').stdout.toString().trim() === 'true';

const LF_FILES = ['flows/klarna-italia.json', 'README.md', 'docs/cli.md', '.ci/run', 'package.json'];
const BYTE_EXACT = ['test/flow/fixtures/text-latin1.json', 'test/report/fixtures/appinsights-traces-semicolon.csv'];

/** `git check-attr text eol` for `file`, as { text, eol }. */
function attributes(file: string): { text: string; eol: string } {
  const out = git('check-attr', 'text', 'eol', '--', file).stdout.toString();
  const value = (name: string) => new RegExp(`^.*: ${name}: (.*)$`, 'm').exec(out)?.[1];
  return { text: value('text') ?? '', eol: value('eol') ?? '' };
}

// Without a .git (a downloaded zip, an npm pack) there is no clone to convert, and nothing to check.
const title = inGitCheckout
  ? 'line endings in a clone made by Git for Windows (core.autocrlf=true)'
  : 'line endings: skipped, this checkout is not a git repository so no clone converts its line endings';

describe.skipIf(!inGitCheckout)(title, () => {
  it('.gitattributes makes flows, docs and scripts LF and leaves the byte-exact fixtures alone', () => {
    for (const file of LF_FILES) expect(attributes(file), file).toEqual({ text: 'auto', eol: 'lf' });
    for (const file of BYTE_EXACT) expect(attributes(file).text, file).toBe('unset');
  });

  it('a checkout with core.autocrlf=true writes each file exactly as committed: LF stays LF, the CRLF fixture stays CRLF', () => {
    for (const file of [...LF_FILES, ...BYTE_EXACT]) {
      const committed = git('cat-file', 'blob', `HEAD:${file}`);
      // What checkout would write to the working tree: the blob through the same filters.
      const checkedOut = git('-c', 'core.autocrlf=true', 'cat-file', '--filters', `HEAD:${file}`).stdout;
      expect(checkedOut.equals(committed.stdout), `${file} would be changed on checkout`).toBe(true);
    }
  });
});
