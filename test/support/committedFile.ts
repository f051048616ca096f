import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * An editor's checkout: a new git repository at `repo` holding `text` as `name` (a path in it), committed. `git`
 * runs git there (a commit after an edit, say) as a test's own user, whatever the machine's git settings.
 */
export function committedFile(repo: string, name: string, text: string): { file: string; git: (...args: string[]) => void } {
  const file = path.join(repo, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const git = (...args: string[]) => void execFileSync('git', ['-c', 'user.name=ivr test', '-c', 'user.email=ivr-test@example.invalid', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '--no-verify', '-m', `${name} as committed`);
  return { file, git };
}
