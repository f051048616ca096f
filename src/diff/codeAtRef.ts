import { execFileSync } from 'node:child_process';
import path from 'node:path';

// `ivr diff --git REF` takes only the flow file from REF: both sides are
// played by this checkout's code, and both read this checkout's holiday table
// (flows/holidays/, read through a cache the whole process shares, so the
// table at REF cannot be swapped in for one side as the flow is). A change of
// the code or of the table that callers hear (a holiday dropped, a prompt the
// code builds) is then the same on both sides, and the diff alone would say
// "No change". These are the paths whose differences the report names, so the
// reviewer knows what it did not compare and how to check it.

/** What plays a flow besides the flow file: the app's code, the holiday table, the dependencies. */
export const PLAYED_BY = ['src', 'functions', 'flows/holidays', 'package-lock.json'] as const;

/**
 * The files under PLAYED_BY that differ between `ref` and the working tree of
 * the project's repository at `top` (as `git diff REF -- PATHS` lists them,
 * and the new files git does not ignore yet, which a local edit may have
 * added), relative to `top`; [] when none do.
 */
export function playedByChangedSince(ref: string, top: string): string[] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  const changed = git('diff', '--name-only', ref, '--', ...PLAYED_BY);
  const added = git('ls-files', '--others', '--exclude-standard', '--', ...PLAYED_BY);
  return [...new Set(`${changed}\n${added}`.split('\n').filter(Boolean))].sort();
}

/** The top folder of the git repository holding `dir`, or undefined outside one. */
export function gitTop(dir: string): string | undefined {
  try {
    return path.resolve(execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim());
  } catch {
    return undefined;
  }
}
