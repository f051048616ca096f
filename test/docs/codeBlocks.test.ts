import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { parseFlow } from '../../src/flow/validate';
import { diffFlows } from '../../src/diff/diffFlows';
import { formatDiff } from '../../src/diff/formatDiff';
import { offlineSettings } from '../../src/cli/offlineSettings';
import { loadScenarioFile } from '../../src/scenarios/scenarioFile';
import { runScenario } from '../../src/scenarios/runScenario';
import { runIvr, type IvrRun } from '../support/runIvr';
import { call, SMS_ENV, type CallOptions } from '../twilio/support';
import { excerptDifferences } from './flowExcerpt';
import { anchors, codeBlocks, inlineCode, links, projectDir, projectPages, shellCommands, shellEnv, shellLines, shellWords } from './markdown';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { shippedFlow } from '../support/shippedFlow';

// The README and the pages in docs/ as a user meets them: every code block
// runs (or, where it needs Azure, Twilio or a server, at least names commands
// and options that exist), every JSON example is what the app reads or writes,
// and every link leads somewhere in the project. A page that drifts from the
// code fails here, naming the page and line.

const pages = projectPages();
const blocks = pages.flatMap(codeBlocks);
const blocksOf = (lang: string, run: boolean) => blocks.filter((b) => b.lang === lang && b.tags.includes('no-run') !== run);

/** Commands a `no-run` block may hold besides `npx ivr`, each with why it is not run here. */
const NOT_RUN: { command: RegExp; reason: string }[] = [
  { command: /^npm (install|ci)\b/, reason: 'downloads packages' },
  { command: /^npm start( -- --port \d+)?$/, reason: 'serves until stopped; test/server/npmStart.test.ts starts it, with --port too' },
  { command: /^npm test$/, reason: 'runs this very test' },
  { command: /^npm test -- test\/\S+\.test\.ts$/, reason: 'one test file of the suite this test is in; the file must exist (checked below)' },
  { command: /^npm run build$/, reason: 'rebuilds dist/ under the tests that use it' },
  { command: /^npm run bench\b/, reason: 'takes minutes' },
  { command: /^npm run package$/, reason: 'stages ~100 MB in out/; test/deploy/package.test.ts runs it into a scratch folder and loads what it stages' },
  { command: /^cd out\/deploy$/, reason: 'the folder npm run package stages' },
  { command: /^az /, reason: 'needs an Azure account' },
  { command: /^func /, reason: 'needs Azure Functions Core Tools and an Azure account' },
  { command: /^tee /, reason: 'keeps a running server\'s console in a file' },
];

/** What the caller hears in the examples, as the comment beside each says. */
const HEARD: { comment: RegExp; heard: string }[] = [
  { comment: /^English, then operator/, heard: 'We are connecting you to an operator.' },
  { comment: /complaints procedure/, heard: 'Per un reclamo, rivolgiti prima al Servizio clienti di Klarna' },
  { comment: /^merchant line on Christmas Day/, heard: 'Oggi il servizio clienti per i commercianti è chiuso per Natale' },
  { comment: /^operator busy/, heard: 'Oppure usa il modulo di contatto nella sezione Contatti del sito.' },
  // An example that sets the operators' number before `npx ivr` (as the shell passes it on) is put through to it.
  { comment: /: put through$/, heard: 'Outcome: connected to +390200000002' },
  // A test number's transfer with the operators' numbers unset rings the flow's placeholder, Klarna's real line (docs/twilio.md).
  { comment: /^Outcome: connected to \+390237921250/, heard: 'Outcome: connected to +390237921250' },
  // ... and so does one through key 9, to the other line's menu and its operators' placeholder.
  { comment: /^Outcome: connected to \+390237921240/, heard: 'Outcome: connected to +390237921240' },
  { comment: /^record: caller-hung-up-during-transfer$/, heard: '"outcome": "caller-hung-up-during-transfer"' },
];

describe('the pages', () => {
  it('are README.md and docs/, with code blocks of known kinds', () => {
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md', 'docs/flow-file.md', 'docs/call-records.md']));
    for (const block of blocks) expect(['ts', 'sh', 'json', 'yaml', 'kusto', 'kql', 'mermaid', 'text'], `${block.where}: a code block needs a language this test knows`).toContain(block.lang);
  });

  it('link only to files of the project, and to headings that exist', () => {
    for (const page of pages) {
      for (const target of links(page)) {
        if (/^(https?|mailto):/.test(target)) continue;
        const [file = '', anchor] = target.split('#');
        const resolved = file ? path.resolve(projectDir, path.dirname(page.name), file) : path.join(projectDir, page.name);
        expect(path.relative(projectDir, resolved).startsWith('..'), `${page.name}: ${target} is outside the project`).toBe(false);
        expect(existsSync(resolved), `${page.name}: ${target} does not exist`).toBe(true);
        if (anchor) expect([...anchors(readFileSync(resolved, 'utf8'))], `${page.name}: ${target} names no heading`).toContain(anchor);
      }
    }
  });

  it('give each exit code of a command once (a merge once left two different "2" lines for ivr call)', () => {
    for (const page of pages) {
      for (const section of page.text.split(/^### Exit codes$/m).slice(1)) {
        const list = section.split(/^#/m)[0] as string;
        const codes = [...list.matchAll(/^- \*\*(\d)\*\*/gm)].map((m) => m[1]);
        expect(codes, `${page.name}: an Exit codes list names a code twice`).toEqual([...new Set(codes)]);
      }
    }
  });
});

describe('shell blocks', () => {
  let sandbox: string;
  const helps = new Map<string, Promise<IvrRun>>();
  /** `ivr NAME --help`, run once per command. */
  const help = (name: string) => helps.get(name) ?? helps.set(name, runIvr(name === '' ? ['--help'] : [name, '--help'])).get(name)!;

  beforeAll(() => {
    // The project seen from a folder of its own, so what the examples write
    // (an SVG, local.settings.json, pages in out/) lands there and not in the project.
    sandbox = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-'));
    for (const name of readdirSync(projectDir)) if (!['.git', 'local.settings.json', 'out'].includes(name)) symlinkSync(path.join(projectDir, name), path.join(sandbox, name));
  });
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  /** Checks an `npx ivr ...` command line against `ivr --help` and the command's `--help`, without running it. */
  async function expectKnownToIvr(command: string, where: string): Promise<void> {
    const [, , name = '', ...rest] = shellWords(command);
    if (name === '' || name.startsWith('-')) return; // `npx ivr`, `npx ivr --help`: the usage itself
    const usage = (await help('')).stdout;
    expect(usage, `${where}: \`${command}\`: ivr has no command "${name}"`).toMatch(new RegExp(`^  ${name} `, 'm'));
    const flags = rest.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0] as string);
    if (flags.length === 0) return; // `ivr schema --help` would not be a harmless question to every version
    const own = (await help(name)).stdout;
    for (const flag of flags) if (flag !== '--help') expect(own, `${where}: \`${command}\`: ivr ${name} has no option ${flag}`).toMatch(new RegExp(`${flag}(?![\\w-])`));
  }

  it('hold only `npx ivr` commands that need no server or account, or are marked no-run; every `ivr call` gives --at', () => {
    for (const block of blocksOf('sh', true)) {
      for (const line of shellCommands(block.code)) {
        const { command } = shellEnv(line);
        expect(command, `${block.where}: only \`npx ivr\` commands run here; mark the block \`sh no-run\` for others`).toMatch(/^npx ivr \S/);
        expect(command, `${block.where}: a quote, redirect or variable the test would not run as a shell does`).not.toMatch(/[$<>`]/);
        if (/^npx ivr call\b/.test(command)) {
          expect(command, `${block.where}: --url needs a running server; mark the block \`sh no-run\``).not.toMatch(/--url\b/);
          if (!/--twiml\b/.test(command)) expect(command, `${block.where}: give --at so the example does the same on any day`).toMatch(/--at \S/);
        }
        if (/^npx ivr provision\b/.test(command)) expect(command, `${block.where}: provision without --dry-run changes a Twilio account; mark the block \`sh no-run\``).toMatch(/--dry-run\b/);
      }
    }
  });

  it('that run each exit 0 (`ivr diff --git` 1 when flows/ has uncommitted edits, as its docs say), print what the text beside them says, and --json prints JSON', async () => {
    const commands = blocksOf('sh', true).flatMap((block) => shellLines(block.code).map((line) => ({ ...line, ...shellEnv(line.command), where: block.where })));
    expect(commands.length).toBeGreaterThan(10);
    const runs = await Promise.all(commands.map(({ command, env }) => runIvr(shellWords(command).slice(2), { cwd: sandbox, env })));
    commands.forEach(({ command, comment, where }, i) => {
      const run = runs[i] as IvrRun;
      expectExitAsDocumented(command, run, where, sandbox);
      const output = /--output (\S+)/.exec(command)?.[1];
      if (output) expect(readFileSync(path.join(sandbox, output), 'utf8'), `${where}: \`${command}\` wrote nothing`).not.toBe('');
      else expect(run.stdout, `${where}: \`${command}\` printed nothing`).not.toBe('');
      if (/--json\b/.test(command)) expect(() => JSON.parse(run.stdout), `${where}: \`${command}\` --json`).not.toThrow();
      for (const { heard } of HEARD.filter((h) => h.comment.test(comment))) expect(run.stdout, `${where}: \`${command}\` (# ${comment})`).toContain(heard);
    });
    for (const { comment } of HEARD) expect(commands.some((c) => comment.test(c.comment)), `no example's comment matches ${comment}`).toBe(true);
  }, 60_000);

  it('`npx ivr diff --git HEAD` as docs/cli.md shows it: exit 0 and "No change" on a committed flow, exit 1 and a report once the flow has uncommitted edits', async () => {
    const command = blocksOf('sh', true)
      .flatMap((block) => shellLines(block.code).map((line) => ({ ...line, where: block.where })))
      .find((line) => line.command === 'npx ivr diff --git HEAD');
    expect(command, 'docs/cli.md no longer shows `npx ivr diff --git HEAD`').toBeDefined();
    const { command: line, where } = command as { command: string; where: string };
    // An editor's checkout: the flow committed, then edited (closed all Friday) and not committed yet.
    const repo = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-git-'));
    try {
      const flow = path.join(repo, 'flows', 'klarna-italia.json');
      mkdirSync(path.dirname(flow));
      writeFileSync(flow, readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=docs test', '-c', 'user.email=docs@example.invalid', ...args], { cwd: repo, stdio: 'ignore' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '--no-verify', '-m', 'the flow');
      const env = { IVR_FLOW_FILE: flow };
      const clean = await runIvr(shellWords(line).slice(2), { cwd: repo, env });
      expectExitAsDocumented(line, clean, where, repo, env);
      expect(clean.code).toBe(0);
      const data = JSON.parse(readFileSync(flow, 'utf8'));
      expect(data.hours.weekly.fri, 'the test needs a flow open on Fridays').not.toEqual([]);
      data.hours.weekly.fri = [];
      writeFileSync(flow, JSON.stringify(data, null, 2));
      const edited = await runIvr(shellWords(line).slice(2), { cwd: repo, env });
      expectExitAsDocumented(line, edited, where, repo, env);
      expect(edited.code).toBe(1);
      expect(edited.stdout).toMatch(/places? where calls now go differently/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 30_000);

  it('an `ivr diff --git` report that goes on to name an uncommitted holiday table counts as a report of what changed; output without a report does not', async () => {
    // An editor's checkout mid-change: the flow edited (closed all Friday) and the holiday table not committed either.
    const text = readFileSync(DEFAULT_FLOW_FILE, 'utf8');
    const closedFridays = JSON.parse(text);
    closedFridays.hours.weekly.fri = [];
    const [flow, edited] = [parseFlow(text, DEFAULT_FLOW_FILE), parseFlow(JSON.stringify(closedFridays), DEFAULT_FLOW_FILE)];
    const report = await diffFlows({
      before: { flow, written: JSON.parse(text), label: 'HEAD:flows/klarna-italia.json' },
      after: { flow: edited, written: closedFridays, label: 'flows/klarna-italia.json' },
      settings: offlineSettings(),
      lines: ['consumer'],
      notCompared: { ref: 'HEAD', files: ['flows/holidays/IT.json'] },
    });
    const printed = `${formatDiff(report)}\n`;
    expect(printed).toMatch(/\(\d+ changes? in the flow file\)\. Not compared: the holiday table \(flows\/holidays\/IT\.json\)/);
    expect(printed).toMatch(DIFF_REPORTED);
    // The header alone, or the header and an error, is no report.
    expect('ivr diff HEAD:flows/klarna-italia.json -> flows/klarna-italia.json\n').not.toMatch(DIFF_REPORTED);
    expect(`ivr diff HEAD:flows/klarna-italia.json -> flows/klarna-italia.json\nNot compared: the holiday table (flows/holidays/IT.json), which differs from HEAD\n`).not.toMatch(DIFF_REPORTED);
  }, 30_000);

  it('marked no-run name ivr commands and options that exist, and other commands only with a reason', async () => {
    const noRun = blocksOf('sh', false);
    expect(noRun.length).toBeGreaterThan(0);
    for (const block of noRun) {
      for (const command of shellCommands(block.code)) {
        if (/^npx ivr\b/.test(command)) await expectKnownToIvr(command, block.where);
        else expect(NOT_RUN.some((n) => n.command.test(command)), `${block.where}: \`${command}\` is neither an ivr command nor listed in NOT_RUN with a reason`).toBe(true);
        const testFile = /^npm test -- (\S+)$/.exec(command)?.[1];
        if (testFile) expect(existsSync(testFile), `${block.where}: \`${command}\` names a test file that is not there`).toBe(true);
      }
    }
 }, 30_000);

  it('and every `npx ivr` in the prose names commands and options that exist', async () => {
    const spans = pages.flatMap((page) => inlineCode(page).filter((code) => /^npx ivr\b/.test(code)).map((code) => ({ code, where: page.name })));
    expect(spans.length).toBeGreaterThan(10);
    for (const { code, where } of spans) await expectKnownToIvr(code, where);
 }, 30_000);
});

describe('JSON blocks', () => {
  const flowText = readFileSync(path.join(projectDir, 'flows/klarna-italia.json'), 'utf8');
  const flowData = JSON.parse(flowText) as unknown;
  const json = blocksOf('json', true);

  it('parse', () => {
    expect(json.length).toBeGreaterThan(5);
    for (const block of json) expect(() => JSON.parse(block.code), block.where).not.toThrow();
  });

  const excerpts = json.filter((b) => b.tags.includes('flow-excerpt'));

  it('`json flow-excerpt` blocks are what flows/klarna-italia.json says, where it says it', () => {
    expect(excerpts.length).toBeGreaterThan(5);
    const differences = excerpts.flatMap((block) => excerptDifferences(block, flowData));
    if (differences.length > 0) {
      expect.fail(`\`json flow-excerpt\` blocks in the docs quote flows/klarna-italia.json, and differ from it in ${differences.length} place(s); update each quote (or the flow, if the docs are right):\n${differences.join('\n')}`);
    }
  });

  it('a flow changed in two places one excerpt quotes: both differences, each with its docs line and JSON path', () => {
    const hours = excerpts.find((b) => b.page === 'docs/flow-file.md' && b.code.includes('"weekly"')) as (typeof excerpts)[number];
    expect(hours, 'docs/flow-file.md no longer quotes hours.weekly').toBeDefined();
    // The flow as the excerpt quotes it, whatever the flow says today, then changed on two days.
    const changed = merged(structuredClone(flowData), JSON.parse(hours.code)) as { hours: { weekly: Record<string, { open: string; close: string }[]> } };
    const quoted = (day: string) => JSON.stringify(changed.hours.weekly[day]);
    const was = { mon: quoted('mon'), thu: quoted('thu') };
    changed.hours.weekly.mon = [{ open: '08:00', close: '20:00' }];
    changed.hours.weekly.thu = [];
    const lineOf = (day: string) => hours.line + 1 + hours.code.split('\n').findIndex((line) => line.includes(`"${day}"`));
    expect(excerptDifferences(hours, changed)).toEqual([
      `docs/flow-file.md:${lineOf('mon')}: hours.weekly.mon is ${was.mon} here, [{"open":"08:00","close":"20:00"}] in the flow file`,
      `docs/flow-file.md:${lineOf('thu')}: hours.weekly.thu is ${was.thu} here, [] in the flow file`,
    ]);
  });

  it('`json flow-edit` blocks, put into the flow, give a flow the app accepts', () => {
    const edits = json.filter((b) => b.tags.includes('flow-edit'));
    expect(edits.length).toBeGreaterThan(0);
    for (const block of edits) {
      const edited = merged(structuredClone(flowData), JSON.parse(block.code));
      expect(() => parseFlow(JSON.stringify(edited), block.where), block.where).not.toThrow();
    }
  });

  it('an ivr.call example is the line the app writes for that call', async () => {
    const examples = json.map((b) => ({ block: b, line: JSON.parse(b.code) as Record<string, unknown> })).filter((e) => e.line.event === 'ivr.call');
    expect(examples.length).toBeGreaterThan(0);
    for (const { block, line } of examples) {
      // The example's call, made again from a mobile: at its startedAt, the caller doing what its inputs say
      // (an English caller put through to an operator; a caller offered the chat-link SMS, who declined it; a caller
      // who hung up, at the end of the example's duration, while an operator who would not answer was rung: its
      // `dial:canceled` is what the hang-up made of the transfer).
      const inputs = line.inputs as string[];
      const hungUpDuringTransfer = line.outcome === 'caller-hung-up-during-transfer';
      const dialStatus = hungUpDuringTransfer ? 'no-answer' : (inputs.find((input) => input.startsWith('dial:'))?.slice('dial:'.length) as 'completed' | undefined);
      const press = inputs.filter((input) => !input.startsWith('dial:')).map((input) => (input === 'none' ? '-' : input));
      // A sender only for an offer that sent nothing: no example may text anyone, even a fake.
      const env = line.sms === 'declined' ? SMS_ENV : { TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS };
      const hangupAt = hungUpDuringTransfer ? (line.durationSeconds as number) : undefined;
      // On the app's own flow, not the tests' fixed copy: the docs show what our callers' records say.
      const options: CallOptions = { at: line.startedAt as string, press, flow: shippedFlow(), ...(dialStatus ? { dialStatus } : {}), env };
      const made = await call({ ...options, ...(hangupAt !== undefined ? { hangupAt } : {}) });
      const written = made.logger.events('ivr.call')[0] as Record<string, unknown>;
      expect(written, 'the app wrote no ivr.call line').toBeDefined();
      const { level: _level, ...fields } = written;
      // The example is a line of the shipped menu's calls: after a change of the menu, say where it is and what to write.
      const at = `${block.page}:${block.line + 1}`;
      let fix = `on flows/klarna-italia.json as it is now, the call this example describes (at its startedAt, pressing its inputs) writes:\n${JSON.stringify(fields)}\nUpdate the example at ${at} to that line, keeping its callSid.`;
      if (hangupAt !== undefined) {
        // Its caller hangs up while the transfer rings: the second it rings from moves with how long the menu takes to say.
        const ringsAt = (await call(options)).transcript.find((e) => e.type === 'dial')?.at;
        fix = `its caller hangs up at second ${hangupAt} (its durationSeconds) to hang up while the transfer rings; on flows/klarna-italia.json as it is now, the transfer begins to ring at second ${ringsAt}. Set the example's durationSeconds at ${at} to a few seconds after that (e.g. ${ringsAt === undefined ? '?' : ringsAt + 3}) and its timestamp to startedAt plus it.`;
      }
      // The status callback's Timestamp, Twilio's and the simulator's alike, is the call's end: the app writes it
      // last, as `timestamp`; the example's is its startedAt plus its duration, as the simulated call's is its own.
      expect(Object.keys(line), `${at}: the fields of an ivr.call line, in order; ${fix}`).toEqual(Object.keys(fields));
      const end = (record: Record<string, unknown>) => DateTime.fromISO(record.startedAt as string).plus({ seconds: record.durationSeconds as number }).toUTC().toRFC2822();
      expect(line.timestamp, block.where).toBe(end(line));
      expect(fields.timestamp).toBe(end(fields));
      for (const key of Object.keys(fields)) {
        if (key === 'callSid') expect(line.callSid, block.where).toMatch(/^CA[0-9a-f]{32}$/);
        else if (key === 'durationSeconds' || key === 'timestamp') expect(typeof line[key], block.where).toBe(typeof fields[key]);
        else expect(line[key], `${at}: ${key}; ${fix}`).toEqual(fields[key]);
      }
    }
  });
});

describe('YAML blocks', () => {
  const yaml = blocksOf('yaml', true);

  // An empty it.each passes in silence: the blocks are counted first, against the pages that have them today.
  it('are found: docs/testing.md\'s and docs/cli.md\'s, three or more', () => {
    expect(yaml.length).toBeGreaterThanOrEqual(3);
    expect([...new Set(yaml.map((block) => block.page))]).toEqual(expect.arrayContaining(['docs/testing.md', 'docs/cli.md']));
  });

  // Each is a scenario file, run as `ivr test` runs it in-process: every scenario in it passes.
  it.each(yaml.map((block) => [block.where, block] as const))('%s is a scenario file whose scenarios pass', async (_where, block) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-yaml-'));
    try {
      const file = path.join(dir, 'scenario.yaml');
      writeFileSync(file, block.code);
      const scenarios = loadScenarioFile(file);
      expect(scenarios.length).toBeGreaterThan(0);
      for (const scenario of scenarios) expect((await runScenario(scenario, { env: {} })).failures, `${block.where}: ${scenario.name}`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TypeScript blocks', () => {
  const ts = blocksOf('ts', true);
  const written: string[] = [];
  afterAll(() => {
    for (const file of written) rmSync(file, { force: true });
  });

  it('exist', () => expect(ts.length).toBeGreaterThan(0));

  // Each block is written as a file in test/, where the README suggests
  // putting it, and loaded here: its own `it`s run as tests of this file.
  for (const block of ts) {
    describe(block.where, async () => {
      const file = path.join(projectDir, 'test', `.docs-${block.page.replace(/\W+/g, '-')}-${block.line}.ts`);
      writeFileSync(file, block.code);
      written.push(file);
      const loaded = await import(file).then(
        () => undefined,
        (error: Error) => error,
      );
      if (loaded) it('loads', () => expect.fail(`${block.where}: the block fails as written: ${loaded.message}`));
    });
  }
});

/**
 * The summary line of an `ivr diff` report that names changes: "… (3 changes in the flow file)." ending the
 * line, or going on with what `--git` did not compare ("… in the flow file). Not compared: the holiday table
 * (flows/holidays/IT.json), which differs from HEAD; …") when the checkout's code or holiday table differs too.
 */
const DIFF_REPORTED = /^.*\(\d+ changes? in the flow file\)\.(\n| Not compared: .*\n)/m;

/**
 * Fails unless a run of a docs example exited as the docs promise. Every example exits 0, but for
 * `ivr diff --git REF [FILE]`, the flow at REF against the working tree: docs/cli.md's exit codes promise 0
 * and "No change" when the file is as committed, and 1 with a report when an uncommitted edit changes what a
 * caller hears or where a call goes (an editor's checkout, mid-change), 0 when it changes nothing they notice.
 */
function expectExitAsDocumented(command: string, run: IvrRun, where: string, cwd: string, env: Record<string, string> = {}): void {
  // The lines that say what failed (an ivr test FAIL and its reason), wherever they are, then the end of the output.
  const failing = run.stdout.split('\n').filter((line) => /\bFAIL\b/.test(line));
  const said = `${where}: \`${command}\` exited ${run.code}:\n${run.stderr}${failing.length > 0 ? `${failing.join('\n')}\n...\n` : ''}${run.stdout.slice(-2000)}`;
  const git = /^npx ivr diff --git (\S+)(?: ([^-\s]\S*))?/.exec(command);
  if (!git) return void expect(run.code, said).toBe(0);
  const [, ref = '', named] = git;
  const file = realpathSync(path.resolve(cwd, named ?? env.IVR_FLOW_FILE ?? DEFAULT_FLOW_FILE));
  const committed = execFileSync('git', ['show', `${ref}:./${path.basename(file)}`], { cwd: path.dirname(file), encoding: 'utf8' });
  expect(run.stdout, said).toMatch(new RegExp(`^ivr diff ${ref}:.+ -> .+\\n`)); // paths may hold spaces (a clone in ~/Progetti IVR)
  if (committed === readFileSync(file, 'utf8')) {
    expect(run.code, said).toBe(0);
    // A developer's uncommitted code (src/, package-lock.json) is named, not compared: the flows still agree.
    const codeDiffers = /^Not compared: both sides ran this checkout's code/m.test(run.stdout);
    expect(run.stdout, `${where}: \`${command}\` with ${file} as committed at ${ref}`).toContain(
      codeDiffers ? 'No call goes differently between the two flow files, as this checkout plays them' : 'No change: the two flows are the same.',
    );
    return;
  }
  expect([0, 1], `${where}: \`${command}\` with uncommitted edits to ${file}: docs/cli.md promises exit 1 (or 0 if no caller notices), got ${said}`).toContain(run.code);
  expect(run.stderr, said).toBe('');
  if (run.code === 1) expect(run.stdout, `${where}: \`${command}\` exited 1 without a report of what changed`).toMatch(DIFF_REPORTED);
  else expect(run.stdout, said).toMatch(/^No (change|call goes differently)/m);
}

/** `edit` put into `base`: objects merged key by key, anything else replaced. */
function merged(base: unknown, edit: unknown): unknown {
  if (base === null || edit === null || typeof base !== 'object' || typeof edit !== 'object' || Array.isArray(base) || Array.isArray(edit)) return edit;
  const out = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(edit)) out[key] = merged(out[key], value);
  return out;
}

