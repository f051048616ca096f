// Which flow file git can give an earlier version of, for the report's hint
// when callers' keys lead elsewhere in the flow given (wrongKeysFix): a copy
// in out/ (ignored by git) or in a temporary folder has no history, and
// `git log -- out/orig.json` would find nothing. Asked of git only then, once.

import { spawnSync } from 'node:child_process';

/** `flowFile` when git tracks it, else `appFlowFile` (the app's flow, flows/klarna-italia.json) when git tracks that, else undefined. */
export function trackedFlowFile(flowFile: string, appFlowFile: string): string | undefined {
  return [flowFile, appFlowFile].find(tracked);
}

/** Whether git, run where the command is, tracks `file`: not when there is no git, no repository, or it is not in the index. */
function tracked(file: string): boolean {
  const run = spawnSync('git', ['ls-files', '--error-unmatch', '--', file], { stdio: 'ignore', timeout: 10_000 });
  return run.status === 0;
}
