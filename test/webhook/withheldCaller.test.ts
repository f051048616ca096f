import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../src/simulator';
import { callIvr } from '../../src/testing';
import { routeServer, serveDuringSuite, twiml } from '../support/loopbackServer';
import { runIvr } from '../support/runIvr';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';

// A caller who withholds the number reaches Twilio as From "anonymous" (or
// another word). A <Dial> without callerId passes that on to the operator's
// carrier, which may refuse the call: Twilio's advice is to set callerId,
// which may be the number the caller dialled
// (https://www.twilio.com/docs/api/errors/13214). The operator is shown the
// line's number then; a caller with a number is still shown as themselves.
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
    for (const from of ['+393401234567', '+441632960123']) {
      const call = await callIvr({ flow: fixedFlow(), from, at: OPEN, press: ['-', '2'], env: { DEST_CONSUMER_OPERATOR_IT: OPERATOR } });
      expect(shownTo(call.events), from).toEqual([from]);
    }
  });
});

describe('ivr call says when a transfer would show a withheld caller ID', () => {
  const server = routeServer({ '/voice': twiml(`<Dial><Number>${OPERATOR}</Number></Dial>`) });
  const base = serveDuringSuite(server);

  it('an app that dials without callerId, called with --from anonymous: a note names the caller ID and the fix', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--from', 'anonymous']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Call dialled to ${OPERATOR} (number): completed, talked 60s`);
    expect(stdout).toContain('  note: the called party is shown caller ID "anonymous", which is withheld or no number; carriers may refuse such a call (Twilio error 13214). Give the <Dial> a callerId');
  });

  it('the same for a withheld caller ID spelt on the keypad, which looks like a number (+266696687, "ANONYMOUS")', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--from', '+266696687']);
    expect(code).toBe(0);
    expect(stdout).toContain('  note: the called party is shown caller ID "+266696687", which is withheld or no number;');
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
