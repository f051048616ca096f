// `ivr report` with a flow whose keys are not the ones the calls pressed: right after a deploy that swapped
// keys 3 and 4 of the consumer menu, the default flow is the new one, and the callers of last week pressed 3
// for the complaints procedure. The report says so on the terminal and the page (the calls, the menu and key,
// and the fix: --flow with the flow they went through), and labels those arrows with the keys pressed.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { arrowRows } from './reportRun';
import { notPrinted, textBlock } from '../docs/markdown';
import { reportOfLines } from '../../src/report/reportOfLines';
import { loadFlowFile } from '../../src/testing';
import { menuChoices } from '../../src/report/keysPressed';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MENU = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
const call = (n: number, then: string[], inputs: string[]) =>
  JSON.stringify({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it', path: [...MENU, ...then], inputs, durationSeconds: 40, startedAt: `2026-11-24T10:${String(n).padStart(2, '0')}:00+01:00`, from: '+39******4567', to: '+39******1240' });

/** As the fixed menu had them: 3 complaints, 4 written; five callers pressed 3, two pressed 4, one pressed 1 (chat), one pressed 3, then * to go back and 4. */
const RECORDS = [
  ...[1, 2, 3, 4, 5].map((n) => call(n, ['consumer-complaints'], ['none', '3'])),
  ...[6, 7].map((n) => call(n, ['consumer-written'], ['none', '4'])),
  call(8, ['consumer-chat'], ['none', '1']),
  call(9, ['consumer-complaints', 'consumer-menu', 'consumer-written'], ['none', '3', '*', '4']),
];

/** The fixed menu after a deploy that swapped keys 3 and 4 of the consumer menu. */
function swappedFlowFile(folder = dir): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  for (const option of flow.nodes['consumer-menu'].options) {
    if (option.key === '3') option.next = 'consumer-written';
    else if (option.key === '4') option.next = 'consumer-complaints';
  }
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'swapped.json');
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

async function report(flowFile: string) {
  const records = path.join(dir, 'calls.jsonl');
  writeFileSync(records, RECORDS.join('\n') + '\n');
  const output = path.join(dir, `${path.basename(flowFile)}.html`);
  const run = await runIvr(['report', records, '--output', output, '--flow', flowFile]);
  return { run, html: existsSync(output) ? readFileSync(output, 'utf8') : '' };
}

/** The rows of the consumer map's table of arrows out of consumer-menu: from, key or outcome, to, calls. */
const menuArrows = (html: string) => arrowRows(html, 'consumer').filter(([from]) => from === 'consumer-menu');

/** The page's text without the isolation marks round record values. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '');

describe('ivr report with a flow whose keys differ from those the calls pressed', { timeout: 30_000 }, () => {
  it('says on the terminal and the page which keys lead elsewhere, for how many calls, and to give --flow the flow they went through', async () => {
    const flowFile = swappedFlowFile();
    const { run, html } = await report(flowFile);
    expect(run.code, run.stderr).toBe(0);
    const said = 'The keys of 8 calls do not lead where this flow sends them: 6 calls pressed 3 at consumer-menu and went to consumer-complaints, where this flow sends 3 to consumer-written; 3 calls pressed 4 at consumer-menu and went to consumer-written, where this flow sends 4 to consumer-complaints';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow ${flowFile}).`);
    expect(notPrinted(textBlock('docs/cli.md', 'The keys of'), said), 'docs/cli.md, "Keys that lead elsewhere"').toBeUndefined();
    expect(run.stderr).toContain('\nThe flow has changed since these calls, or is not the one they went through: give that one with --flow (');
    expect(html).toContain('data-wrong-keys="8"');
    expect(plain(html)).toContain(`${said}.</strong> The flow has changed since these calls`);
  });

  it("labels the arrows those calls took with the keys they pressed, and the flow's key beside it", async () => {
    const { html } = await report(swappedFlowFile());
    const arrows = menuArrows(html);
    // consumer-menu → consumer-complaints: the flow's 4 now; the six callers pressed 3.
    expect(arrows).toContainEqual(['consumer-menu', 'pressed 3 (this flow: 4)', 'consumer-complaints', '6']);
    expect(arrows).toContainEqual(['consumer-menu', 'pressed 4 (this flow: 3)', 'consumer-written', '3']);
    // Keys that lead where the flow says keep the flow's label.
    expect(arrows).toContainEqual(['consumer-menu', '1', 'consumer-chat', '1']);
    // The map draws the same labels.
    expect(plain(html)).toContain('>pressed 3 (this flow: 4) · 6</text>');
  });

  it('says nothing of the kind with the flow the calls went through', async () => {
    const { run, html } = await report(FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('do not lead where');
    expect(html).not.toContain('data-wrong-keys');
    expect(menuArrows(html)).toContainEqual(['consumer-menu', '3', 'consumer-complaints', '6']);
  });

  it("reads no key in Twilio's fallback: a transfer's request failed and the fallback started the call again", () => {
    // The <Dial> action failed (502): Twilio's fallback URL (/api/voice) answered with the welcome, where the caller
    // pressed 1. "fallback:11200" stands where the dial's answer was: it answered the transfer, not the welcome; paired
    // with the welcome it would read as a key the flow sends nowhere, and every later key would shift by one.
    const flow = loadFlowFile(FIXED_FLOW_FILE);
    const path = [...MENU, 'consumer-operator-hours', 'consumer-operator', 'consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-complaints'];
    expect(menuChoices(flow, path, ['none', '2', 'fallback:11200', '1', '3'], false).map(({ menu, key, to }) => [menu, key, to])).toEqual([
      ['consumer-welcome', 'none', 'consumer-hours'],
      ['consumer-menu', '2', 'consumer-operator-hours'],
      ['consumer-operator', 'fallback:11200', 'consumer-welcome'],
      ['consumer-welcome', '1', 'consumer-welcome-en'],
      ['consumer-menu', '3', 'consumer-complaints'],
    ]);
  });

  it("says so on the dev phone's report too, whose flow is the one the host serves now", async () => {
    const html = await reportOfLines(RECORDS, loadFlowFile(swappedFlowFile()), 'the calls made on this local host');
    expect(html).toContain('data-wrong-keys="8"');
    expect(plain(html)).toContain("These calls were made before the flow file was changed: the map's arrows say the keys these callers pressed.");
  });
});

describe('ivr report names the flow git has the history of, in the fix for keys that lead elsewhere', { timeout: 30_000 }, () => {
  /**
   * A project folder of its own (`git init`), the app's flow in flows/ (tracked: added to git) and the swapped one
   * as `tracked` says: in flows/ too, or a copy in out/ that git does not track; or no git at all.
   */
  async function reportIn(setup: 'copy in out/' | 'tracked' | 'no git') {
    const project = mkdtempSync(path.join(dir, 'project-'));
    const records = path.join(project, 'calls.jsonl');
    writeFileSync(records, RECORDS.join('\n') + '\n');
    mkdirSync(path.join(project, 'flows'));
    const appFlow = path.join(project, 'flows', 'klarna-italia.json');
    writeFileSync(appFlow, readFileSync(setup === 'tracked' ? swappedFlowFile() : FIXED_FLOW_FILE));
    const given = setup === 'tracked' ? appFlow : swappedFlowFile(path.join(project, 'out'));
    // No repository above the folder either (GIT_CEILING_DIRECTORIES): with no git, none is found.
    const env = { IVR_FLOW_FILE: 'flows/klarna-italia.json', GIT_CEILING_DIRECTORIES: dir };
    if (setup !== 'no git') {
      execFileSync('git', ['init', '--quiet'], { cwd: project, env: { ...process.env, ...env } });
      execFileSync('git', ['add', 'flows/klarna-italia.json'], { cwd: project, env: { ...process.env, ...env } });
    }
    const output = path.join(project, 'report.html');
    const run = await runIvr(['report', records, '--output', output, '--flow', path.relative(project, given)], { cwd: project, env });
    return { run, html: existsSync(output) ? plain(readFileSync(output, 'utf8')) : '' };
  }

  it('gives the git commands for the flow given, from the folder ivr ran in, when git tracks it', async () => {
    const { run, html } = await reportIn('tracked');
    const fix = 'give that one with --flow (from git: git log -- flows/klarna-italia.json names the commits, git show COMMIT:./flows/klarna-italia.json > flow-then.json writes the flow as it was, then --flow flow-then.json)';
    expect(run.stderr).toContain(fix);
    expect(html).toContain(fix.replace(/>/g, '&gt;'));
  });

  it('points to the app\'s flow, which git tracks, for a copy in out/ it does not track (git log -- out/… would find nothing)', async () => {
    const { run, html } = await reportIn('copy in out/');
    const fix = "give that one with --flow (out/swapped.json is not a file git tracks; the app's flow is, from git: git log -- flows/klarna-italia.json names the commits, git show COMMIT:./flows/klarna-italia.json > flow-then.json writes the flow as it was, then --flow flow-then.json)";
    expect(run.stderr).toContain(fix);
    expect(run.stderr).not.toContain('git log -- out/');
    expect(html).toContain(fix.replace(/>/g, '&gt;'));
  });

  it('leaves git out where there is none', async () => {
    const { run } = await reportIn('no git');
    expect(run.stderr).toContain('give that one with --flow (out/swapped.json is not a file git tracks, so git has no earlier one). Until then');
    expect(run.stderr).not.toContain('git log');
  });
});
