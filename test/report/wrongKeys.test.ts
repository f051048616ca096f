// `ivr report` with a flow whose keys are not the ones the calls pressed: right after a deploy that swapped
// keys 3 and 4 of the consumer menu, the default flow is the new one, and the callers of last week pressed 3
// for the complaints procedure. The report says so on the terminal and the page (the calls, the menu and key,
// and the fix: --flow with the flow they went through), and labels those arrows with the keys pressed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
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
function menuArrows(html: string): string[][] {
  const table = /<table data-map-moves><caption>Calls along each arrow of the consumer line[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).map((cell) => cell.replace(/&amp;/g, '&'))).filter(([from]) => from === 'consumer-menu');
}

/** The page's text without the isolation marks round record values. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '');

describe('ivr report with a flow whose keys differ from those the calls pressed', { timeout: 30_000 }, () => {
  it('says on the terminal and the page which keys lead elsewhere, for how many calls, and to give --flow the flow they went through', async () => {
    const flowFile = swappedFlowFile();
    const { run, html } = await report(flowFile);
    expect(run.code, run.stderr).toBe(0);
    const said = 'The keys of 8 calls do not lead where this flow sends them: 6 calls pressed 3 at consumer-menu and went to consumer-complaints, where this flow sends 3 to consumer-written; 3 calls pressed 4 at consumer-menu and went to consumer-written, where this flow sends 4 to consumer-complaints';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow ${flowFile}).`);
    // The commands name the file from where ivr ran (the project folder), as git reads COMMIT:PATH (not an absolute path).
    const fromHere = path.relative(projectDir, flowFile);
    expect(fromHere.startsWith('../')).toBe(true);
    expect(run.stderr).toContain(`give that one with --flow (from git: git log -- ${fromHere} names the commits, git show COMMIT:${fromHere} > flow-then.json writes the flow as it was, then --flow flow-then.json)`);
    expect(html).toContain('data-wrong-keys="8"');
    expect(plain(html)).toContain(`${said}.</strong> The flow has changed since these calls`);
  });

  it('names a flow given by its absolute path inside the project as git reads it in a commit, from the folder ivr ran in', async () => {
    // `git show COMMIT:/abs/path` fails ("exists on disk, but not in COMMIT"); COMMIT:./out/... is the file from here.
    mkdirSync(path.join(projectDir, 'out'), { recursive: true });
    const folder = mkdtempSync(path.join(projectDir, 'out', 'wrong-keys-'));
    try {
      const { run } = await report(swappedFlowFile(folder));
      const fromHere = path.relative(projectDir, path.join(folder, 'swapped.json'));
      expect(run.stderr).toContain(`git log -- ${fromHere} names the commits, git show COMMIT:./${fromHere} > flow-then.json`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
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
    // pressed 1. "fallback:11200" stands where the dial's answer was; paired with the welcome it would read as a key
    // the flow sends nowhere, and every later key would shift by one.
    const flow = loadFlowFile(FIXED_FLOW_FILE);
    const path = [...MENU, 'consumer-operator-hours', 'consumer-operator', 'consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu'];
    expect(menuChoices(flow, path, ['none', '2', 'fallback:11200', '1'], false)).toEqual([
      { menu: 'consumer-welcome', key: 'none', to: 'consumer-hours' },
      { menu: 'consumer-menu', key: '2', to: 'consumer-operator-hours' },
    ]);
  });

  it("says so on the dev phone's report too, whose flow is the one the host serves now", async () => {
    const html = await reportOfLines(RECORDS, loadFlowFile(swappedFlowFile()), 'the calls made on this local host');
    expect(html).toContain('data-wrong-keys="8"');
    expect(plain(html)).toContain("These calls were made before the flow file was changed: the map's arrows say the keys these callers pressed.");
  });
});
