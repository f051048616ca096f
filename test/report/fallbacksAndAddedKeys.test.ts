// `ivr report` on records of a menu that has gained a key since ("add key 6", docs/changing-the-menu.md): a key the
// menu had no option for then said the menu again, which the path shows, and this flow sends it on. Such a call
// is said to go where this flow does not send it, as any key that leads elsewhere, and the keys after it are still
// read. A record from before the app recorded Twilio's fallback, whose menu a lost request said again with no
// input, is an input short instead: its keys are not paired. And Twilio's fallback is shown at every menu it said
// again, the welcome's too, and said as what the app did at each kind of node.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { arrowRows, reportRecords } from './reportRun';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-added-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let sid = 0;
const call = (nodes: string[], inputs: string[], outcome = 'caller-hung-up-in-menu', more: Record<string, string> = {}) =>
  JSON.stringify({ event: 'ivr.call', callSid: `CA${String(++sid).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path: nodes, inputs, ...more, durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });

const W = 'consumer-welcome';
const H = 'consumer-hours';
const M = 'consumer-menu';
const OPERATOR = ['consumer-operator-hours', 'consumer-operator'];

/** The fixed menu with `key` added to the consumer menu, to the written contact. */
function withKey(key: string): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  const menu = flow.nodes[M];
  menu.options.push({ key, next: 'consumer-written' });
  const last = menu.prompt.at(-1);
  last.it += ` Per scriverci, premi ${key}.`;
  last.en += ` To write to us, press ${key}.`;
  const file = path.join(dir, `key-${key}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

const report = (name: string, records: string[], flowFile: string) => reportRecords(dir, name, records, flowFile);
const warning = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('ivr report: The keys'))?.split(' (the flow ')[0] ?? '';
const menuArrows = (html: string) => arrowRows(html, 'consumer').filter(([from]) => from === M).map(([, ...rest]) => rest);

describe('ivr report with a flow that has gained a key since the calls', { timeout: 30_000 }, () => {
  it('says the callers who pressed it then heard the menu again, where this flow sends it on, and reads their keys after it', async () => {
    // Made when the menu had no 6: pressed, the menu asked again, then 2 for the operator.
    const records = [1, 2, 3].map(() => call([W, H, M, M, ...OPERATOR], ['none', '6', '2', 'dial:completed'], 'transferred'));
    const { run, html } = await report('six', records, withKey('6'));
    expect(run.code, run.stderr).toBe(0);
    expect(warning(run.stderr)).toBe('ivr report: The keys of 3 calls do not lead where this flow sends them: 3 calls pressed 6 at consumer-menu and went to consumer-menu, where this flow sends 6 to consumer-written');
    expect(menuArrows(html)).toContainEqual(['pressed 6 (this flow: *, none / wrong: repeat)', M, '3']);
    expect(menuArrows(html)).not.toContainEqual(['*, none / wrong: repeat', M, '3']);
    expect(menuArrows(html)).toContainEqual(['2, 3 failed tries', 'consumer-operator-hours', '3']);
  });

  it("places Twilio's fallback after such a key at the menu it said again, not at a node the record does not say", async () => {
    // Made when the menu had no 7: 7 asked again, a request failed and the fallback asked again, then 3.
    const records = [call([W, H, M, M, M, 'consumer-complaints'], ['2', '7', 'fallback:11200', '3'])];
    const { run } = await report('seven', records, withKey('7'));
    expect(run.stdout).toContain("1 call had a request fail, and Twilio's fallback answered it (at consumer-menu 1)");
    expect(run.stdout).not.toContain('a node the record does not say');
    expect(warning(run.stderr)).toBe('ivr report: The keys of 1 call do not lead where this flow sends them: 1 call pressed 7 at consumer-menu and went to consumer-menu, where this flow sends 7 to consumer-written');
  });

  it('pairs no key of a record from before fallbacks were recorded, whose menu a lost request said again with no input', async () => {
    // Written before 7 December 2026: the caller's first key at the menu was lost, the fallback asked again (no input
    // recorded), and the 3 pressed then led to the complaints. Read as 3 pressed at the first asking, it would say
    // the menu came again after a key that leads elsewhere.
    const records = [call([W, H, M, M, 'consumer-complaints'], ['none', '3'])];
    const { run, html } = await report('lost-fallback', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('do not lead where');
    expect(menuArrows(html)).toContainEqual(['3', 'consumer-complaints', '1']);
  });
});

describe("ivr report on Twilio's fallback at each kind of node", { timeout: 30_000 }, () => {
  it('shows a fallback at the welcome on the map and its table, on an arrow back into the welcome', async () => {
    const records = [call([W, W, H, M, 'consumer-written'], ['fallback:11200', '2', '4'])];
    const { run, html } = await report('at-welcome', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`(at consumer-welcome 1): the app or Twilio failed there, not the caller. What the caller pressed then (or how a transfer ended) was lost, and is not counted as a key pressed or as no key. At a menu the caller heard it again, their tries as they were: on the map, "a request failed, Twilio's fallback" on the menu's arrow back to itself\n`);
    expect(arrowRows(html, 'consumer').filter(([from]) => from === W)).toContainEqual([W, "a request failed, Twilio's fallback", W, '1']);
    expect(html).toContain(">a request failed, Twilio's fallback · 1</text>");
  });

  it('says a fallback at the SMS offer took the offer as declined and the call went on, not that the prompt was said again', async () => {
    // The transfer busy, the apology, then the offer: the caller's key 1 at it lost, the call went on to the goodbye.
    const records = [call([W, H, M, ...OPERATOR, 'operator-unavailable', 'chat-link-sms', 'goodbye'], ['none', '2', 'dial:busy', 'fallback:11200'], 'menu-hung-up', { sms: 'declined' })];
    const { run } = await report('at-offer', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    const said = run.stdout.split('\n').find((line) => line.includes("Twilio's fallback")) ?? '';
    expect(said).toBe(
      "1 call had a request fail, and Twilio's fallback answered it (at chat-link-sms 1): the app or Twilio failed there, not the caller. What the caller pressed then (or how a transfer ended) was lost, and is not counted as a key pressed or as no key. " +
        'At an SMS offer the offer was taken as declined (no SMS sent, the record\'s sms "declined") and the call went on: on the map, among the calls offered it',
    );
  });
});
