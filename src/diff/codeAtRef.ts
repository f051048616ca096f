import { git } from '../config/git';

// `ivr diff --git REF` takes only the flow file from REF: both sides are
// played by this checkout's code, and both read this checkout's holiday table
// (flows/holidays/, read through a cache the whole process shares, so the
// table at REF cannot be swapped in for one side as the flow is). A change of
// the code or of the table that callers hear (a holiday dropped, a prompt the
// code builds) is then the same on both sides, and the diff alone would say
// "No change". These are the paths whose differences the report names, so the
// reviewer knows what it did not compare and how to check it.

/** What plays a flow besides the flow file: the app's code, the holiday table, the dependencies. */
const PLAYED_BY = ['src', 'functions', 'flows/holidays', 'package-lock.json'] as const;

/**
 * The files under PLAYED_BY, in the project at `root`, that differ between `ref`
 * and the working tree (as `git diff REF -- PATHS` lists them, and the new
 * files git does not ignore yet, which a local edit may have added), relative
 * to `root`; [] when none do. Git runs in `root`, so `src` is the project's
 * src/ also when the project sits in a subfolder of its repository; -z gives
 * each name as it is (a name outside ASCII is otherwise quoted, "citt\303\240.ts").
 */
export function playedByChangedSince(ref: string, root: string): string[] {
  const changed = git(['diff', '-z', '--relative', '--name-only', ref, '--', ...PLAYED_BY], root);
  const added = git(['ls-files', '-z', '--others', '--exclude-standard', '--', ...PLAYED_BY], root);
  return [...new Set(`${changed}\0${added}`.split('\0').filter(Boolean))].sort();
}
