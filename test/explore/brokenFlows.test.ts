import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings';
import { exploreFlow, type ExploreReport } from '../../src/explore';
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

  it('the fixtures ivr explore shows a defect of pass ivr lint; the one lint refuses is refused, as docs/cli.md says', async () => {
    for (const name of ['no-goodbye', 'no-goodbye-after-sms', 'dead-key', 'app-error', 'unreached-node']) {
      expect(() => loadFlowFile(path.join(__dirname, 'fixtures', `${name}.json`)), name).not.toThrow();
    }
    expect(() => loadFlowFile(path.join(__dirname, 'fixtures', 'no-way-out.json'))).toThrow(FlowError);
  });
});
