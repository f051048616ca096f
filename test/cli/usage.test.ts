import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit, projectDir, runIvr } from '../support/runIvr';
import { shippedFlow, shippedLines } from '../support/shippedFlow';

// How every `ivr` subcommand treats its command line, as a script sees it:
// --help shows the usage with the exit codes and changes nothing; a mistake
// exits 2 with the usage, before anything is done.

const COMMANDS = ['call', 'test', 'diagram', 'lint', 'schema', 'provision', 'explore', 'holidays'];

/** Every file under flows/ (where `ivr schema` and `ivr holidays` write) with its size and modification time. */
function flowsFolder(): Record<string, string> {
  const dir = path.join(projectDir, 'flows');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name));
  return Object.fromEntries(files.map((file) => [file, `${statSync(file).size} ${statSync(file).mtimeMs}`]));
}

describe('ivr <command> --help', () => {
  it.each(COMMANDS)('ivr %s --help and -h print the usage with its exit codes, exit 0 and write nothing', async (command) => {
    const before = flowsFolder();
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-help-')), 'picture.svg');
    for (const args of [[command, '--help'], [command, '-h'], [command, '--output', output, '--check', '--help']]) {
      const { code, stdout, stderr } = await runIvr(args);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: ivr ${command}`);
      expect(stdout).toMatch(/Exit codes:[\s\S]*\n {2}0 {2}[\s\S]*\n {2}2 {2}wrong usage/);
      expect(stderr).toBe('');
    }
    expect(flowsFolder()).toEqual(before);
    expect(readdirSync(path.dirname(output))).toEqual([]);
  });

  it('ivr help call is ivr call --help', async () => {
    const { code, stdout } = await runIvr(['help', 'call']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ivr call [options]');
  });
});

describe('a mistake on the command line exits 2 with the usage, and changes nothing', () => {
  it.each(COMMANDS)('ivr %s --bogus', async (command) => {
    const before = flowsFolder();
    const { code, stdout, stderr } = await runIvr([command, '--bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^ivr ${command}: unknown option --bogus\n`));
    // The synopsis and where the rest is: the whole usage would push the mistake off a small terminal.
    expect(stderr).toContain(`\n\nUsage: ivr ${command}`);
    expect(stderr).toMatch(new RegExp(`\n\`ivr ${command} --help\` shows the whole usage\.\n?$`));
    expect(stderr).not.toContain('Exit codes:');
    expect(stderr.split('\n').length).toBeLessThanOrEqual(6);
    expect(flowsFolder()).toEqual(before);
  });

  it('a mistyped option is named with the closest one the command has, as callIvr and scenario files do', async () => {
    const { code, stderr } = await runIvr(['call', '--presss', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ivr call: unknown option --presss; use --press\n/);
    expect((await runIvr(['replay', '--wirte-scenarios', 'out/x', 'calls.log'])).stderr).toMatch(/^ivr replay: unknown option --wirte-scenarios; use --write-scenarios\n/);
  });

  it('a mistyped command is named with the closest one, as a mistyped option or value is', async () => {
    const { code, stdout, stderr } = await runIvr(['cal']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ivr: unknown command "cal" \(the closest: "call"\)\n\nUsage: ivr <command> \[options\]\n/);
  });

  it('ivr call --line NAME, which diagram, explore and provision take: the --to to give instead, the line\'s number from the flow', async () => {
    const merchant = await runIvr(['call', '--line', 'merchant']);
    expect(merchant.code).toBe(2);
    expect(merchant.stdout).toBe('');
    expect(merchant.stderr).toMatch(new RegExp(`^ivr call: unknown option --line; a call reaches a line by its number: use --to \\${shippedFlow().lines.merchant!.number} \\(the merchant line's number\\)\n`));
    // A name that is no line of the flow: every line's --to.
    const lines = Object.entries(shippedFlow().lines).map(([line, { number }]) => `--to ${number} (${line})`);
    const vip = await runIvr(['call', '--line=vip']);
    expect(vip.code).toBe(2);
    expect(vip.stderr.split('\n')[0]).toBe(`ivr call: unknown option --line; a call reaches a line by its number: use --to and a line's number, ${lines.join(' or ')}`);
  });

  // A script's `--at "$AT"` with AT unset: `ivr call` called at the machine's time (exit 0), `ivr call --hangup-at ""`
  // hung up at second 0, `ivr diff --week ""` compared the default week.
  it.each([
    [['call', '--at', '', '--press', '-'], 'ivr call: --at is empty; give ISO-8601, e.g. 2026-11-24T10:00'],
    [['call', '--at= ', '--press', '-'], 'ivr call: --at is empty; give ISO-8601, e.g. 2026-11-24T10:00'],
    [['call', '--hangup-at', ''], 'ivr call: --hangup-at is empty; give SECONDS'],
    [['call', '--press', '1', '--press', ''], 'ivr call: --press is empty; give KEYS'],
    [['call', '--param', ''], 'ivr call: --param is empty; give NAME=VALUE, e.g. --param FromCity=MILANO'],
    [['explore', '--at', ''], 'ivr explore: --at is empty; give ISO-8601, e.g. 2026-11-24T10:00'],
    [['diff', 'flows/klarna-italia.json', 'flows/klarna-italia.json', '--week', ''], 'ivr diff: --week is empty; give DATE'],
    [['report', 'calls.log', '--output', 'report.html', '--from', ''], 'ivr report: --from is empty; give DATE'],
    [['test', '--at', ''], 'ivr test: --at is empty; give ISO-8601, e.g. 2026-11-24T10:00'],
  ])('an empty value is refused, saying what the option takes: ivr %j', async (args, told) => {
    const before = flowsFolder();
    const run = await runIvr(args);
    expectExit(run, 2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(told);
    expect(flowsFolder()).toEqual(before);
  });

  it.each([
    ['schema', ['schema', 'flows/other.schema.json'], /Unexpected argument 'flows\/other\.schema\.json'. This command does not take positional arguments/],
    ['explore', ['explore', 'a.json', 'b.json'], /takes at most 1 argument besides options, got 2: a\.json b\.json/],
    ['call', ['call', '--to'], /Option '--to <value>' argument missing/],
  ])('%s with an argument it does not take', async (_command, args, message) => {
    const before = flowsFolder();
    const { code, stderr } = await runIvr(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(flowsFolder()).toEqual(before);
  });

  it('ivr test on a path that is not there says so in one line', async () => {
    const { code, stdout, stderr } = await runIvr(['test', 'test/scenarios/no-such-scenario.yaml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('ivr test: no such file or folder: test/scenarios/no-such-scenario.yaml (see `ivr test --help`)\n');
  });

  it('ivr lint without a file checks the flow the app loads, as diagram and explore read it', async () => {
    const app = await runIvr(['lint']);
    expect(app.code).toBe(0);
    expect(app.stdout).toBe('OK flows/klarna-italia.json\n');
    const other = await runIvr(['lint'], { env: { IVR_FLOW_FILE: 'test/flow/fixtures/ref-missing-node.json' } });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('Invalid flow file test/flow/fixtures/ref-missing-node.json: 1 problem');
  });

  it('ivr lint on a file that is not there, among ones that are, checks none', async () => {
    const { code, stdout, stderr } = await runIvr(['lint', 'flows/klarna-italia.json', 'flows/typo.json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('ivr lint: no such file or folder: flows/typo.json (see `ivr lint --help`)\n');
  });

  it('ivr lint with IVR_FLOW_FILE naming a file that is not there: exit 2, as for a FILE argument, with the fix naming the setting', async () => {
    const missing = path.join(tmpdir(), 'ivr-no-such-flow.json');
    const { code, stdout, stderr } = await runIvr(['lint'], { env: { IVR_FLOW_FILE: missing } });
    // The flows in flows/ are checked still, as the build before npm start checks them.
    expect(stdout).toBe('OK flows/klarna-italia.json\n');
    // Named as the setting gives it, not as a path from here ("../../../tmp/ivr-no-such-flow.json").
    expect(stderr).toContain(`Invalid flow file ${missing}: 1 problem\n  at (file): cannot be read: ENOENT: no such file or directory`);
    expect(stderr).toContain('    fix: check the path, or set IVR_FLOW_FILE to an existing flow file\n');
    expect(code).toBe(2);
  });

  it('ivr lint (and diff, explore, diagram) on a folder: a usage error naming the flow files inside it, the schema left out', async () => {
    for (const command of ['lint', 'explore', 'diagram']) {
      const { code, stdout, stderr } = await runIvr([command, 'flows/']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`ivr ${command}: flows/ is a folder, not a flow file; name the flow file inside it: flows/klarna-italia.json (see \`ivr ${command} --help\`)\n`);
    }
    const diff = await runIvr(['diff', 'flows', 'flows/klarna-italia.json']);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('flows is a folder, not a flow file; name the flow file inside it: flows/klarna-italia.json');
    // IVR_FLOW_FILE naming a folder: the app's flow cannot be loaded, said the same way, with the file to name.
    const setting = await runIvr(['lint'], { env: { IVR_FLOW_FILE: 'flows' } });
    expect(setting.code).toBe(2);
    expect(setting.stderr).toContain('at (file): is a folder, not a flow file\n    fix: name the flow file inside it: flows/klarna-italia.json');
    expect(setting.stderr).not.toContain('EISDIR');
  });

  it.each([
    [['call', '--at', 'tomorrow'], 'ivr call: --at "tomorrow" is not an ISO-8601 date-time'],
    [['call', '--press', 'x'], 'ivr call: --press "x": give phone keys'],
    [['call', '--dial-status', 'engaged'], 'ivr call: --dial-status "engaged" is not how a <Dial> ends (give one, or a comma-separated list); use one of: completed, busy, no-answer, failed, canceled'],
    [['call', '--twiml', 'no-such.twiml'], 'ivr call: no such file or folder: no-such.twiml'],
    [['call', '--url', 'localhost:7071/api/voice'], 'ivr call: --url "localhost:7071/api/voice" is not an http(s) URL'],
    // Every line of the shipped flow, and no other (consumer, merchant, …), then where help is.
    [['diagram', '--line', 'vip'], `ivr diagram: --line "vip" is not a line of the flow; use one of: ${shippedLines().join(', ')} (see`],
    [['explore', '--line', 'vip'], `ivr explore: --line "vip" is not a line of the flow; use one of: ${shippedLines().join(', ')} (see`],
    [['holidays', '--check', '--from', '2030', '--to', '2020'], 'ivr holidays: need whole years with --from ≤ --to'],
  ])('a bad value: ivr %j', async (args, message) => {
    const run = await runIvr(args);
    expectExit(run, 2);
    expect(run.stderr.startsWith(message), run.stderr).toBe(true);
    expect(run.stderr).toContain(`(see \`ivr ${args[0]} --help\`)`);
  });

  it('bare ivr lists the commands on stderr, exit 2; ivr --help on stdout, exit 0', async () => {
    const bare = await runIvr([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: ivr <command> [options]');
    const help = await runIvr(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 done, nothing wrong; 1 something wrong found/);
  });
});
