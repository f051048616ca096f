import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectDir } from '../support/runIvr';

// .github/workflows/menu-review.yml, the review a pull request gets: GitHub
// cannot be reached from here, so its `run:` steps are run as GitHub runs
// them, in a scratch clone of the project standing for the runner's checkout
// of a pull request, with its base branch fetched as origin/<base>. The
// `uses:` steps are played by the test: the clone is the checkout, and the
// Node 22 running the tests is setup-node's. A workflow whose commands no
// longer run, or fail the job on the wrong outcome, fails here.

type Json = Record<string, any>;
interface Step { name?: string; uses?: string; run?: string; env?: Record<string, string>; shell?: string; with?: Json }
interface StepRun { step: Step; code: number | null; stdout: string; stderr: string; summary: string }

const workflowFile = path.join(projectDir, '.github/workflows/menu-review.yml');
const workflow = parse(readFileSync(workflowFile, 'utf8')) as Json;
const jobs = Object.values(workflow.jobs ?? {}) as Json[];
const steps = (jobs[0]?.steps ?? []) as Step[];
const runSteps = steps.filter((step) => step.run !== undefined);

/** Steps the test does not run, each with why and what stands in for it. */
const NOT_RUN: { run: RegExp; reason: string }[] = [
  { run: /^npm ci$/, reason: 'downloads packages: the clone gets the project\'s node_modules' },
  { run: /^npm run build$/, reason: 'takes a while: the clone gets a copy of the project\'s dist/, noted as built from its sources' },
];
const runsHere = (step: Step) => !NOT_RUN.some((n) => n.run.test((step.run ?? '').trim()));
const stepNamed = (command: RegExp) => runSteps.find((step) => command.test(step.run ?? '')) as Step;

/** The base branch of the pull requests played here: not "main", so a workflow that names a branch instead of github.base_ref fails. */
const BASE = 'live';
/** What GitHub puts in the workflow's `${{ }}` expressions, on a pull request into BASE (https://docs.github.com/en/actions/learn-github-actions/contexts#github-context). */
const EXPRESSIONS: Record<string, string> = { 'github.base_ref': BASE };
const expand = (text: string) =>
  text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const value = EXPRESSIONS[expression];
    if (value === undefined) throw new Error(`${workflowFile}: this test does not know what GitHub puts in \${{ ${expression} }}; add it to EXPRESSIONS`);
    return value;
  });

let scratch: string;
let repo: string;

/** git in the clone, as a committer of the pull request. */
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=menu review test', '-c', 'user.email=review@example.invalid', ...args], { cwd: repo, encoding: 'utf8' });

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ivr-menu-review-'));
  repo = path.join(scratch, 'repo');
  execFileSync('git', ['clone', '--quiet', projectDir, repo]);
  // The runner's checkout with fetch-depth 0: origin/<base> is the base branch, and no other branch of origin is there.
  for (const ref of git('for-each-ref', '--format=%(refname)', 'refs/remotes/').split('\n').filter(Boolean)) git('update-ref', '-d', ref);
  git('update-ref', `refs/remotes/origin/${BASE}`, 'HEAD');
  // npm ci and the build, done once for the project: node_modules is shared, but dist/ is copied, as the
  // CLI finds the project (and so its flows/) from where its own files really are.
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(repo, 'node_modules'));
  cpSync(path.join(projectDir, 'dist'), path.join(repo, 'dist'), { recursive: true });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The clone as the runner checks out a pull request: the base branch, with `edit` of our flow committed on top. */
function pullRequest(name: string, edit: (flow: Json) => void): void {
  git('checkout', '--quiet', '-B', name, `origin/${BASE}`);
  const file = path.join(repo, 'flows/klarna-italia.json');
  const flow = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(flow);
  writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
  git('commit', '--quiet', '--no-verify', '-am', name);
  // What npm run build notes after building, so the build step finds dist/ up to date, as on the runner.
  execFileSync(process.execPath, ['--input-type=module', '-e', "import { writeFileSync } from 'node:fs'; import { buildInputs, stampFile } from './scripts/buildIfChanged.mjs'; writeFileSync(stampFile, buildInputs());"], { cwd: repo });
}

/** Runs one `run:` step as GitHub does: `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` (https://docs.github.com/en/actions/using-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell), with a summary file of its own. */
function runStep(step: Step, index: number): StepRun {
  const script = path.join(scratch, `step-${index}.sh`);
  const summaryFile = path.join(scratch, `summary-${index}.md`);
  writeFileSync(script, expand(step.run ?? ''));
  writeFileSync(summaryFile, '');
  // The runner's environment: no app settings (no local.settings.json in a checkout), no npm of an outer `npm test`.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|npm_|INIT_CWD$)/i.test(key)));
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(String(value))]));
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...inherited,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_BASE_REF: BASE,
      GITHUB_STEP_SUMMARY: summaryFile,
      // npx runs node_modules/.bin/ivr (scripts/linkIvr.mjs) and installs nothing; a cache of the test's own all the same, and nothing fetched.
      npm_config_cache: path.join(scratch, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      ...stepEnv,
    },
  });
  return { step, code: run.status, stdout: run.stdout, stderr: run.stderr, summary: readFileSync(summaryFile, 'utf8') };
}

/** The job's `run:` steps in order, up to the first that fails, as GitHub skips the rest then. */
function runJob(): StepRun[] {
  const runs: StepRun[] = [];
  for (const step of runSteps.filter(runsHere)) {
    const run = runStep(step, runs.length);
    runs.push(run);
    if (run.code !== 0) break;
  }
  return runs;
}

const ran = (runs: StepRun[], command: RegExp) => runs.find((run) => command.test(run.step.run ?? ''));
const said = (run: StepRun | undefined) => `${run?.step.name ?? run?.step.run}: exit ${run?.code}\n${run?.stdout}\n${run?.stderr}`;
const LINT = /\bnpx ivr lint\b/;
const DIFF = /\bnpx ivr diff --git\b/;
const EXPLORE = /\bnpx ivr explore\b/;

describe('the menu review workflow (.github/workflows/menu-review.yml)', { timeout: 120_000 }, () => {
  it('runs on pull requests touching the flows, the code that plays them, or itself; reads only; uses only pinned checkout and setup-node', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['flows/**', 'src/**', 'functions/**', '.github/workflows/menu-review.yml']));
    expect(workflow.on.pull_request['paths-ignore']).toBeUndefined();
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of jobs) expect(job.permissions, 'a job may not widen the workflow\'s read-only permissions').toBeUndefined();
    expect(readFileSync(workflowFile, 'utf8').replace(/#.*$/gm, ''), 'the review needs no secret').not.toMatch(/secrets\./);
    expect(jobs).toHaveLength(1);
    expect(steps.filter((step) => step.uses).map((step) => step.uses)).toEqual([expect.stringMatching(/^actions\/checkout@v\d+$/), expect.stringMatching(/^actions\/setup-node@v\d+$/)]);
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@')) as Step;
    expect(checkout.with?.['fetch-depth'], 'ivr diff --git needs the base branch: fetch-depth 0').toBe(0);
    const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@')) as Step;
    expect(String(node.with?.['node-version'])).toBe('22');
    // The steps this test runs are run under the shell it runs them with.
    expect(workflow.defaults?.run?.shell).toBe('bash');
    for (const step of steps) expect(step.shell, `${step.name ?? step.run}: its own shell`).toBeUndefined();
    // Installed and built before any ivr command, and lint, the diff and explore all there.
    const firstIvr = runSteps.findIndex((step) => /\bnpx ivr\b/.test(step.run ?? ''));
    expect(runSteps.slice(0, firstIvr).map((step) => step.run?.trim())).toEqual(['npm ci', 'npm run build']);
    for (const command of [LINT, DIFF, EXPLORE]) expect(stepNamed(command), `no step runs ${command}`).toBeDefined();
  });

  it('on a pull request that moves Friday\'s closing to 16:00: every step passes, and the summary holds ivr diff\'s report of the calls that now go differently', () => {
    pullRequest('friday-closes-at-four', (flow) => {
      flow.hours.weekly.fri = [{ open: '09:00', close: '16:00' }];
    });
    const runs = runJob();
    for (const run of runs) expect(run.code, said(run)).toBe(0);
    for (const command of [LINT, DIFF, EXPLORE]) expect(ran(runs, command), `${command} did not run`).toBeDefined();
    // The report is ivr diff's own against the base branch, which exits 1 here ("callers would notice"): the step does not fail for it.
    const report = spawnSync(process.execPath, ['dist/src/cli/main.js', 'diff', '--git', `origin/${BASE}`, '--markdown'], { cwd: repo, encoding: 'utf8' });
    expect(report.status).toBe(1);
    const summary = runs.map((run) => run.summary).join('');
    expect(summary).toBe(report.stdout);
    expect(summary).toContain(`### Menu change: origin/${BASE}:flows/klarna-italia.json → `);
    expect(summary).toMatch(/\*\*\d+ places where calls now go differently/);
    expect(summary).toMatch(/\| hours changed, fri 16:00, fri 16:59 \| .*consumer-menu.* \| .*closed.* \|/);
  });

  it('on a pull request whose retry message announces a key no option takes: lint and the diff pass, explore fails the job naming the dead key, and the summary still shows the change', () => {
    pullRequest('announce-key-3', (flow) => {
      flow.nodes['merchant-menu'].retry.invalid[0].it = 'La scelta non è valida. Per le fatture, premi 3.';
    });
    const runs = runJob();
    expect(ran(runs, LINT)?.code, said(ran(runs, LINT))).toBe(0);
    expect(ran(runs, DIFF)?.code, said(ran(runs, DIFF))).toBe(0);
    const failed = runs.at(-1);
    expect(failed?.step.run).toMatch(EXPLORE);
    expect(failed?.code, said(failed)).toBe(1);
    expect(failed?.stdout).toContain('dead-key: the message before the prompt at "merchant-menu" ("La scelta non è valida. Per le fatture, premi 3.") says to press 3');
    expect(runs.map((run) => run.summary).join('')).toContain('**Per le fatture, premi 3.**');
  });

  it('on a pull request whose flow does not load: the job fails at the build with the JSON path and the fix, before any report; lint and the diff step fail on their own too (ivr diff exit 2 is an error, not "callers would notice")', () => {
    pullRequest('menu-option-to-nowhere', (flow) => {
      flow.nodes['merchant-menu'].options.find((option: Json) => option.key === '2').next = 'merchant-form';
    });
    // The build refuses a flow that does not load (npm ci's prepare prints the same message, and lets the install finish): the job stops there, with lint's message.
    const build = runSteps.findIndex((step) => step.run?.trim() === 'npm run build');
    const built = runStep(runSteps[build] as Step, 100);
    expect(built.code, said(built)).not.toBe(0);
    expect(`${built.stdout}${built.stderr}`).toContain('at nodes.merchant-menu.options[1].next: refers to node "merchant-form", which does not exist');
    expect(runSteps.slice(build + 1).some((step) => DIFF.test(step.run ?? '')), 'the diff step comes after the build').toBe(true);
    // Past the build (as this test runs the job), lint fails on it first, with the same message.
    const runs = runJob();
    const failed = runs.at(-1);
    expect(failed?.step.run).toMatch(LINT);
    expect(failed?.code, said(failed)).toBe(1);
    expect(`${failed?.stdout}${failed?.stderr}`).toContain('at nodes.merchant-menu.options[1].next: refers to node "merchant-form", which does not exist');
    expect(ran(runs, DIFF), 'a step after a failed one ran').toBeUndefined();
    const diff = runStep(stepNamed(DIFF), runs.length);
    expect(diff.code, said(diff)).toBe(2);
    expect(diff.stderr).toContain('flows/klarna-italia.json');
  });
});
