// `ivr report`'s check of the keys callers pressed, past the chat-link SMS offer: a record that says the offer was
// made (`sms`) pairs the offer's answer with its next input, so the keys of the menus after it are checked too. A
// record with no `sms` cannot say whether the offer took an answer (a landline caller's took none; a record written
// before the app recorded declined offers may hold one): its keys after the offer are left unpaired.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { menuChoices } from '../../src/report/keysPressed';
import { reportOfLines } from '../../src/report/reportOfLines';
import { loadFlowFile, type Flow } from '../../src/testing';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { runIvr } from '../support/runIvr';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-sms-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Extra = { path: string[]; inputs: string[]; sms?: string; outcome?: string };
const record = (n: number, { path, inputs, sms, outcome = 'menu-hung-up' }: Extra) =>
  JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path, inputs,
    ...(sms ? { sms } : {}), durationSeconds: 40, startedAt: `2026-11-24T20:${String(n).padStart(2, '0')}:00+01:00`, from: '+39******4567', to: '+39******1240',
  });

/** A call's menu answers as menuChoices pairs them, without the tries before each. */
const pairs = (flow: Flow, path: string[], inputs: string[], sms: 'sent' | 'declined' | undefined) => menuChoices(flow, path, inputs, false, sms).map(({ menu, key, to }) => ({ menu, key, to }));

/** The page's text without the isolation marks round record values. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '');

describe('the keys of calls that passed the SMS offer', { timeout: 30_000 }, () => {
  // A flow whose SMS offer leads on to the consumer menu's choices again (after-sms-menu, which ends the call after
  // three tries with no key), as the calls went through it; and the same flow after a deploy that swapped keys 3 and 4
  // of that menu (3 now written, 4 complaints).
  function flowFiles(): { then: string; swapped: string } {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    const { intro: _intro, ...menu } = structuredClone(flow.nodes['consumer-menu']);
    flow.nodes['after-sms-menu'] = { ...menu, retry: { ...menu.retry, exhausted: 'goodbye' } };
    flow.nodes['chat-link-sms'].next = 'after-sms-menu';
    const then = path.join(dir, 'offer-to-menu.json');
    writeFileSync(then, JSON.stringify(flow, null, 2));
    for (const option of flow.nodes['after-sms-menu'].options) {
      if (option.key === '3') option.next = 'consumer-written';
      else if (option.key === '4') option.next = 'consumer-complaints';
    }
    const swapped = path.join(dir, 'offer-to-menu-swapped.json');
    writeFileSync(swapped, JSON.stringify(flow, null, 2));
    return { then, swapped };
  }
  // The operator was busy; the offer came, then the menu's choices again, where each caller pressed 3 (complaints, then).
  const BUSY = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'after-sms-menu', 'consumer-complaints'];
  const RECORDS = [
    // Offered: took it (1), or pressed nothing; the record says so.
    record(1, { path: BUSY, inputs: ['none', '2', 'dial:busy', '1', '3'], sms: 'sent' }),
    record(2, { path: BUSY, inputs: ['none', '2', 'dial:busy', 'none', '3'], sms: 'declined' }),
    // No sms: a landline caller (no answer to the offer), or a record from before the app recorded a declined offer
    // (an answer, "none"): the record cannot say which, so its keys after the offer are not paired.
    record(3, { path: BUSY, inputs: ['none', '2', 'dial:busy', '3'] }),
    record(4, { path: BUSY, inputs: ['none', '2', 'dial:busy', 'none', '3'] }),
  ];

  async function report(flowFile: string) {
    const records = path.join(dir, 'busy.jsonl');
    writeFileSync(records, RECORDS.join('\n') + '\n');
    const output = path.join(dir, `${path.basename(flowFile)}.html`);
    const run = await runIvr(['report', records, '--output', output, '--flow', flowFile]);
    return { run, html: existsSync(output) ? plain(readFileSync(output, 'utf8')) : '' };
  }

  it('checks the keys pressed at a menu after the offer, for the calls whose record says the offer was made', async () => {
    const { run, html } = await report(flowFiles().swapped);
    expect(run.code, run.stderr).toBe(0);
    const said = 'The keys of 2 calls do not lead where this flow sends them: 2 calls pressed 3 at after-sms-menu and went to consumer-complaints, where this flow sends 3 to consumer-written';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow `);
    expect(html).toContain('data-wrong-keys="2"');
    expect(html).toContain(`${said}.</strong>`);
    // The arrow to complaints: the two callers who pressed 3 are counted apart from the two whose key the record
    // does not pair (no sms: a landline, or a declined offer of before), who are not said to have pressed the flow's 4.
    expect(html).toContain('>key not known (this flow: 4) · 2; pressed 3 (this flow: 4) · 2</text>');
  });

  it('says nothing of the kind with the flow the calls went through', async () => {
    const { run, html } = await report(flowFiles().then);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('do not lead where');
    expect(html).not.toContain('data-wrong-keys');
    expect(html).toContain('>3 · 4</text>');
  });

  it('pairs the answer to the offer like a menu key, and stops where the record cannot say whether the offer was made', () => {
    const flow: Flow = loadFlowFile(flowFiles().then);
    const upToOffer = [
      { menu: 'consumer-welcome', key: 'none', to: 'consumer-hours' },
      { menu: 'consumer-menu', key: '2', to: 'consumer-operator-hours' },
    ];
    expect(pairs(flow, BUSY, ['none', '2', 'dial:busy', '1', '3'], 'sent')).toEqual([
      ...upToOffer,
      { menu: 'chat-link-sms', key: '1', to: 'after-sms-menu' },
      { menu: 'after-sms-menu', key: '3', to: 'consumer-complaints' },
    ]);
    expect(pairs(flow, BUSY, ['none', '2', 'dial:busy', 'none', '3'], 'declined')).toEqual([
      ...upToOffer,
      { menu: 'chat-link-sms', key: 'none', to: 'after-sms-menu' },
      { menu: 'after-sms-menu', key: '3', to: 'consumer-complaints' },
    ]);
    // No sms: a landline, or an old record's declined offer.
    expect(pairs(flow, BUSY, ['none', '2', 'dial:busy', '3'], undefined)).toEqual(upToOffer);
    // The offer twice: the first was made and answered; the second is not made once the SMS was sent, so whether it took
    // an answer the record does not say.
    const twice = [...BUSY.slice(0, -1), 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'after-sms-menu', 'consumer-complaints'];
    expect(pairs(flow, twice, ['none', '2', 'dial:busy', 'none', '*', '2', 'dial:busy', '1', '3'], 'sent')).toEqual([
      ...upToOffer,
      { menu: 'chat-link-sms', key: 'none', to: 'after-sms-menu' },
      { menu: 'after-sms-menu', key: '*', to: 'consumer-menu' },
      { menu: 'consumer-menu', key: '2', to: 'consumer-operator-hours' },
    ]);
  });

  it('says so when the calls went on from the offer to a node the flow drawn does not send them to', async () => {
    // Drawn with the fixed menu, whose offer goes on to goodbye and has no after-sms-menu: the four calls went on
    // to it, offered or not, whatever they pressed: one entry.
    const { run } = await report(FIXED_FLOW_FILE);
    expect(run.stderr).toContain('ivr report: 4 calls did not go where this flow sends them: 4 calls went on from the SMS offer chat-link-sms to after-sms-menu, where this flow goes on to goodbye (the flow ');
  });

  it("says an offer's calls that went on elsewhere once, landline calls too, and claims no arrow the map does not draw", async () => {
    // The evening's calls went on from the offer to goodbye: four offered it (two pressed 1, one 2, one nothing),
    // two from a landline. The flow drawn now goes on to consumer-written after the offer.
    const CLOSED = ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye'];
    const evening = [
      record(1, { path: CLOSED, inputs: ['none', '1'], sms: 'sent' }),
      record(2, { path: CLOSED, inputs: ['none', '1'], sms: 'failed' }),
      record(3, { path: CLOSED, inputs: ['none', '2'], sms: 'declined' }),
      record(4, { path: CLOSED, inputs: ['none', 'none'], sms: 'declined' }),
      record(5, { path: CLOSED, inputs: ['none'] }),
      record(6, { path: CLOSED, inputs: ['none'] }),
    ];
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    flow.nodes['chat-link-sms'].next = 'consumer-written';
    const flowFile = path.join(dir, 'offer-to-written.json');
    writeFileSync(flowFile, JSON.stringify(flow, null, 2));
    const records = path.join(dir, 'evening.jsonl');
    writeFileSync(records, evening.join('\n') + '\n');
    const output = path.join(dir, 'evening.html');
    const run = await runIvr(['report', records, '--output', output, '--flow', flowFile]);
    expect(run.code, run.stderr).toBe(0);
    const said = '6 calls did not go where this flow sends them: 6 calls went on from the SMS offer chat-link-sms to goodbye, where this flow goes on to consumer-written';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow `);
    const html = plain(readFileSync(output, 'utf8'));
    expect(html).toContain('data-wrong-keys="6"');
    expect(html).toContain(`${said}.</strong>`);
    // The map draws no arrow from the offer to goodbye, so none says what they pressed: the fix says so of none.
    expect(run.stderr).toContain('then --flow flow-then.json).\n');
    expect(`${run.stderr}${html}`).not.toContain('arrows say the keys');
    // The dev phone's report of the same calls neither.
    const onHost = plain(await reportOfLines(evening, loadFlowFile(flowFile), 'the calls made on this local host'));
    expect(onHost).toContain(`${said}.</strong> These calls were made before the flow file was changed.</p>`);
  });
});
