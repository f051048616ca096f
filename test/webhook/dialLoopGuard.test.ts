import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { simulateCall } from '../../src/simulator';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';

// The flow's operator destinations are placeholders holding the public line's
// own number. An app answering that line with DEST_* unset would <Dial> the
// number the caller dialled: Twilio places that call to the same number, which
// rings this app again and answers with the menu, so every request for an
// operator adds another billed leg and no operator is ever reached. <Dial>
// just places a call to the number given and follows the action URL with how
// it ended (https://www.twilio.com/docs/voice/twiml/dial); Twilio warns that
// TwiML dialling from a dialled leg "can result in costly call loops"
// (https://twilio.com/en-us/changelog/upcoming-changes-to--dial--verb-url-parameter-behavior-).
// So the app never dials a number that rings itself, and the caller gets the
// dial's failure path, as for a transfer that failed. The app serves the
// fixed copy of the menu (test/support/fixedMenu.ts), whose hours, prompts
// and goodbye the texts below quote.

const CONSUMER = '+390237921240';
const MERCHANT = '+390237921250';
const TEST_NUMBER = '+15005550006';
const OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const CALLER = '+393401234567';

function app(env: Record<string, string> = {}) {
  const errors: string[] = [];
  const records: Record<string, unknown>[] = [];
  const documents: string[] = [];
  const ivr = createApp({
    settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', IVR_LOG_PHONE_NUMBERS: 'full', ...env }),
    flow: fixedFlow(),
    clock: () => OPEN,
    journal: memoryJournal(),
    logger: { info: (m) => records.push(JSON.parse(m) as Record<string, unknown>), warn() {}, error: (m) => errors.push(m) },
  });
  return { ivr, errors, records, documents };
}

/** A call to `to` that stays in Italian and asks for an operator (`keys`), then stays silent; `params` go with every request. */
async function callFor(to: string, keys: string[], env: Record<string, string> = {}, params?: Record<string, string>) {
  const host = app(env);
  const result = await simulateCall({
    url: 'http://localhost:7071/api/voice',
    transport: async (request) => {
      const response = await host.ivr.handle(request);
      host.documents.push(String(response.body));
      return response;
    },
    call: { to, from: CALLER },
    ...(params ? { params } : {}),
    caller: [{ digits: '' }, ...keys.map((digits) => ({ digits }))],
    dial: () => ({ status: 'completed', durationSeconds: 60 }),
    statusCallback: 'http://localhost:7071/api/voice/status',
  });
  const heard = result.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : []));
  const record = host.records.find((line) => line.event === 'ivr.call');
  return { result, heard, record, errors: host.errors, documents: host.documents };
}

describe('a transfer to the number the call came in on', () => {
  it('is not made: the caller hears the operator prompt, then the failure path, and the TwiML holds no <Dial> of that number', async () => {
    const call = await callFor(CONSUMER, ['2']);
    expect(call.result.transcript.some((e) => e.type === 'dial')).toBe(false);
    expect(call.heard).toContain('Ti mettiamo in contatto con un operatore. Resta in linea.');
    expect(call.heard.some((text) => text.startsWith('Ci dispiace, in questo momento nessun operatore può rispondere.'))).toBe(true);
    expect(call.heard.at(-1)).toBe('Grazie per aver chiamato Klarna. Arrivederci.');
    expect(call.documents.join('\n')).not.toContain('<Dial');
  });

  it('logs an error naming the destination, its number, the setting and the fix', async () => {
    const call = await callFor(CONSUMER, ['2']);
    expect(call.errors).toHaveLength(1);
    expect(call.errors[0]).toContain('consumer-operator-it (+390237921240)');
    expect(call.errors[0]).toContain('the number this call came in on');
    expect(call.errors[0]).toContain('set the app setting DEST_CONSUMER_OPERATOR_IT');
  });

  it('shows in the call record as "dial:refused" where a transfer shows how it ended', async () => {
    const call = await callFor(CONSUMER, ['2']);
    expect(call.record).toMatchObject({
      outcome: 'menu-hung-up',
      path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'goodbye'],
      inputs: ['none', '2', 'dial:refused'],
    });
  });

  it('is made once its setting gives the operators a number of their own', async () => {
    const call = await callFor(CONSUMER, ['2'], { DEST_CONSUMER_OPERATOR_IT: '+390200000001' });
    expect(call.result.transcript.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.to : ''))).toEqual(['+390200000001']);
    expect(call.errors).toEqual([]);
    expect(call.record).toMatchObject({ outcome: 'transferred', inputs: ['none', '2', 'dial:completed'] });
  });
});

describe('a transfer to a number that rings this app in other ways', () => {
  it('from the consumer line to the merchant line (9, then 1): refused too, as the app serves both', async () => {
    const call = await callFor(CONSUMER, ['9', '1']);
    expect(call.result.transcript.some((e) => e.type === 'dial')).toBe(false);
    expect(call.errors[0]).toContain('merchant-operator-it (+390237921250)');
    expect(call.errors[0]).toContain('DEST_MERCHANT_OPERATOR_IT');
    expect(call.heard.some((text) => text.startsWith('Ci dispiace, in questo momento nessun operatore'))).toBe(true);
  });

  it('to a number IVR_LINE_NUMBERS maps to this app: refused', async () => {
    const call = await callFor(TEST_NUMBER, ['2'], { IVR_LINE_NUMBERS: `${TEST_NUMBER}=consumer`, DEST_CONSUMER_OPERATOR_IT: TEST_NUMBER });
    expect(call.result.transcript.some((e) => e.type === 'dial')).toBe(false);
    expect(call.errors[0]).toContain('DEST_CONSUMER_OPERATOR_IT');
  });

  it('from a Twilio test number to the public Klarna line: a demo transfer, made as before', async () => {
    const call = await callFor(TEST_NUMBER, ['2'], { IVR_LINE_NUMBERS: `${TEST_NUMBER}=consumer` });
    expect(call.result.transcript.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.to : ''))).toEqual([CONSUMER]);
    expect(call.errors).toEqual([]);
  });

  it('from the merchant line to the consumer operators with their own number: made', async () => {
    const call = await callFor(MERCHANT, ['9', '2'], { DEST_CONSUMER_OPERATOR_IT: '+390200000001' });
    expect(call.result.transcript.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.to : ''))).toEqual(['+390200000001']);
  });
});

// A Voice SDK softphone or a SIP endpoint reaching the app through a TwiML App
// sends no To or Called that is a number: nothing says which number reached
// the app, and it may serve the flow's lines, so their numbers are refused.
const SOFTPHONE = { From: 'client:alice', Caller: 'client:alice', To: '', Called: '' };

describe('a transfer from a call with no number called (a Voice SDK or SIP client)', () => {
  it("to the line's own number, the operators' placeholder: refused, the caller hears the failure path, and the error says why", async () => {
    const call = await callFor(CONSUMER, ['2'], {}, SOFTPHONE);
    expect(call.result.transcript.some((e) => e.type === 'dial')).toBe(false);
    expect(call.documents.join('\n')).not.toContain('<Dial');
    expect(call.heard.some((text) => text.startsWith('Ci dispiace, in questo momento nessun operatore può rispondere.'))).toBe(true);
    expect(call.errors).toEqual([expect.stringContaining('consumer-operator-it (+390237921240): it is a line of the flow, and this call came in on no phone number')]);
    expect(call.errors[0]).toContain('set the app setting DEST_CONSUMER_OPERATOR_IT');
  });

  it('to the operators\' own number: made', async () => {
    const call = await callFor(CONSUMER, ['2'], { DEST_CONSUMER_OPERATOR_IT: '+390200000001' }, SOFTPHONE);
    expect(call.result.transcript.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.to : ''))).toEqual(['+390200000001']);
    expect(call.errors).toEqual([]);
  });
});

describe('ivr call, in-process', () => {
  it('a softphone caller with no To or Called is refused the transfer to the placeholder, as a phone caller is', async () => {
    const args = ['call', '--param', 'From=client:alice', '--param', 'Caller=client:alice', '--param', 'To=', '--param', 'Called=', '--at', '2026-11-24T10:00', '--press', '-', '--press', '2'];
    const run = await runIvr(args, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Call dialled');
    expect(run.stdout).toContain('Ci dispiace, in questo momento nessun operatore può rispondere.');
    expect(run.stderr).toContain('refused to transfer at node "consumer-operator" to consumer-operator-it (+39******1240): it is a line of the flow');
  });

  it('shows the refusal by default, as the deployed app would, with the setting to set; exit 0', async () => {
    const run = await runIvr(['call', '--to', CONSUMER, '--at', '2026-11-24T10:00', '--press', '-', '--press', '2'], { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Call dialled');
    expect(run.stdout).toContain('Ci dispiace, in questo momento nessun operatore può rispondere.');
    expect(run.stderr).toContain('refused to transfer at node "consumer-operator" to consumer-operator-it');
    expect(run.stderr).toContain('DEST_CONSUMER_OPERATOR_IT');
  });

  it('--json carries the refusal in `errors`, so a script tells it from a caller who hung up; a transfer made logs none', async () => {
    const args = ['call', '--to', CONSUMER, '--at', '2026-11-24T10:00', '--press', '-', '--press', '2', '--json'];
    const refused = JSON.parse((await runIvr(args, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } })).stdout) as { outcome: { kind: string }; errors: string[] };
    expect(refused.outcome.kind).toBe('hangup');
    expect(refused.errors).toEqual([expect.stringContaining('refused to transfer at node "consumer-operator" to consumer-operator-it')]);
    const made = JSON.parse((await runIvr(args, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE, DEST_CONSUMER_OPERATOR_IT: '+390200000001' } })).stdout) as { outcome: { kind: string; to?: string }; errors: string[] };
    expect(made.outcome).toMatchObject({ kind: 'dial', to: '+390200000001' });
    expect(made.errors).toEqual([]);
  });
});
