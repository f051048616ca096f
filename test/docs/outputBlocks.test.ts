import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { callIvr } from '../../src/testing';
import { callShown } from '../../src/testing/callIvr';
import { failureNote } from '../../src/testing/failureNote';
import { copyOfBuiltApp } from '../support/appCopy';
import { forgedRecord } from '../support/forgedRecords';
import { expectExit, projectDir, runIvr } from '../support/runIvr';
import { firstTransferOn, shippedFlow, startOf } from '../support/shippedFlow';
import { codeBlocks, notPrinted, projectPages, shellWords, type CodeBlock } from './markdown';

// The `text` blocks of README.md and docs/ show what a command prints, and went stale with nothing to notice
// (explore's path counts, a scenario file's line numbers, replay's groups once the sample records aged). Each is
// run here as its page says: the command the page names, as written, after the flow copy, records or scenario
// file the page describes are made (the copy in a folder of the test's, named back in the output as the page names
// it), the clock given with --at. The block must be what the command prints (notPrinted: its lines one after
// another, a line of "…" alone skipping printed lines, a "…" in a line the text left out there). A text block no
// test checks fails the first test: add it to EXAMPLES, or to CHECKED_ELSEWHERE with the test that checks it.

type Json = Record<string, any>;

const pages = projectPages();
const textBlocks = pages.flatMap(codeBlocks).filter((block) => block.lang === 'text');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The files made here: the name the page gives each (`out/swapped.json`), and its path as given to the command. */
const made = new Map<string, string>();

/** A file the page names (`out/swapped.json`), made in the test's folder. */
function file(name: string, text: string): void {
  const where = path.join(tmp, name);
  mkdirSync(path.dirname(where), { recursive: true });
  writeFileSync(where, text);
  made.set(name, path.relative(projectDir, where));
}

/** The shipped flow, changed by `edit`, as the file the page names. */
function flowCopy(name: string, edit: (flow: Json) => void): void {
  const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8')) as Json;
  edit(flow);
  file(name, JSON.stringify(flow, null, 2));
}

/** The consumer menu's keys `a` and `b` the other way round. */
function swapKeys(flow: Json, a: string, b: string): void {
  for (const option of flow.nodes['consumer-menu'].options as Json[]) option.key = option.key === a ? b : option.key === b ? a : option.key;
}

/**
 * `npx ivr ARGS`, in the project's folder, which must exit with `exit`: what it printed on `stream`. A file made
 * here is given by its path, and named back in the output as the page names it.
 */
async function ivr(args: string[], options: { env?: Record<string, string>; exit?: number; stream?: 'stdout' | 'stderr' } = {}): Promise<string> {
  const run = await runIvr(args.map((arg) => made.get(arg) ?? arg), options);
  expectExit(run, options.exit ?? 0);
  let printed = run[options.stream ?? 'stdout'];
  // The longest first, so no path is taken for the start of another.
  for (const [name, shown] of [...made].sort(([, a], [, b]) => b.length - a.length)) printed = printed.split(shown).join(name);
  return printed;
}

/** The built app copied to a folder of its own, its flows/klarna-italia.json changed by `edit`: for what reads the app's own flow file. */
function appWithFlow(edit: (flow: Json) => void): string {
  const app = copyOfBuiltApp(tmp, { cache: false });
  const flowFile = path.join(app, 'flows/klarna-italia.json');
  const flow = JSON.parse(readFileSync(flowFile, 'utf8')) as Json;
  edit(flow);
  writeFileSync(flowFile, JSON.stringify(flow, null, 2));
  cpSync(path.join(projectDir, 'test/scenarios'), path.join(app, 'test/scenarios'), { recursive: true });
  return app;
}

/** `ivr ARGS` by the app copied by appWithFlow, in its folder, which must exit with `exit`: what it printed. */
async function ivrIn(app: string, args: string[], exit: number): Promise<string> {
  // runIvr runs the project's build; `-e` runs the copy's, with runIvr's settings from the test only.
  const run = await runIvr(['-e', `process.argv.splice(1, 0, ${JSON.stringify(path.join(app, 'dist/src/cli/main.js'))}); require(process.argv[1])`, ...args], { cwd: app });
  expectExit(run, exit);
  return run.stdout;
}

/**
 * `npx ivr test test/scenarios/closed.yaml` after the flow's weekday closing time is moved from 17:00 to 18:00: `ivr
 * test` reads no flow from the shell, so the app is copied with its flow changed. Both of the page's blocks of it
 * read the one run.
 */
let closedRun: Promise<string> | undefined;
const closedAtSix = (args: string[]) =>
  (closedRun ??= ivrIn(
    appWithFlow((flow) => {
      for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) flow.hours.weekly[day] = [{ open: '09:00', close: '18:00' }];
    }),
    args,
    1,
  ));

// The records below begin at the consumer line's start and end at its operators as the shipped flow names them, so a
// rename of the welcome or the transfer does not reach the blocks that replay them.
/** The record of a call put through to an operator after 2 at the consumer menu, on a weekday morning. */
const OPERATOR_CALL = { outcome: 'transferred', path: [startOf('consumer'), 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', firstTransferOn('consumer')], inputs: ['none', '2', 'dial:completed'] };
/** The record of a call that pressed 1 at the consumer menu for the chat, and hung up there. */
const CHAT_CALL = { path: [startOf('consumer'), 'consumer-hours', 'consumer-menu', 'consumer-chat-hours', 'consumer-chat'], inputs: ['none', '1'] };

/** `count` records of calls like `call`, one a line, their CallSids numbered on from `after`. */
const records = (count: number, call: Json, after = 0) => Array.from({ length: count }, (_, i) => `${JSON.stringify(forgedRecord(after + i + 1, call))}\n`).join('');

/** The last block of `lang` before the text block of `page` that starts with `starts`. */
function blockBefore(page: string, starts: string, lang: string): CodeBlock {
  const blocks = codeBlocks(pages.find((p) => p.name === page)!);
  const at = blocks.findIndex((block) => block.lang === 'text' && block.code.startsWith(starts));
  const before = blocks.slice(0, at).filter((block) => block.lang === lang).pop();
  if (!before) throw new Error(`${page}: no ${lang} block before the text block that starts "${starts}"`);
  return before;
}

/** The page's text from the heading of the block's section down to the block: where the page names its command. */
function sectionUpTo(block: CodeBlock): string {
  const lines = pages.find((p) => p.name === block.page)!.text.split('\n').slice(0, block.line - 1);
  let inCode = false;
  let heading = 0;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) inCode = !inCode;
    else if (!inCode && /^#{1,6} /.test(line)) heading = i;
  });
  return lines.slice(heading).join('\n');
}

interface Example {
  page: string;
  /** The block's first line, which finds it on the page. */
  starts: string;
  /** The command as the page names it (`npx ivr …`), where it does: the page must say it so, and `output` runs its words. */
  command?: string;
  /** What the command prints, `args` its words after `npx ivr` (by default, it run as is: exit 0, stdout). */
  output?: (args: string[]) => Promise<string>;
  /** What differs from run to run (the time a command took): any text is taken in its place. */
  varies?: RegExp;
  /** The block's first lines that are not the command's output (a test runner's heading), and why. */
  notPrinted?: { lines: number; why: string };
}

const EXAMPLES: Example[] = [
  {
    page: 'docs/azure.md',
    starts: 'OK flows/klarna-italia.json, with 1 warning:',
    // The operators' number set to one in E.164's shape that is in no country's numbering plan.
    output: () => ivr(['lint'], { env: { DEST_CONSUMER_OPERATOR_IT: '+6931234567' } }),
  },
  {
    page: 'docs/cli.md',
    starts: 'note: --press 12 at prompt 1',
    output: () => ivr(['call', '--at', '2026-11-24T10:00', '--press', '12'], { stream: 'stderr' }),
  },
  {
    page: 'docs/cli.md',
    starts: 'Caller presses 1',
    command: 'npx ivr call --at 2026-11-24T20:00 --press - --press 1',
  },
  {
    page: 'docs/cli.md',
    starts: 'IVR [en-US]: Welcome to Acme',
    command: 'npx ivr call --twiml test/fixtures/acme-menu.twiml --press 1@5',
  },
  {
    page: 'docs/cli.md',
    starts: '  (recording, up to 3600s)',
    command: "npx ivr call --twiml test/fixtures/twiml-corpus/record/record-4.twiml --press 'say:please call me back about my refund+#'",
  },
  {
    page: 'docs/cli.md',
    starts: 'Explored "Klarna Italia customer service"',
    command: 'npx ivr explore',
    varies: / in \d+ ms$/,
  },
  {
    page: 'docs/cli.md',
    starts: 'Heard on the days off the change adds or renames:',
    output: () => {
      flowCopy('out/ambrose.json', (flow) => {
        flow.hours.closures = [{ date: '2026-12-07', name: { it: "la festa di Sant'Ambrogio", en: 'the feast of Saint Ambrose' } }];
      });
      return ivr(['diff', 'flows/klarna-italia.json', 'out/ambrose.json'], { exit: 1 });
    },
  },
  {
    page: 'docs/cli.md',
    starts: 'consumer line, at consumer-menu:',
    // The consumer menu's keys 1 and 2 swapped, its words kept: one entry per key, with each language's words.
    command: 'npx ivr diff flows/klarna-italia.json out/swapped-1-2.json --line consumer',
    output: (args) => {
      flowCopy('out/swapped-1-2.json', (flow) => swapKeys(flow, '1', '2'));
      return ivr(args, { exit: 1 });
    },
  },
  {
    page: 'docs/cli.md',
    starts: '4 of 5 calls would go differently',
    command: 'npx ivr replay test/report/fixtures/calls.jsonl --flow out/swapped.json',
    output: (args) => {
      flowCopy('out/swapped.json', (flow) => swapKeys(flow, '2', '3'));
      return ivr(args, { exit: 1 });
    },
  },
  {
    page: 'docs/cli.md',
    starts: '  72 calls pressed 2 at consumer-menu',
    // A week's calls, 72 put through after 2 and 9 that pressed 1 for the chat, replayed against the flow with the
    // consumer menu's key 2 moved to 0 and its keys 1 and 5 swapped.
    output: () => {
      file('week.log', records(72, OPERATOR_CALL) + records(9, CHAT_CALL, 72));
      flowCopy('out/moved.json', (flow) => {
        const menu = flow.nodes['consumer-menu'];
        for (const option of menu.options as Json[]) option.key = ({ '2': '0', '1': '5', '5': '1' } as Json)[option.key] ?? option.key;
        menu.prompt = (menu.prompt as Json[]).map((p) => ({ it: p.it.replace('premi 2', 'premi 0'), en: p.en.replace('press 2', 'press 0') }));
      });
      return ivr(['replay', 'week.log', '--flow', 'out/moved.json'], { exit: 1 });
    },
  },
  {
    page: 'docs/cli.md',
    starts: '0 of 900 calls would go differently',
    command: 'npx ivr replay week.log',
    // An editor's checkout, the flow committed, then the consumer chat answer reworded and not committed yet; a week's
    // calls, 76 of them to the chat and 824 put through to an operator.
    output: (args) => {
      const app = appWithFlow(() => {});
      const git = (...words: string[]) => execFileSync('git', ['-c', 'user.name=docs test', '-c', 'user.email=docs@example.invalid', ...words], { cwd: app, stdio: 'ignore' });
      git('init', '-q');
      git('add', 'flows');
      git('commit', '-q', '--no-verify', '-m', 'the flow');
      const flowFile = path.join(app, 'flows/klarna-italia.json');
      const flow = JSON.parse(readFileSync(flowFile, 'utf8')) as Json;
      const [intro] = flow.nodes['consumer-chat'].intro as Json[];
      intro!.it = intro!.it.replace('Puoi parlare con noi in chat', 'Puoi scriverci in chat');
      writeFileSync(flowFile, JSON.stringify(flow, null, 2));
      writeFileSync(path.join(app, 'week.log'), records(76, CHAT_CALL) + records(824, OPERATOR_CALL, 76));
      return ivrIn(app, args, 0);
    },
  },
  {
    page: 'docs/cli.md',
    starts: '6 calls, 2026-11-24 to 2026-12-08',
    command: 'npx ivr report test/report/fixtures/calls.jsonl --output out/report.html',
    output: (args) => {
      file('out/report.html', '');
      return ivr(args);
    },
  },
  {
    page: 'docs/cli.md',
    starts: 'ivr report: 3 calls did not go where this flow sends them',
    command: 'npx ivr report test/report/fixtures/calls.jsonl --output out/report.html',
    // The sample records are older than the flow's information keys: where they went on from the SMS offer and a
    // closed message is not where the flow sends calls now, as its warning on stderr says.
    output: (args) => {
      file('out/report.html', '');
      return ivr(args, { stream: 'stderr' });
    },
  },
  {
    page: 'docs/call-records.md',
    starts: '1 record could not be read: row 37',
    // A query result fetched from the REST API with curl, on one line: 36 records, then the 37th cut short.
    output: () => {
      const messages = [...records(36, {}).trim().split('\n'), '{"event":"ivr.call","callSid":"CA'];
      const rows = messages.map((message) => ['2026-11-24T09:00:00Z', message]);
      file('week.json', JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'timestamp', type: 'datetime' }, { name: 'message', type: 'string' }], rows }] }));
      file('out/week.html', '');
      return ivr(['report', 'week.json', '--output', 'out/week.html']);
    },
  },
  {
    page: 'docs/testing.md',
    starts: 'stderr | test/operator.test.ts > 2 reaches an operator',
    notPrinted: { lines: 1, why: "vitest's heading of the test's stderr" },
    // The README's unit test, on the shipped flow, its operators' number not in env: what callIvr writes beside its failure.
    output: async () => {
      const options = { to: '+390237921240', at: '2026-11-24T10:00', press: ['-', '2'] };
      const call = await callIvr({ ...options, flow: shippedFlow() });
      return failureNote(callShown(options), call.errors, call.path, call.outcome);
    },
  },
  {
    page: 'docs/testing.md',
    starts: '  FAIL  consumer line: 3, * back to the menu, then 2: an operator',
    command: 'npx ivr test route.yaml',
    // The page's scenario, the `yaml` block before it, as route.yaml, on the flow with the consumer menu's keys 3 and 4
    // swapped, named in the scenario's settings on the line that gives them, so its lines are numbered as on the page.
    output: (args) => {
      flowCopy('out/swapped-3-4.json', (flow) => swapKeys(flow, '3', '4'));
      const route = blockBefore('docs/testing.md', '  FAIL  consumer line: 3', 'yaml').code;
      file('route.yaml', route.replace(/^( {2}settings: \{ )/m, `$1IVR_FLOW_FILE: ${JSON.stringify(path.join(tmp, 'out/swapped-3-4.json'))}, `));
      return ivr(args, { exit: 1 });
    },
  },
  {
    page: 'docs/testing.md',
    starts: '  FAIL  consumer, weekday evening: hours, chat and contact form',
    command: 'npx ivr test test/scenarios/closed.yaml',
    output: closedAtSix,
  },
  {
    page: 'docs/testing.md',
    starts: '  FAIL  consumer, begun at 16:59:10, operator asked for after 17:00',
    command: 'npx ivr test test/scenarios/closed.yaml',
    output: closedAtSix,
  },
  {
    page: 'docs/testing.md',
    starts: '  FAIL  consumer, begun at 16:59:50: an operator',
    command: 'npx ivr test late.yaml',
    // The page's scenario, the `yaml` block before it, as late.yaml.
    output: (args) => {
      file('late.yaml', blockBefore('docs/testing.md', '  FAIL  consumer, begun at 16:59:50', 'yaml').code);
      return ivr(args, { exit: 1 });
    },
  },
];

/** Text blocks that show no command's output, or that another test compares with what it prints, and which. */
const CHECKED_ELSEWHERE: { page: string; starts: string; by: string }[] = [
  { page: 'docs/design.md', starts: 'flows/*.json', by: 'none: a drawing of the data flow, no output' },
  { page: 'docs/cli.md', starts: 'ivr diff flows/klarna-italia.json -> out/fri.json', by: 'test/docs/diffExampleOutput.test.ts' },
  { page: 'docs/holidays.md', starts: 'IVR [it-IT]: Oggi il servizio clienti telefonico è chiuso per la chiusura natalizia.', by: 'test/docs/holidayNamesHeard.test.ts' },
  { page: 'docs/holidays.md', starts: 'IVR [it-IT]: Oggi il servizio clienti telefonico è chiuso per le feste natalizie.', by: 'test/docs/holidayNamesHeard.test.ts' },
  // What the test that checks each makes (a busy port, a broken draft, a late answer, records): it compares the block with its own output.
  { page: 'docs/troubleshooting.md', starts: 'Port 7071 on 127.0.0.1 is in use', by: 'test/server/startupErrors.test.ts' },
  { page: 'docs/troubleshooting.md', starts: 'Invalid flow file /home/you/klarna-ivr/flows/draft.json', by: 'test/server/buildAfterFlowEdit.test.ts' },
  { page: 'docs/call-records.md', starts: 'CallSid=', by: 'test/journal/lateAnswers.test.ts' },
  { page: 'docs/cli.md', starts: '2 transfers were refused', by: 'test/report/ivrReport.test.ts' },
  { page: 'docs/cli.md', starts: '4 offered the SMS', by: 'test/report/smsOfferMap.test.ts' },
  { page: 'docs/cli.md', starts: 'The keys of', by: 'test/report/wrongKeys.test.ts' },
  { page: 'docs/cli.md', starts: '3 calls had a request fail', by: 'test/report/fallbackCalls.test.ts' },
];

describe('text blocks that show what a command prints', () => {
  it('are each checked: here, or by the test named in CHECKED_ELSEWHERE', () => {
    const known = [...EXAMPLES, ...CHECKED_ELSEWHERE];
    for (const block of textBlocks) {
      expect(
        known.filter((k) => k.page === block.page && block.code.startsWith(k.starts)),
        `${block.where}: a text block no test compares with what its command prints; add it to EXAMPLES in test/docs/outputBlocks.test.ts (or to CHECKED_ELSEWHERE)`,
      ).toHaveLength(1);
    }
    for (const { page, starts, by } of CHECKED_ELSEWHERE) {
      expect(textBlocks.some((b) => b.page === page && b.code.startsWith(starts)), `${page} no longer has the text block "${starts}"`).toBe(true);
      if (by.startsWith('test/')) expect(readFileSync(path.join(projectDir, by), 'utf8'), `${by} should read ${page}`).toContain(page);
    }
  });

  it.each(EXAMPLES.map((example) => [`${example.page}: ${example.starts.trim()}`, example] as const))('%s', async (_name, example) => {
    const block = textBlocks.find((b) => b.page === example.page && b.code.startsWith(example.starts));
    expect(block, `${example.page} no longer has the text block "${example.starts}"`).toBeDefined();
    if (example.command) {
      expect(sectionUpTo(block!).replace(/\s+/g, ' '), `${block!.where}: the page no longer names the command of the block before it, in its section`).toContain(example.command);
    }
    const printed = await (example.output ?? ivr)(example.command ? shellWords(example.command).slice(2) : []);
    const shown = block!.code.split('\n').slice(example.notPrinted?.lines ?? 0).join('\n');
    const mismatch = notPrinted(shown, printed, example.varies);
    expect(mismatch, `${block!.where}: the block is not what the command prints today; ${mismatch}\n--- printed ---\n${printed.slice(0, 6000)}`).toBeUndefined();
  }, 60_000);
});
