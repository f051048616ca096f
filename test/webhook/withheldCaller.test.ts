import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../src/simulator';
import { callIvr } from '../../src/testing';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { encodeCallState } from '../../src/engine/callState';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { routeServer, serveDuringSuite, twiml, type Heard } from '../support/loopbackServer';
import { runIvr } from '../support/runIvr';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';

// A transfer shows the operator the caller's number when it is one a carrier takes. Otherwise Twilio
// would pass on what it has, and the <Dial> may fail, which the caller hears as no operator being free
// (https://www.twilio.com/docs/api/errors/13214): a withheld caller ("anonymous", or another word) or a
// number in no numbering plan may be refused by the operator's carrier, and "if the calling leg is a
// client leg, the caller ID is required and must be a validated outgoing number" (a Voice SDK softphone,
// From "client:alice"). The app then sets callerId to a number it owns: the one dialled, else the line's.
// On the fixed copy of the menu: a key moved in the shipped one is no reason for these to fail.

const OPEN = '2026-11-24T10:00'; // a Tuesday, Europe/Rome
const CONSUMER = '+390237921240';
const MERCHANT = '+390237921250';
const OPERATOR = '+390200000001';

/** The caller ID each transfer showed the called party. */
const shownTo = (events: TranscriptEvent[]) => events.flatMap((event) => (event.type === 'dial' ? [event.from] : []));

describe('a transfer shows the operator a caller ID that is a number', () => {
  it('a withheld caller is shown as the consumer line they called', async () => {
    const call = await callIvr({ flow: fixedFlow(), from: 'anonymous', at: OPEN, press: ['-', '2'], env: { DEST_CONSUMER_OPERATOR_IT: OPERATOR } });
    expect(call.connectedTo).toBe(OPERATOR);
    expect(shownTo(call.events)).toEqual([CONSUMER]);
  });

  it('on the merchant line, as the merchant line; "Restricted" and an empty From count as withheld', async () => {
    for (const from of ['Restricted', '']) {
      const call = await callIvr({ flow: fixedFlow(), to: MERCHANT, from, at: OPEN, press: ['-', '1'], env: { DEST_MERCHANT_OPERATOR_IT: OPERATOR } });
      expect(call.connectedTo, from).toBe(OPERATOR);
      expect(shownTo(call.events), from).toEqual([MERCHANT]);
    }
  });

  it('a caller with a number is shown their own, so the operator sees who calls', async () => {
    for (const from of ['+393401234567', '+33612345678']) {
      const call = await callIvr({ flow: fixedFlow(), from, at: OPEN, press: ['-', '2'], env: { DEST_CONSUMER_OPERATOR_IT: OPERATOR } });
      expect(shownTo(call.events), from).toEqual([from]);
    }
  });

  it('a caller whose number is in no numbering plan (+10000000000) is shown as the line they called', async () => {
    const call = await callIvr({ flow: fixedFlow(), from: '+10000000000', at: OPEN, press: ['-', '2'], env: { DEST_CONSUMER_OPERATOR_IT: OPERATOR } });
    expect(call.connectedTo).toBe(OPERATOR);
    expect(shownTo(call.events)).toEqual([CONSUMER]);
  });
});

describe('a call from a Voice SDK client or a SIP endpoint, which dials no number, shows the number of its line', () => {
  const app = createApp({
    flow: fixedFlow(),
    settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS }),
    clock: () => DateTime.fromISO(OPEN, { zone: 'Europe/Rome' }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  /** The <Dial> answering a key pressed at a line's menu by a caller with these parameters (else the whole answer). */
  async function press(line: string, digits: string, params: Record<string, string>): Promise<string> {
    const state = encodeCallState({ line, node: `${line}-menu`, language: 'it', tries: 0 });
    const call = { AccountSid: 'AC0123456789abcdef0123456789abcdef', CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'in-progress', Digits: digits };
    const { request } = buildWebhookRequest(`http://localhost:7071/api/voice/continue?${state}`, 'POST', { ...call, ...params }, undefined);
    const answer = String((await app.handle(request)).body);
    return answer.match(/<Dial [^>]*>.*?<\/Dial>/)?.[0] ?? answer;
  }

  it('client:alice with no To (a TwiML App): the consumer operator is dialled with the consumer line as caller ID', async () => {
    const dial = await press('consumer', '2', { From: 'client:alice', Caller: 'client:alice' });
    expect(dial).toContain(`callerId="${CONSUMER}"`);
    expect(dial).toContain(`>${OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_IT}</`);
  });

  it('a SIP caller on the merchant line, To a SIP address: the merchant line', async () => {
    const dial = await press('merchant', '1', { From: 'sip:alice@example.sip.twilio.com', To: 'sip:+390237921250@example.sip.twilio.com' });
    expect(dial).toContain(`callerId="${MERCHANT}"`);
    expect(dial).toContain(`>${OPERATOR_NUMBERS.DEST_MERCHANT_OPERATOR_IT}</`);
  });

  it('ivr call, the caller a client with no number dialled: the transcript names the line number as the caller ID shown', async () => {
    const client = ['--param', 'From=client:alice', '--param', 'Caller=client:alice', '--param', 'To=', '--param', 'Called='];
    const { code, stdout } = await runIvr(['call', '--at', OPEN, '--press', '-', '--press', '2', ...client], { env: { ...OPERATOR_NUMBERS, IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(code).toBe(0);
    expect(stdout).toContain(`Call dialled to ${OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_IT} (number): completed, talked 60s\n  caller ID shown: ${CONSUMER}, the <Dial>'s callerId`);
  });
});

describe('the simulator refuses a <Dial> to a number from a client leg without a callerId that is a number, as Twilio does (13214)', () => {
  const received: Heard[] = [];
  const after = twiml('<Say>After the transfer.</Say>');
  const server = routeServer(
    {
      '/bare': twiml(`<Dial action="/after"><Number>${OPERATOR}</Number></Dial>`),
      '/with-caller-id': twiml(`<Dial action="/after" callerId="${CONSUMER}"><Number>${OPERATOR}</Number></Dial>`),
      '/word-caller-id': twiml(`<Dial action="/after" callerId="Klarna"><Number>${OPERATOR}</Number></Dial>`),
      '/after': after,
    },
    received,
  );
  const base = serveDuringSuite(server);
  const client = ['--param', 'From=client:alice', '--param', 'Caller=client:alice'];

  it('no callerId: Twilio error 13214, the dial fails, and the call goes on at the action, told DialCallStatus=failed', async () => {
    received.length = 0;
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/bare`, ...client]);
    expect(stdout).toContain('Twilio error 13214: Dial: Invalid callerId value: the call comes from a client (From "client:alice") and it has no callerId;');
    // No one was called, so no one was shown a caller ID: the line after the dial is the action's answer.
    expect(stdout).toContain(`Call to ${OPERATOR} (number) not dialled: Twilio refused the <Dial> (DialCallStatus failed)\n  -> POST /after`);
    expect(stdout).not.toContain('caller ID "client:alice"');
    expect(received.find((request) => request.path === '/after')?.params.DialCallStatus).toBe('failed');
    expect(stdout).toContain('IVR [en-US]: After the transfer.');
    expect(code).toBe(0);
  });

  it('a callerId that is no number: the dial fails the same, and the transcript names no caller ID shown', async () => {
    const { stdout } = await runIvr(['call', '--url', `${base()}/word-caller-id`, ...client]);
    expect(stdout).toContain('and callerId "Klarna" is not a phone number;');
    expect(stdout).toContain(`Call to ${OPERATOR} (number) not dialled: Twilio refused the <Dial> (DialCallStatus failed)\n  -> POST /after`);
    expect(stdout).not.toMatch(/caller ID shown|shown caller ID/);
  });

  it('a callerId that is a number: the call is put through', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/with-caller-id`, ...client]);
    expect(stdout).toContain(`Call dialled to ${OPERATOR} (number): completed, talked 60s\n  caller ID shown: ${CONSUMER}, the <Dial>'s callerId`);
    expect(stdout).not.toContain('13214');
    expect(code).toBe(0);
  });
});

describe('ivr call says when a transfer would show a withheld caller ID', () => {
  const server = routeServer({ '/voice': twiml(`<Dial><Number>${OPERATOR}</Number></Dial>`) });
  const base = serveDuringSuite(server);

  it('an app that dials without callerId, called with --from anonymous: a note names the caller ID and the fix', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--from', 'anonymous']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Call dialled to ${OPERATOR} (number): completed, talked 60s`);
    expect(stdout).toContain('  note: the called party is shown caller ID "anonymous", which is withheld or not a valid number; carriers may refuse such a call (Twilio error 13214). Give the <Dial> a callerId');
  });

  it('the same for a withheld caller ID spelt on the keypad, which looks like a number (+266696687, "ANONYMOUS")', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--from', '+266696687']);
    expect(code).toBe(0);
    expect(stdout).toContain('  note: the called party is shown caller ID "+266696687", which is withheld or not a valid number;');
  });

  it('a caller with a number gets no note', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--from', '+393401234567']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('note: the called party is shown caller ID');
  });

  it('our app, called the same way, needs no note', async () => {
    const { code, stdout } = await runIvr(['call', '--from', 'anonymous', '--at', OPEN, '--press', '-', '--press', '2'], { env: { ...OPERATOR_NUMBERS, IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(code).toBe(0);
    expect(stdout).toContain(`Call dialled to ${OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_IT} (number): completed`);
    expect(stdout).not.toContain('note: the called party is shown caller ID');
  });
});

describe('a withheld caller who dialled a number IVR_LINE_NUMBERS maps to a line', () => {
  // A test number the account owns, answered as the consumer line: the transfer shows that number, which the
  // account owns, not the line's own number in the flow, which it may not.
  const TEST_NUMBER = '+390230303030';

  it('is shown as the number dialled', async () => {
    const env = { IVR_LINE_NUMBERS: `${TEST_NUMBER}=consumer`, DEST_CONSUMER_OPERATOR_IT: OPERATOR };
    const call = await callIvr({ flow: fixedFlow(), to: TEST_NUMBER, from: 'anonymous', at: OPEN, press: ['-', '2'], env });
    expect(call.connectedTo).toBe(OPERATOR);
    expect(shownTo(call.events)).toEqual([TEST_NUMBER]);
  });

  it('as the line it reached when the number dialled is in no numbering plan', async () => {
    const env = { IVR_LINE_NUMBERS: '+10000000000=consumer', DEST_CONSUMER_OPERATOR_IT: OPERATOR };
    const call = await callIvr({ flow: fixedFlow(), to: '+10000000000', from: 'anonymous', at: OPEN, press: ['-', '2'], env });
    expect(call.connectedTo).toBe(OPERATOR);
    expect(shownTo(call.events)).toEqual([CONSUMER]);
  });
});
