import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Git, run in a folder of the project's repository: `ivr diff --git` reads a
// flow and the changed files at a ref, `ivr replay` the flow at HEAD.

/** What git prints to `args`, run in `cwd`; throws (with git's stderr on the error) when git fails. */
export function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** What git said on stderr when it failed (err from git()), or the error's own message. */
export function gitSaid(err: unknown): string {
  // No git at all: node's "spawnSync git ENOENT" names no cause a user knows.
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed, or not on the PATH';
  return (err as { stderr?: Buffer | string }).stderr?.toString().trim() || (err as Error).message;
}

/** The top folder of the git repository holding `dir`, or undefined outside one. */
export function gitTop(dir: string): string | undefined {
  try {
    return path.resolve(git(['rev-parse', '--show-toplevel'], dir).trim());
  } catch {
    return undefined;
  }
}
