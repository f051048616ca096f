import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings';
import { exploreFlow, type ExploreReport } from '../../src/explore';
import type { Defect, PathExample } from '../../src/explore/types';
import { fixedFlow } from '../support/fixedMenu';
import { loadFlowFile } from '../../src/flow/load';
import { FlowError } from '../../src/flow/problem';
import { flowSchema, type Flow } from '../../src/flow/schema';
import { callIvr } from '../../src/testing';

// One small flow per kind of defect, each broken on purpose in one place.
// They are read with the schema alone, so explore has to find every defect by
// calling, as it must in a flow the loader's checks do not understand. Most
// pass those checks (`ivr explore FILE` shows their defect, see the last
// test); no-way-out cannot, as lint refuses a menu with no exit in any flow
// file. Each test also replays the call explore gives as its example, to show
// the command it prints really reproduces the defect. A failed transfer that
// dials round for ever is lint's alone to find (test/flow/fixtures/dial-fails-*).

const MONDAY_OPEN = '2026-12-07T13:00';
const settings = readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' });
/** The operators' numbers set, so a transfer is made (a placeholder, the line's own number, is refused). */
const DEST_SET = { DEST_CONSUMER_OPERATOR_IT: '+390200000091', DEST_CONSUMER_OPERATOR_EN: '+390200000092' };

function fixture(name: string): Flow {
  return flowSchema().Flow.parse(JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')));
}

function explore(name: string): Promise<ExploreReport> {
  return exploreFlow({ flow: fixture(name), settings, file: `test/explore/fixtures/${name}.json` });
}

describe('ivr explore finds each kind of defect', () => {
  it('no-goodbye: a key that hangs up without a word', async () => {
    const report = await explore('no-goodbye');
    expect(report.defects).toEqual([
      {
        kind: 'no-goodbye',
        node: 'end',
        message: 'the call ends at "end" without a goodbye or a transfer: the last answer hangs up without saying anything',
        example: expect.objectContaining({
          press: ['2'],
          reproduce: `IVR_FLOW_FILE=test/explore/fixtures/no-goodbye.json npx ivr call --to +390200000001 --at ${MONDAY_OPEN} --press 2`,
        }),
        occurrences: 4, // at each of the four instants
      },
    ]);
    const call = await callIvr({ flow: fixture('no-goodbye'), to: '+390200000001', at: MONDAY_OPEN, press: ['2'] });
    expect(call.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(call.said.at(-1)?.text).toBe('Per parlare con un operatore, premi 1. Per terminare la chiamata, premi 2.');
  });

  it('no-goodbye behind the SMS offer: a mobile caller who declines it is hung up on without a word', async () => {
    // The offer is made to a mobile caller when the app can send: explore calls as one, and walks both answers.
    const report = await explore('no-goodbye-after-sms');
    expect(report.defects).toEqual([
      expect.objectContaining({
        kind: 'no-goodbye',
        node: 'end',
        example: expect.objectContaining({
          choices: ['1', 'dial busy', '2'],
          reproduce: `IVR_FLOW_FILE=test/explore/fixtures/no-goodbye-after-sms.json npx ivr call --to +390200000001 --at ${MONDAY_OPEN} --press 1 --press 2 --dial-status busy`,
        }),
        occurrences: 4,
      }),
    ]);
    expect(report.endings.map((e) => e.description)).toEqual(
      expect.arrayContaining(['sorry > chat-link-sms > end: hangs up after "Ti abbiamo inviato un SMS."', 'sorry > chat-link-sms > end: hangs up without a word']),
    );
    // The command it prints (ivr call texts from a mobile, with an SMS sender): the offer, declined, then silence.
    const call = await callIvr({ flow: fixture('no-goodbye-after-sms'), to: '+390200000001', at: MONDAY_OPEN, press: ['1', '2'], dialStatus: 'busy', sms: 'sent' });
    expect(call.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(call.said.at(-1)?.text).toBe('Per ricevere il link della chat con un SMS, premi 1.');
  });

  it('dead-key: a retry message that says "premi 2" when no option takes 2 (lint reads intro and prompt, not retry messages)', async () => {
    const report = await explore('dead-key');
    expect(report.defects).toEqual([
      {
        kind: 'dead-key',
        node: 'welcome',
        key: '2',
        message:
          'the message before the prompt at "welcome" ("La scelta non è valida. Per sentire gli orari, premi 2.") says to press 2, but no option of the menu takes 2: the caller is told the choice is not valid, or sent on as if they had pressed nothing',
        example: expect.objectContaining({
          press: ['2', '2'],
          reproduce: `IVR_FLOW_FILE=test/explore/fixtures/dead-key.json npx ivr call --to +390200000001 --at ${MONDAY_OPEN} --press 2 --press 2 --press hangup`,
        }),
        occurrences: 4,
      },
    ]);
    const call = await callIvr({ flow: fixture('dead-key'), to: '+390200000001', at: MONDAY_OPEN, press: ['2', '2', 'hangup'] });
    // Told to press 2 after a wrong key; pressing it is one more wrong key: the menu gives up on the caller.
    expect(call.heard).toContain('La scelta non è valida. Per sentire gli orari, premi 2.');
    expect(call.said.at(-1)?.text).toBe('Grazie per aver chiamato. Arrivederci.');
  });

  it('dead-key in the prompt itself (which lint refuses first) is said to be the prompt\'s', async () => {
    const flow = fixture('dead-key');
    const welcome = flow.nodes.welcome as Extract<Flow['nodes'][string], { type: 'menu' }>;
    welcome.prompt = [{ it: 'Per parlare con un operatore, premi 1. Per sentire gli orari, premi 7.' }];
    const report = await exploreFlow({ flow, settings });
    expect(report.defects.map((d) => d.message)).toContainEqual(expect.stringMatching(/^the prompt at "welcome" says to press 7, but no option of the menu takes 7/));
  });

  it('no-way-out: a menu whose every key and silence lead back to it', async () => {
    const report = await explore('no-way-out');
    expect(report.defects).toEqual([
      {
        kind: 'no-way-out',
        node: 'info',
        message: 'from "info" no key, silence or dial outcome ever ends the call: the caller can only hang up',
        example: expect.objectContaining({ press: ['2'] }),
        occurrences: 4,
      },
    ]);
    // Silent after 2, the caller hears the same menu until Twilio's loop guard stops the call.
    const call = await callIvr({ flow: fixture('no-way-out'), to: '+390200000001', at: MONDAY_OPEN, press: ['2'] });
    expect(call.outcome.kind).toBe('loop');
  });

  it('unreached-node: a closed message behind hours that are always open', async () => {
    const report = await explore('unreached-node');
    // Open round the clock: there is no closed time and no weekend to call at.
    expect(report.instants.map((i) => i.label)).toEqual(['open', 'holiday (Immaculate Conception)']);
    expect(report.defects).toEqual([
      { kind: 'unreached-node', node: 'closed', message: 'no call at the explored instants enters node "closed"', occurrences: 1 },
    ]);
  });

  it('unchecked-transfer: the hours checked when the call arrives, and not again before the transfer: a caller who presses 1 after closing is put through', async () => {
    const report = await explore('unchecked-transfer');
    expect(report.defects).toEqual([
      {
        kind: 'unchecked-transfer',
        node: 'desk',
        message:
          'a caller who is still at "menu" at 17:00 and then presses 1 is put through at "desk" while the lines are closed: no hours node is checked between that choice and the transfer. ' +
          'Fix: put an hours node before the transfer ("open": "desk", "closed" and "holiday": the closed messages), and point each choice of "menu" that leads to "desk" at it; ' +
          'or, if the number dialled is answered at any hour, mark destination "desk" "anyHour": true',
        example: expect.objectContaining({
          instant: { label: 'before closing at 17:00', at: '2026-12-07T16:59:58' },
          reproduce: 'IVR_FLOW_FILE=test/explore/fixtures/unchecked-transfer.json npx ivr call --to +390200000001 --at 2026-12-07T16:59:58 --press 1',
        }),
        occurrences: 1, // at the one instant the lines are open: the menu is behind the closed check at the others
      },
    ]);
    // The command it prints: the welcome's hours check passes at 16:59:58, the key comes after 17:00, and the call is put through.
    const call = await callIvr({ flow: fixture('unchecked-transfer'), to: '+390200000001', at: '2026-12-07T16:59:58', press: ['1'] });
    expect(call.heard).toContain('Per parlare con un operatore, premi 1.');
    expect(call.outcome).toEqual(expect.objectContaining({ kind: 'dial', to: '+390200000002' }));
  });

  it('a transfer to a destination marked "anyHour": true (a 24-hour card-block line, say) needs no hours check: no defect', async () => {
    const flow = fixture('unchecked-transfer');
    (flow.destinations.desk as Flow['destinations'][string]).anyHour = true;
    expect((await exploreFlow({ flow, settings })).defects).toEqual([]);
  });

  it('unchecked-transfer where an hours node reaches the transfer through a say node: the fix names that hours node', async () => {
    const flow = structuredClone(fixedFlow()) as Flow;
    flow.nodes['consumer-op-intro'] = { type: 'say', prompt: [{ it: 'Un momento.', en: 'One moment.' }], next: 'consumer-operator' };
    (flow.nodes['consumer-operator-hours'] as Extract<Flow['nodes'][string], { type: 'hours' }>).open = 'consumer-op-intro';
    const menu = flow.nodes['consumer-menu'] as Extract<Flow['nodes'][string], { type: 'menu' }>;
    for (const option of menu.options) if (option.next === 'consumer-operator-hours') option.next = 'consumer-op-intro';
    const [unchecked, ...more] = (await exploreFlow({ flow, settings })).defects;
    expect(more).toEqual([]);
    expect(unchecked?.message).toContain(
      'Fix: point each choice of "consumer-menu" that leads to "consumer-operator" at "consumer-operator-hours", the hours node whose "open" leads there; ' +
        'or, if the number dialled is answered at any hour, mark destination "consumer-operator-it" and "consumer-operator-en" "anyHour": true',
    );
  });

  it('unchecked-transfer in our menu with "consumer-operator-hours" deleted and its references pointed at "consumer-operator", as lint\'s closest name says: named at each menu, fix: an hours node before the transfer', async () => {
    const flow = structuredClone(fixedFlow()) as Flow;
    delete flow.nodes['consumer-operator-hours'];
    for (const node of Object.values(flow.nodes)) {
      if (node.type !== 'menu') continue;
      for (const option of node.options) if (option.next === 'consumer-operator-hours') option.next = 'consumer-operator';
      if (node.retry?.exhausted === 'consumer-operator-hours') node.retry.exhausted = 'consumer-operator';
    }
    const report = await exploreFlow({ flow, settings });
    const unchecked = report.defects.filter((d) => d.kind === 'unchecked-transfer');
    expect(unchecked.map((d) => d.message.split(' is put through')[0])).toEqual([
      'a caller who is still at "consumer-menu" at 17:00 and then presses 2',
      'a caller who is still at "consumer-chat" at 17:00 and then presses 2',
      'a caller who is still at "consumer-complaints" at 17:00 and then presses 2',
      'a caller who is still at "consumer-written" at 17:00 and then presses 2',
      'a caller who is still at "consumer-call-cost" at 17:00 and then presses 2',
    ]);
    const [menu] = unchecked as [Defect];
    const example = menu.example as PathExample;
    // The example's call is put through after 17:00; the menu as it was turns the same call away.
    const after = await callIvr({ flow, at: example.instant.at, press: example.press, env: DEST_SET });
    expect(after.outcome.kind).toBe('dial');
    const before = await callIvr({ flow: fixedFlow(), at: example.instant.at, press: example.press, env: DEST_SET });
    expect(before.heard).toContain('Our phone customer service is closed right now. It is open Monday to Friday, from 9 am to 5 pm, Italian time, and is closed on public holidays.');
    expect(before.outcome.kind).not.toBe('dial');
    // Our menu as it is has none.
    expect((await exploreFlow({ flow: fixedFlow(), settings })).defects).toEqual([]);
  });

  it('app-error: silence or a wrong key leads through 25 messages in a row, and the app gives up and apologises', async () => {
    const report = await explore('app-error');
    expect(report.defects).toEqual([
      expect.objectContaining({
        kind: 'app-error',
        message: expect.stringContaining('the flow passes through more than 25 nodes without asking the caller anything, from "wait-01"'),
        node: 'wait-25',
        example: expect.objectContaining({ press: ['2'] }),
        occurrences: 4,
      }),
    ]);
    const call = await callIvr({ flow: fixture('app-error'), to: '+390200000001', at: MONDAY_OPEN, press: ['2'] });
    expect(call.heard).toContain('Si è verificato un problema. Arrivederci.');
    expect(call.errors).not.toEqual([]);
  });

  it('the fixtures ivr explore shows a defect of pass ivr lint; the two lint refuses are refused, as docs/cli.md says', async () => {
    for (const name of ['no-goodbye', 'no-goodbye-after-sms', 'dead-key', 'unreached-node', 'unchecked-transfer']) {
      expect(() => loadFlowFile(path.join(__dirname, 'fixtures', `${name}.json`)), name).not.toThrow();
    }
    expect(() => loadFlowFile(path.join(__dirname, 'fixtures', 'no-way-out.json'))).toThrow(FlowError);
    // 25 messages in a row: lint names the chain, as the app would give up on it (checkPaths.ts).
    expect(() => loadFlowFile(path.join(__dirname, 'fixtures', 'app-error.json'))).toThrow(/a call goes through 25 nodes in a row without asking the caller anything/);
  });
});
