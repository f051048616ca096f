import path from 'node:path';
import type { FlowProblem } from '../flow/problem';

// On GitHub Actions, a warning of `ivr lint` is also printed as a workflow
// command, so GitHub shows it as an annotation at its line of the flow file,
// on the run's page and in the pull request's changed files, where a reviewer
// sees it; in the log of a passing step alone no one would
// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-a-warning-message).

/** Whether this runs as a step of a GitHub Actions job (GitHub sets GITHUB_ACTIONS=true there). */
export function onGitHubActions(): boolean {
  return process.env.GITHUB_ACTIONS === 'true';
}

/** `::warning file=F,line=L,title=T::MESSAGE` for each warning of `file`, at its line (problemLines.ts; the first line when it has none). */
export function warningCommands(file: string, warnings: readonly FlowProblem[]): string[] {
  return warnings.map((w) => `::warning file=${property(inWorkspace(file))},line=${w.line ?? 1},title=${property(`ivr lint: ${w.path}`)}::${data(`${w.message}\nfix: ${w.fix}`)}`);
}

/**
 * `file` as GitHub finds it in the checkout: relative to the workspace (GITHUB_WORKSPACE, where the job's
 * repository is checked out), with `/`, whatever folder lint ran in; relative to this folder off Actions.
 */
function inWorkspace(file: string): string {
  const from = process.env.GITHUB_WORKSPACE || process.cwd();
  return path.relative(from, path.resolve(file)).split(path.sep).join('/');
}

// The escapes of GitHub's own toolkit (@actions/core, command.ts): a line break or a % in the text would end
// or garble the command, and a , or : in a property would start another.
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
