import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectDir } from '../support/runIvr';

// .github/workflows/menu-review.yml, the review a pull request gets: GitHub
// cannot be reached from here, so its `run:` steps are run as GitHub runs
// them, in a scratch clone of the project standing for the runner's checkout
// of a pull request: the merge commit GitHub makes of the pull request's
// branch and its base (GITHUB_SHA, https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request),
// with the base branch fetched as origin/<base>. The `uses:` steps are played
// by the test: the clone is the checkout, and the Node 22 running the tests is
// setup-node's. Each step's `if:` is honoured as GitHub does. A workflow whose
// commands no longer run, or fail the job on the wrong outcome, fails here.

type Json = Record<string, any>;
interface Step { id?: string; if?: string; name?: string; uses?: string; run?: string; env?: Record<string, string>; shell?: string; with?: Json }
interface StepRun { step: Step; code: number | null; stdout: string; stderr: string; summary: string }

const workflowFile = path.join(projectDir, '.github/workflows/menu-review.yml');
const workflow = parse(readFileSync(workflowFile, 'utf8')) as Json;
const jobs = Object.values(workflow.jobs ?? {}) as Json[];
const steps = (jobs[0]?.steps ?? []) as Step[];
const runSteps = steps.filter((step) => step.run !== undefined);

/** Steps the test does not run, each with why and what stands in for it. */
const NOT_RUN: { run: RegExp; reason: string }[] = [
  { run: /^npm ci$/, reason: 'downloads packages: the clone gets the project\'s node_modules' },
  { run: /^npm run build$/, reason: 'run once for the clone, before the pull requests, which change flows and scenarios only: then noted as built from them' },
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

/**
 * The `if:` conditions of the workflow, as GitHub evaluates them (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#status-check-functions,
 * and steps.<id>.outcome: https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#steps-context). A step with
 * no `if:` runs as `if: success()`: only while no step before it failed.
 */
const CONDITIONS: Record<string, (outcome: (id: string) => string | undefined) => boolean> = {
  "!cancelled() && steps.build.outcome == 'success'": (outcome) => outcome('build') === 'success',
};
const conditionOf = (step: Step) => (step.if === undefined ? undefined : String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim());

let scratch: string;
let repo: string;
/** The base branch's tip every pull request here starts from. */
let baseTip: string;

/** git in the clone, as a committer of the pull request. */
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=menu review test', '-c', 'user.email=review@example.invalid', ...args], { cwd: repo, encoding: 'utf8' });

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ivr-menu-review-'));
  repo = path.join(scratch, 'repo');
  execFileSync('git', ['clone', '--quiet', projectDir, repo]);
  // The runner's checkout with fetch-depth 0: origin/<base> is the base branch, and no other branch of origin is there.
  for (const ref of git('for-each-ref', '--format=%(refname)', 'refs/remotes/').split('\n').filter(Boolean)) git('update-ref', '-d', ref);
  baseTip = git('rev-parse', 'HEAD').trim();
  git('update-ref', `refs/remotes/origin/${BASE}`, baseTip);
  // npm ci done once for the project: node_modules is shared. dist/ is the clone's own, as the CLI finds
  // the project (and so its flows/) from where its own files really are: built in the clone from its
  // committed sources, so a developer's uncommitted edit of src/ is not what the steps run. The project's
  // dist/ is copied first only so that tsc (incremental) recompiles just the files that differ: seconds.
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(repo, 'node_modules'));
  cpSync(path.join(projectDir, 'dist'), path.join(repo, 'dist'), { recursive: true });
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed in the clone of the last commit (${repo}):\n${build.stdout}\n${build.stderr}`);
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FLOW = 'flows/klarna-italia.json';
const TABLE = 'flows/holidays/IT.json';

/**
 * The hours check a call on `line` of our flow (as JSON) meets after the line's welcome (its way on without a key),
 * found as calls find it, so the pull requests here edit our flow's nodes whatever an editor has named them: its
 * `open` is the line's menu, its `closed` the closed message.
 */
function hoursCheckOf(flow: Json, line: string): Json {
  let id: string | undefined = flow.lines[line]?.start;
  for (let step = 0; step < 5 && id !== undefined && flow.nodes[id]?.type !== 'hours'; step++) id = flow.nodes[id]?.otherwise ?? flow.nodes[id]?.next;
  if (id === undefined || flow.nodes[id]?.type !== 'hours') throw new Error(`${FLOW}: no hours check after the welcome of line "${line}"; name in this test the node its pull request edits`);
  return flow.nodes[id];
}

/**
 * The first answer of `line`'s menu in our flow (as JSON): a key's message said in each language, found as calls find
 * it (on the consumer line, consumer-complaints), so a pull request can reword it whatever an editor has named it.
 */
function answerOf(flow: Json, line: string): string {
  const menu = flow.nodes[hoursCheckOf(flow, line).open];
  const id = menu?.options?.map((option: Json) => option.next).find((next: string) => flow.nodes[next]?.type === 'say' && typeof flow.nodes[next].prompt?.[0]?.it === 'string');
  if (id === undefined) throw new Error(`${FLOW}: no key of line "${line}"'s menu leads to a message in Italian; name in this test the node its pull request edits`);
  return id;
}

/** A change of the repository: of our flow (as JSON), or of a file's text; `remove` deletes the file. */
interface Change { flow?: (flow: Json) => void; files?: Record<string, (text: string) => string>; remove?: string[] }

function commit(message: string, change: Change): void {
  if (change.flow) {
    const file = path.join(repo, FLOW);
    const flow = JSON.parse(readFileSync(file, 'utf8')) as Json;
    change.flow(flow);
    writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
  }
  for (const [name, edit] of Object.entries(change.files ?? {})) {
    const file = path.join(repo, name);
    writeFileSync(file, edit(existsSync(file) ? readFileSync(file, 'utf8') : ''));
  }
  for (const name of change.remove ?? []) git('rm', '--quiet', name);
  git('add', '--all', 'flows', 'src', 'test');
  git('commit', '--quiet', '--no-verify', '--allow-empty', '-m', message);
}

/**
 * The clone as the runner checks out a pull request: origin/<base> (the base tip, or `base` committed on it),
 * a branch with `change` committed on it, and HEAD the merge commit GitHub makes of the two (first parent: the base).
 */
function pullRequest(name: string, change: Change, base?: Change): void {
  git('checkout', '--quiet', '--force', '-B', `${name}-base`, baseTip);
  if (base) commit(`${name}: the base`, base);
  git('update-ref', `refs/remotes/origin/${BASE}`, 'HEAD');
  git('checkout', '--quiet', '-B', name);
  commit(name, change);
  git('checkout', '--quiet', '--detach', `origin/${BASE}`);
  git('merge', '--quiet', '--no-ff', '--no-edit', name);
  noteBuilt();
}

/** What npm run build notes after building, so the build step (and ivr holidays) find dist/ up to date, as on the runner. */
function noteBuilt(): void {
  execFileSync(process.execPath, ['--input-type=module', '-e', "import { writeFileSync } from 'node:fs'; import { buildInputs, stampFile } from './scripts/buildIfChanged.mjs'; writeFileSync(stampFile, buildInputs());"], { cwd: repo });
}

/** Runs one `run:` step as GitHub does: `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` (https://docs.github.com/en/actions/using-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell), with a summary file of its own. */
function runStep(step: Step, index: number, runnerTemp = mkdtempSync(path.join(scratch, 'runner-temp-'))): StepRun {
  const script = path.join(scratch, `step-${index}.sh`);
  const summaryFile = path.join(scratch, `summary-${index}.md`);
  writeFileSync(script, expand(step.run ?? ''));
  writeFileSync(summaryFile, '');
  // The runner's environment: no app settings (no local.settings.json in a checkout), no npm or vitest of an outer `npm test`.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TWILIO_|IVR_|DEST_|PUBLIC_BASE_URL|npm_|INIT_CWD$|VITEST|TEST$|NODE_ENV$)/i.test(key)));
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(String(value))]));
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...inherited,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_BASE_REF: BASE,
      GITHUB_SHA: git('rev-parse', 'HEAD').trim(),
      GITHUB_WORKSPACE: repo,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      // npx runs node_modules/.bin/ivr (scripts/linkIvr.mjs) and installs nothing; a cache of the test's own all the same, and nothing fetched.
      npm_config_cache: path.join(scratch, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      ...stepEnv,
    },
  });
  return { step, code: run.status, stdout: run.stdout, stderr: run.stderr, summary: readFileSync(summaryFile, 'utf8') };
}

interface Job { runs: StepRun[]; skipped: Step[]; summary: string; failed: boolean }

/** The job's `run:` steps in order, each run or skipped by its `if:` as GitHub does; the job fails when a step did. */
function runJob(): Job {
  const runs: StepRun[] = [];
  const skipped: Step[] = [];
  const outcomes = new Map<string, string>();
  const runnerTemp = mkdtempSync(path.join(scratch, 'runner-temp-'));
  let failed = false;
  for (const step of runSteps) {
    const condition = conditionOf(step);
    const evaluate = condition === undefined ? () => !failed : CONDITIONS[condition];
    if (!evaluate) throw new Error(`${workflowFile}: this test does not know how GitHub evaluates \`if: ${condition}\`; add it to CONDITIONS`);
    if (!evaluate((id) => outcomes.get(id))) {
      skipped.push(step);
      if (step.id) outcomes.set(step.id, 'skipped');
      continue;
    }
    // npm ci and the build were done for the clone (see NOT_RUN): they succeed.
    const run = runsHere(step) ? runStep(step, runs.length, runnerTemp) : undefined;
    if (run) runs.push(run);
    const outcome = run === undefined || run.code === 0 ? 'success' : 'failure';
    if (step.id) outcomes.set(step.id, outcome);
    failed ||= outcome === 'failure';
  }
  return { runs, skipped, summary: runs.map((run) => run.summary).join(''), failed };
}

const ran = (job: Job, command: RegExp) => job.runs.find((run) => command.test(run.step.run ?? ''));
const said = (run: StepRun | undefined) => `${run?.step.name ?? run?.step.run}: exit ${run?.code}\n${run?.stdout}\n${run?.stderr}`;
const LINT = /\bnpx ivr lint\b/;
const DIFF = /\bnpx ivr diff --git\b/;
const EXPLORE = /\bnpx ivr explore\b/;
const SCENARIOS = /\bnpx ivr test\b/;
const COVERAGE = /\bnpx vitest run test\/scenarios\.test\.ts\b/;
const HOLIDAYS = /\bnpx ivr holidays --check\b/;
const CHECKS = [DIFF, LINT, EXPLORE, SCENARIOS, COVERAGE, HOLIDAYS];

/** ivr diff's own Markdown report against the merge commit's first parent, as a reviewer would run it. */
function diffAgainstFirstParent(): { code: number | null; stdout: string; stderr: string; base: string } {
  const base = git('rev-parse', '--short', 'HEAD^1').trim();
  const run = spawnSync(process.execPath, ['dist/src/cli/main.js', 'diff', '--git', base, '--markdown'], { cwd: repo, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, base };
}

/** The line (from 1) of the first line of `file` in the clone holding `text`. */
const lineOf = (file: string, text: string) => readFileSync(path.join(repo, file), 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

describe('the menu review workflow (.github/workflows/menu-review.yml)', { timeout: 300_000 }, () => {
  it('runs on pull requests touching the flows, the code that plays them, the scenarios or itself; reads only; uses only pinned checkout and setup-node; posts no comment', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['flows/**', 'src/**', 'functions/**', 'test/scenarios/**', 'package-lock.json', '.github/workflows/menu-review.yml']));
    expect(workflow.on.pull_request['paths-ignore']).toBeUndefined();
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of jobs) expect(job.permissions, 'a job may not widen the workflow\'s read-only permissions').toBeUndefined();
    const text = readFileSync(workflowFile, 'utf8');
    expect(text.replace(/#.*$/gm, ''), 'the review needs no secret').not.toMatch(/secrets\./);
    // The summary is the report: no recipe for a comment, which would need a write token forks never get, and job-level permissions that drop contents: read.
    expect(text).not.toMatch(/gh pr comment|pull-requests: write/);
    expect(jobs).toHaveLength(1);
    expect(steps.filter((step) => step.uses).map((step) => step.uses)).toEqual([expect.stringMatching(/^actions\/checkout@v\d+$/), expect.stringMatching(/^actions\/setup-node@v\d+$/)]);
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@')) as Step;
    expect(checkout.with?.['fetch-depth'], 'ivr diff --git needs the merge commit\'s parents: fetch-depth 0').toBe(0);
    const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@')) as Step;
    expect(String(node.with?.['node-version'])).toBe('22');
    // The steps this test runs are run under the shell it runs them with.
    expect(workflow.defaults?.run?.shell).toBe('bash');
    for (const step of steps) expect(step.shell, `${step.name ?? step.run}: its own shell`).toBeUndefined();
    // Installed and built before any check, and every check there.
    const firstCheck = runSteps.findIndex((step) => CHECKS.some((check) => check.test(step.run ?? '')));
    expect(runSteps.slice(0, firstCheck).map((step) => step.run?.trim())).toEqual(['npm ci', 'npm run build']);
    for (const command of CHECKS) expect(stepNamed(command), `no step runs ${command}`).toBeDefined();
  });

  it('on a pull request that moves Friday\'s closing to 16:00, with the scenarios that quote the hours: every step passes, and the summary holds ivr diff\'s report against the merge\'s base and each check\'s result', () => {
    let hours: Json = {};
    pullRequest('friday-closes-at-four', {
      flow: (flow) => {
        hours = hoursCheckOf(flow, 'consumer');
        flow.hours.weekly.fri = [{ open: '09:00', close: '16:00' }];
      },
      // The scenarios that say the hours, as docs/changing-the-menu.md asks of a change of hours (README step 6).
      files: {
        'test/scenarios/closed.yaml': (text) =>
          text
            .replace('attivo dal lunedì al venerdì, dalle 9 alle 17', 'attivo dal lunedì al giovedì, dalle 9 alle 17, e il venerdì, dalle 9 alle 16')
            .replace('open Monday to Friday, from 9 am to 5 pm', 'open Monday to Thursday, from 9 am to 5 pm, and on Fridays, from 9 am to 4 pm'),
      },
    });
    const job = runJob();
    for (const run of job.runs) expect(run.code, said(run)).toBe(0);
    for (const command of CHECKS) expect(ran(job, command), `${command} did not run`).toBeDefined();
    // The report is ivr diff's own against the merge's first parent, which exits 1 here ("callers would notice"): the step does not fail for it.
    const report = diffAgainstFirstParent();
    expect(report.code).toBe(1);
    expect(job.summary).toContain(`Compared with ${BASE} at ${report.base}, the commit this run's merge was built on.\n\n${report.stdout}`);
    expect(job.summary).toContain(`### Menu change: ${report.base}:flows/klarna-italia.json → `);
    expect(job.summary).toMatch(/\*\*\d+ places where calls now go differently/);
    // The consumer line's menu before, its closed message after (consumer-menu and closed, as our flow names them).
    expect(job.summary).toMatch(new RegExp(`\\| hours changed, fri 16:00, fri 16:59 \\| .*${hours.open}.* \\| .*${hours.closed}.* \\|`));
    expect(job.summary).toContain('### ivr lint: passed\n');
    expect(job.summary).toContain('### ivr explore: passed\n\n<details><summary>Output</summary>');
    expect(job.summary).toMatch(/### ivr test: \d+ passed, 0 failed\n/);
    expect(job.summary).toContain('### Scenario coverage (test/scenarios.test.ts): passed');
    expect(job.summary).toContain('### ivr holidays --check: passed');
  });

  it('after the base branch moves on, compares with the base the merge was built on: the report does not credit the pull request with undoing the base\'s newer change', () => {
    pullRequest('friday-closes-at-four-again', { flow: (flow) => (flow.hours.weekly.fri = [{ open: '09:00', close: '16:00' }]) });
    // Someone else's change lands on the base after GitHub made the merge (a re-run keeps that merge commit).
    const merge = git('rev-parse', 'HEAD').trim();
    git('checkout', '--quiet', '--detach', `origin/${BASE}`);
    commit('the base moves on: a new goodbye', { flow: (flow) => (flow.nodes.goodbye.prompt[0].it = 'Grazie per aver chiamato Klarna. A presto.') });
    git('update-ref', `refs/remotes/origin/${BASE}`, 'HEAD');
    git('checkout', '--quiet', '--detach', merge);
    noteBuilt();
    const job = runJob();
    expect(ran(job, DIFF)?.code, said(ran(job, DIFF))).toBe(0);
    expect(job.summary).toMatch(/\| hours changed, fri 16:00, fri 16:59 \|/);
    expect(job.summary, 'the base\'s new goodbye is not this pull request\'s').not.toContain('A presto');
  });

  it('on a pull request that drops Easter Monday from the holiday table: the report says both sides ran this checkout\'s table and names it, the scenario and the table check fail the job after the summary is written', () => {
    pullRequest('no-easter-monday', {
      files: {
        [TABLE]: (text) => {
          const table = JSON.parse(text) as Json;
          table.years['2027'] = (table.years['2027'] as string[][]).filter(([day]) => day !== '03-29');
          return `${JSON.stringify(table, null, 2)}\n`;
        },
      },
    });
    const job = runJob();
    expect(ran(job, DIFF)?.code, said(ran(job, DIFF))).toBe(0);
    expect(job.summary).not.toContain('**No change: the two flows are the same.**');
    expect(job.summary).toContain('but the holiday table (flows/holidays/IT.json) differs from');
    expect(job.summary).toMatch(/\*\*Not compared: both sides ran this checkout's code and holiday table, and this file differs from \w+:\*\*\n\n- flows/);
    expect(job.summary).toContain('`npx ivr test` plays the scenarios');
    // The scenario of Easter Monday now fails, and the table is not what date-holidays gives: both in the summary, and the job fails.
    expect(ran(job, SCENARIOS)?.code, said(ran(job, SCENARIOS))).toBe(1);
    expect(job.summary).toMatch(/### ivr test: \d+ passed, [1-9]\d* failed: failed \(exit 1\)/);
    // A failing check's output is shown open, not folded away.
    expect(job.summary).toMatch(/### ivr test: [^\n]*failed \(exit 1\)\n\n<details open><summary>Scenarios and coverage<\/summary>\n\n````text\n[\s\S]*FAIL {2}merchant, Easter Monday/);
    expect(ran(job, COVERAGE)?.code, said(ran(job, COVERAGE))).not.toBe(0);
    expect(ran(job, HOLIDAYS)?.code, said(ran(job, HOLIDAYS))).toBe(1);
    expect(job.summary).toContain('### ivr holidays --check: failed (exit 1)');
    expect(job.failed).toBe(true);
    expect(job.skipped).toEqual([]);
  });

  it('on a pull request adding a menu key no scenario takes: ivr test passes, the coverage check npm test makes fails naming the transition', () => {
    let id = '';
    pullRequest('payments-key-6', {
      flow: (flow) => {
        id = hoursCheckOf(flow, 'consumer').open;
        const menu = flow.nodes[id];
        menu.prompt[0].it = menu.prompt[0].it.replace('Per il servizio clienti dedicato ai commercianti', 'Per i pagamenti, premi 6. Per il servizio clienti dedicato ai commercianti');
        menu.prompt[0].en = menu.prompt[0].en.replace('If you are', 'For payments, press 6. If you are');
        menu.options.splice(5, 0, { key: '6', next: 'consumer-payments' });
        flow.nodes['consumer-payments'] = { type: 'say', prompt: [{ it: 'Per i pagamenti, usa l\'app Klarna.', en: 'For payments, use the Klarna app.' }], next: 'goodbye' };
      },
    });
    const job = runJob();
    expect(ran(job, SCENARIOS)?.code, said(ran(job, SCENARIOS))).toBe(0);
    const coverage = ran(job, COVERAGE);
    expect(coverage?.code, said(coverage)).not.toBe(0);
    expect(coverage?.stdout).toContain(`${id} -> consumer-payments (key 6)`);
    expect(job.summary).toMatch(/### Scenario coverage \(test\/scenarios\.test\.ts\): failed \(exit \d+\)/);
    expect(job.summary).toContain(`${id} -> consumer-payments (key 6)`);
    expect(job.failed).toBe(true);
  });

  it('on a pull request whose prompt says hours that `hours` does not keep: lint passes, and its warning is in the summary and a ::warning at its line', () => {
    const said18 = 'Siamo aperti dal lunedì al venerdì, dalle 9 alle 18.';
    let id = '';
    pullRequest('says-until-six', {
      flow: (flow) => {
        id = answerOf(flow, 'consumer');
        flow.nodes[id].prompt[0].it = said18;
      },
    });
    const job = runJob();
    const lint = ran(job, LINT);
    expect(lint?.code, said(lint)).toBe(0);
    expect(job.summary).toContain('### ivr lint: passed, with warnings');
    expect(job.summary).toContain(`warning at nodes.${id}.prompt[0].it, line ${lineOf(FLOW, said18)}: says "dal lunedì al venerdì, dalle 9 alle 18"`);
    // A workflow command GitHub reads from the step's output: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-a-warning-message
    expect(lint?.stdout).toContain(`\n::warning file=${FLOW},line=${lineOf(FLOW, said18)},title=ivr lint%3A nodes.${id}.prompt[0].it::says "dal lunedì al venerdì, dalle 9 alle 18"`);
    expect(job.summary).not.toContain('::warning');
  });

  it('on a pull request bringing the first flow file (the base has none): the summary says there is no base flow to compare and why, and explore still runs', () => {
    // The flow as the clone's commit has it, which its scenarios and holiday table follow: not this checkout's, which
    // may hold an editor's change (a line, a language) that its scenarios and table, not yet committed, do not know.
    const committed = git('show', `${baseTip}:${FLOW}`);
    pullRequest('first-flow', { files: { [FLOW]: () => committed } }, { remove: [FLOW] });
    const job = runJob();
    const diff = ran(job, DIFF);
    expect(diff?.code, said(diff)).toBe(0);
    expect(diff?.stderr).toMatch(/flows\/klarna-italia\.json is not in \w+ /);
    expect(job.summary).toContain('### Menu change: no base flow to compare');
    expect(job.summary).toMatch(new RegExp(`${BASE} at \\w+ has no such flow file`));
    expect(job.summary).toContain('npx ivr explore flows/klarna-italia.json');
    expect(ran(job, EXPLORE)?.code, said(ran(job, EXPLORE))).toBe(0);
    expect(job.summary).toContain('### ivr explore: passed');
    expect(job.failed).toBe(false);
  });

  it('on a pull request whose retry message announces a key no option takes: lint and the diff pass, explore fails the job naming the dead key, and the summary still shows the change', () => {
    let menu = '';
    pullRequest('announce-key-3', {
      flow: (flow) => {
        menu = hoursCheckOf(flow, 'merchant').open;
        flow.nodes[menu].retry.invalid[0].it = 'La scelta non è valida. Per le fatture, premi 3.';
      },
    });
    const job = runJob();
    expect(ran(job, LINT)?.code, said(ran(job, LINT))).toBe(0);
    expect(ran(job, DIFF)?.code, said(ran(job, DIFF))).toBe(0);
    const explore = ran(job, EXPLORE);
    expect(explore?.code, said(explore)).toBe(1);
    expect(explore?.stdout).toContain(`dead-key: the message before the prompt at "${menu}" ("La scelta non è valida. Per le fatture, premi 3.") says to press 3`);
    expect(job.summary).toContain('### ivr explore: failed (exit 1)');
    expect(job.summary).toContain('**Per le fatture, premi 3.**');
    expect(job.failed).toBe(true);
  });

  it('on a pull request whose flow does not load: the job fails at the build with the JSON path and the fix, and no check runs after it; lint and the diff step fail on their own too (ivr diff exit 2 is an error, not "callers would notice")', () => {
    // Key 2 of the merchant menu (merchant-menu.options[1], as our flow has it) led to a node no one wrote.
    let option = '';
    pullRequest('menu-option-to-nowhere', {
      flow: (flow) => {
        const menu = hoursCheckOf(flow, 'merchant').open;
        const key = (flow.nodes[menu].options as Json[]).findIndex((o) => o.key === '2');
        option = `nodes.${menu}.options[${key}].next`;
        flow.nodes[menu].options[key].next = 'merchant-form';
      },
    });
    // The build refuses a flow that does not load (npm ci's prepare prints the same message, and lets the install finish).
    const build = runSteps.findIndex((step) => step.run?.trim() === 'npm run build');
    const built = runStep(runSteps[build] as Step, 100);
    expect(built.code, said(built)).not.toBe(0);
    expect(`${built.stdout}${built.stderr}`).toContain(`at ${option}, line ${lineOf(FLOW, '"merchant-form"')}: refers to node "merchant-form", which does not exist`);
    // Every check is skipped after a failed build, as GitHub evaluates their `if:` then.
    for (const step of runSteps.slice(build + 1)) expect(CONDITIONS[conditionOf(step) ?? '']?.(() => 'failure'), `${step.name ?? step.run} runs after a failed build`).toBe(false);
    // Past the build (as this test runs the job), lint and the diff fail on it, with the same message.
    const job = runJob();
    const lint = ran(job, LINT);
    expect(lint?.code, said(lint)).toBe(1);
    expect(`${lint?.stdout}${lint?.stderr}`).toContain(`at ${option}, line ${lineOf(FLOW, '"merchant-form"')}: refers to node "merchant-form", which does not exist`);
    const diff = ran(job, DIFF);
    expect(diff?.code, said(diff)).toBe(2);
    expect(diff?.stderr).toContain('flows/klarna-italia.json');
    expect(job.summary).toContain('### Menu change: ivr diff failed (exit 2)');
  });
});

// README step 5 names the review in a line; docs/changing-the-menu.md says what it runs and when it gives no run.
describe('docs/changing-the-menu.md, where README step 5 points, describes the review as the workflow runs it', () => {
  const page = readFileSync(path.join(projectDir, 'docs/changing-the-menu.md'), 'utf8');
  const from = page.indexOf('\n## The pull request\'s Menu review');
  const review = from < 0 ? '' : page.slice(from, page.indexOf('\n## ', from + 1));

  it('is linked from README step 5', () => {
    const readme = readFileSync(path.join(projectDir, 'README.md'), 'utf8');
    const step5 = readme.slice(readme.indexOf('5. See what the change does to callers'), readme.indexOf('6. Add or adjust a scenario'));
    expect(step5).toContain('(docs/changing-the-menu.md#the-pull-requests-menu-review)');
  });

  it('names each check the workflow runs, where a broken flow fails, and when GitHub gives no run or a required check waits forever', () => {
    for (const command of ['npx ivr lint', 'npx ivr explore', 'npx ivr test', 'npx ivr holidays --check']) expect(review.replace(/\s+/g, ' '), command).toContain(command);
    expect(review.replace(/\s+/g, ' ')).toContain('coverage as `npm test` checks it');
    // The build refuses the flow (a flow that does not load, or fails lint); npm ci's prepare lets the install pass.
    expect(stepNamed(/^npm run build$/), 'the workflow builds in a step of its own').toBeDefined();
    expect(review.replace(/\s+/g, ' ')).toContain('fails the run at `npm run build` (`npm ci` passes');
    expect(review).not.toContain('install step');
    // https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request (and GitHub staff: https://github.com/orgs/community/discussions/26304).
    expect(review.replace(/\s+/g, ' ')).toContain('A pull request with merge conflicts gets no run');
    expect(workflow.on.pull_request.paths, 'the warning about required checks is for a workflow with a paths filter').toBeDefined();
    expect(review).toContain('troubleshooting-required-status-checks#handling-skipped-but-required-checks');
  });
});

describe('ivr diff --git in a checkout of the project', { timeout: 120_000 }, () => {
  const ivrDiff = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', 'diff', '--git', ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });

  it('names the code and holiday-table files that differ from the ref, in every format, where the flows alone would say "No change"', () => {
    git('checkout', '--quiet', '--force', '--detach', baseTip);
    const ref = git('rev-parse', '--short', 'HEAD').trim();
    writeFileSync(path.join(repo, 'src/schedule/holidayTable.ts'), `${readFileSync(path.join(repo, 'src/schedule/holidayTable.ts'), 'utf8')}\n// an edit of the code\n`);
    try {
      const terminal = ivrDiff(ref);
      expect(terminal.stderr).toBe('');
      expect(terminal.status).toBe(0);
      expect(terminal.stdout).not.toContain('No change: the two flows are the same.');
      expect(terminal.stdout).toContain(`No call goes differently between the two flow files, as this checkout plays them; but the code (1 file) differs from ${ref}, and both sides ran this checkout's`);
      expect(terminal.stdout).toContain(`\nNot compared: both sides ran this checkout's code and holiday table, and this file differs from ${ref}:\n  src/schedule/holidayTable.ts\nWhat callers hear from it: \`npx ivr test\` plays the scenarios (test/scenarios/) on this checkout, \`npm test\` also checks`);
      const markdown = ivrDiff(ref, '--markdown');
      expect(markdown.stdout).toContain(`**Not compared: both sides ran this checkout's code and holiday table, and this file differs from ${ref}:**\n\n- src/schedule/holidayTable.ts\n`);
      const json = JSON.parse(ivrDiff(ref, '--json').stdout) as Json;
      expect(json.notCompared).toEqual({ ref, files: ['src/schedule/holidayTable.ts'] });
      expect(json.summary).toContain('differs from');
    } finally {
      git('checkout', '--quiet', '--force', baseTip);
    }
    // Nothing but the flow differing: no such note.
    const same = ivrDiff(ref);
    expect(same.stdout).toContain('No change: the two flows are the same.');
    expect(same.stdout).not.toContain('Not compared');
  });

  it('a flow file the ref does not have: says so, what to run instead, and exits 3', () => {
    git('checkout', '--quiet', '--force', '--detach', baseTip);
    git('rm', '--quiet', FLOW);
    commit('no flow yet', {});
    const ref = git('rev-parse', '--short', 'HEAD').trim();
    git('checkout', '--quiet', '--force', baseTip);
    const run = ivrDiff(ref);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`ivr diff: flows/klarna-italia.json is not in ${ref} (fatal: path 'flows/klarna-italia.json' exists on disk, but not in '${ref}'): there is no earlier version of it to compare with`);
    expect(run.stderr).toContain('fix: for a new flow, `npx ivr lint flows/klarna-italia.json` and `npx ivr explore flows/klarna-italia.json`');
    // A ref git does not know is still an error of usage (exit 2), not "no such file".
    const unknown = ivrDiff('no-such-ref');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('cannot read flows/klarna-italia.json at git ref "no-such-ref"');
  });
});
