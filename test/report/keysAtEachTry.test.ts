// `ivr report`'s check of callers' keys against the flow it draws, try by try: a key a menu has no option for is a
// failed try, which asks the menu again, and only on the last try the menu allows goes on to its "exhausted" node
// (the consumer menu's operator, after 3). So a key moved to another number (the operator from 2 to 0) is flagged
// even though its old node is also where 3 failed tries go. Tries count as the engine counts them: `*` (an option)
// starts them again, Twilio's fallback (a failed request, not the caller) leaves them as they were. And an arrow
// that callers took by the flow's key and others by a key it sends elsewhere counts each apart.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { arrowRows, reportRecords } from './reportRun';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-tries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = ['consumer-welcome', 'consumer-hours'];
let sid = 0;
/** A call's record: the welcome answered with silence, then `path` from the consumer menu on, and its `inputs` there. */
const call = (path: string[], inputs: string[], outcome = 'caller-hung-up-in-menu') =>
  JSON.stringify({ event: 'ivr.call', callSid: `CA${String(++sid).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path: [...START, ...path], inputs: ['none', ...inputs], durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });

const M = 'consumer-menu';
const OPERATOR = ['consumer-operator-hours', 'consumer-operator'];

/** The fixed menu with one change made to it, as a deploy would. */
function changedFlow(name: string, change: (flow: any) => void): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  change(flow);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

/** The operator moved from key 2 to key 0 of the consumer menu, its prompt saying so. */
const operatorOn0 = () =>
  changedFlow('operator-on-0', (flow) => {
    const menu = flow.nodes[M];
    menu.options.find((o: { key: string }) => o.key === '2').key = '0';
    menu.prompt = menu.prompt.map((p: Record<string, string>) => ({ it: p.it?.replace('premi 2', 'premi 0'), en: p.en?.replace('press 2', 'press 0') }));
  });

const report = (name: string, records: string[], flowFile: string) => reportRecords(dir, name, records, flowFile);

/** The rows of the consumer map's table of arrows out of the consumer menu: key or outcome, to, calls. */
const menuArrows = (html: string) => arrowRows(html, 'consumer').filter(([from]) => from === M).map(([, ...rest]) => rest);

describe('ivr report checks each key at the try it was pressed at', { timeout: 30_000 }, () => {
  it('says callers who pressed 2 for the operator, moved to 0 since, went where this flow does not send them, though 3 failed tries go there too', async () => {
    const records = [
      // Three pressed 2 for the operator; two pressed nothing three times, and were put through after the third.
      ...[1, 2, 3].map(() => call([M, ...OPERATOR], ['2', 'dial:completed'], 'transferred')),
      ...[1, 2].map(() => call([M, M, M, ...OPERATOR], ['none', 'none', 'none', 'dial:completed'], 'transferred')),
    ];
    const { run, html } = await report('operator-on-0', records, operatorOn0());
    expect(run.code, run.stderr).toBe(0);
    const said = 'The keys of 3 calls do not lead where this flow sends them: 3 calls pressed 2 at consumer-menu and went to consumer-operator-hours, where this flow has no key 2 there (the menu asks again)';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow `);
    expect(html).toContain(`${said}.</strong>`);
    // The arrow to the operator: the two callers who failed three times the flow's way, the three who pressed 2 apart.
    expect(menuArrows(html)).toContainEqual(['0, 3 failed tries', 'consumer-operator-hours', '2']);
    expect(menuArrows(html)).toContainEqual(['pressed 2 (this flow: 0, 3 failed tries)', 'consumer-operator-hours', '3']);
    expect(html).toContain('>0, 3 failed tries · 2; pressed 2 (this flow: 0, 3 failed tries) · 3</text>');
  });

  it('counts tries as the engine does: * starts them again, and a fallback is no try', async () => {
    const records = [
      // Two failed tries, * (the menu again, by its key), then a third that is the first again: the menu, not the operator.
      call([M, M, M, M, M, 'consumer-chat'], ['none', '7', '*', 'none', '1']),
      // A failed try, Twilio's fallback (a request failed), then two more: the operator on the third failed try.
      call([M, M, M, M, ...OPERATOR], ['none', 'fallback:11200', 'none', 'none', 'dial:completed'], 'transferred'),
    ];
    const { run, html } = await report('tries', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('do not lead where');
    expect(html).not.toContain('data-wrong-keys');
  });

  it('says a failed try that went on where this flow allows fewer tries is one, and where it goes then', async () => {
    // The calls went through a menu that asked three times; this flow puts the caller through after two.
    const twoTries = changedFlow('two-tries', (flow) => (flow.nodes[M].retry.maxAttempts = 2));
    const { run } = await report('two-tries', [call([M, M, M, ...OPERATOR], ['none', 'none', 'none', 'dial:completed'], 'transferred')], twoTries);
    expect(run.stderr).toContain('ivr report: The keys of 1 call do not lead where this flow sends them: 1 call pressed no key at consumer-menu and went to consumer-menu, where this flow takes no key as a 2nd failed try, which goes on to consumer-operator-hours (the flow ');
  });

  it("counts an arrow's callers who pressed the flow's key apart from those who pressed one it sends elsewhere", async () => {
    // Records of two flows: before keys 3 and 4 were swapped (4 complaints, then) and after (3 complaints, as now).
    const records = [...[1, 2, 3, 4].map(() => call([M, 'consumer-complaints'], ['4'])), ...[1, 2].map(() => call([M, 'consumer-complaints'], ['3']))];
    const { run, html } = await report('two-flows', records, FIXED_FLOW_FILE);
    expect(run.stderr).toContain('4 calls pressed 4 at consumer-menu and went to consumer-complaints, where this flow sends 4 to consumer-written');
    // "pressed 4 (this flow: 3)" counts the four who pressed 4; the two who pressed 3 are counted as the flow's 3.
    expect(menuArrows(html)).toContainEqual(['3', 'consumer-complaints', '2']);
    expect(menuArrows(html)).toContainEqual(['pressed 4 (this flow: 3)', 'consumer-complaints', '4']);
    expect(html).toContain('>3 · 2; pressed 4 (this flow: 3) · 4</text>');
  });
});
