import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { callIvr } from '../../src/testing';
import { loadScenarioFile } from '../../src/scenarios/scenarioFile';
import { runScenario } from '../../src/scenarios/runScenario';
import { runIvr } from '../support/runIvr';
import { ACCOUNT_SID, AUTH_TOKEN } from './fakeTwilio';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// The chat-link SMS in a call simulated in-process (`ivr call`, `ivr test`,
// callIvr): the app's own sender talks to a simulated Twilio Messages API,
// "POST /2010-04-01/Accounts/{AccountSid}/Messages.json" answered with 201
// and the Message resource, or a 4xx with Twilio's error code, as
// https://www.twilio.com/docs/messaging/api/message-resource documents it.
// msw stands guard with no handlers: any request that left the process
// would be an error, and the caller would hear the message was not sent.
// The calls run on the fixed copy of the menu (test/support/fixedMenu.ts),
// whose offer, goodbye and hours the texts below quote.

const network = setupServer();
beforeAll(() => network.listen({ onUnhandledRequest: 'error' }));
afterAll(() => network.close());

const CLOSED_EVENING = '2026-11-24T20:00';
const MOBILE = '+393401234567';
const LINKS_SMS = 'Klarna Italia. Chat (accedi, Servizio Clienti, Chatta con noi): https://www.klarna.com/it/servizio-clienti/ Modulo di contatto: https://www.klarna.com/it/contatti/';
const OFFER = 'Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.';
const SENT = 'Ti abbiamo inviato un SMS con i link.';
const FAILED = "Ci dispiace, non siamo riusciti a inviare l'SMS. Trovi la chat nell'app Klarna, nella sezione Servizio Clienti.";
const GOODBYE = 'Grazie per aver chiamato Klarna. Arrivederci.';
const FIXED_MENU = { IVR_FLOW_FILE: FIXED_FLOW_FILE };
// Real-looking credentials and sender: a simulated call must never use them.
const REAL_LOOKING = { ...FIXED_MENU, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, IVR_SMS_FROM: '+390212345678' };

describe('callIvr: the SMS goes to the simulated Messages API', () => {
  it('sms "sent": the caller presses 1 at the offer, hears it was sent, and the message holds both links', async () => {
    const call = await callIvr({ at: CLOSED_EVENING, press: ['-', '1'], sms: 'sent', env: FIXED_MENU });
    expect(call.said.slice(-3).map((s) => s.text)).toEqual([OFFER, SENT, GOODBYE]);
    expect(call.sms).toEqual([expect.objectContaining({ to: MOBILE, from: '+390237921240', body: LINKS_SMS, status: 'sent' })]);
    expect(call.sms[0]?.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(call.errors).toEqual([]);
  });

  it('sms "failed": Twilio refuses (21610), the caller hears the failure prompt, and `sms` lists none sent, as a scenario\'s expect.sms does', async () => {
    const call = await callIvr({ at: CLOSED_EVENING, press: ['-', '1'], sms: 'failed', env: FIXED_MENU });
    expect(call.said.slice(-2).map((s) => s.text)).toEqual([FAILED, GOODBYE]);
    expect(call.sms).toEqual([]);
    expect(call.smsRefused).toEqual([expect.objectContaining({ to: MOBILE, status: 'failed', error: expect.objectContaining({ code: 21610 }) })]);
  });

  it('with IVR_SMS_FROM and credentials in the settings: sent from that sender, and still nothing on the network', async () => {
    const call = await callIvr({ at: CLOSED_EVENING, press: ['-', '1'], env: REAL_LOOKING });
    expect(call.said.slice(-2).map((s) => s.text)).toEqual([SENT, GOODBYE]);
    expect(call.sms).toEqual([expect.objectContaining({ to: MOBILE, from: '+390212345678', status: 'sent' })]);
  });

  it('without a result or IVR_SMS_FROM the app has no sender: no offer, no message', async () => {
    const call = await callIvr({ at: CLOSED_EVENING, press: ['-', '1'], env: FIXED_MENU });
    expect(call.heard).not.toContain('SMS');
    expect(call.sms).toEqual([]);
  });
});

describe('scenario files expect the SMS or make it fail', () => {
  const scenarioFile = (yaml: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-sms-')), 'sms.yaml');
    writeFileSync(file, yaml);
    return loadScenarioFile(file);
  };
  const closedCall = (expectation: string, call = '') => `
name: "closed evening, press 1 at the offer"
call: { at: "${CLOSED_EVENING}"${call} }
steps:
  - press: "-"
  - hear: "premi 1"
  - press: "1"
expect: { sms: [${expectation}] }
`;

  it('passes when the message goes to the caller with the text expected', async () => {
    const [scenario] = scenarioFile(closedCall(`{ to: "${MOBILE}", contains: "modulo di contatto: https://www.klarna.com/it/contatti/" }`, ', sms: sent'));
    const result = await runScenario(scenario!, { env: FIXED_MENU });
    expect(result.failures).toEqual([]);
  });

  it('fails with what was expected and what was sent when the text differs', async () => {
    const [scenario] = scenarioFile(closedCall(`{ to: "${MOBILE}", contains: "https://www.klarna.com/it/negozi/" }`, ', sms: sent'));
    const result = await runScenario(scenario!, { env: FIXED_MENU });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([`sms: expected to ${MOBILE} containing "https://www.klarna.com/it/negozi/", got to ${MOBILE}: "${LINKS_SMS}"`]);
  });

  it('`sms: failed` in the call: the message is refused, so an expected one fails and says why', async () => {
    const [scenario] = scenarioFile(closedCall(`{ to: "${MOBILE}" }`, ', sms: failed'));
    const result = await runScenario(scenario!, { env: FIXED_MENU });
    expect(result.failures).toEqual([`sms: expected to ${MOBILE}, none was sent (the simulated Messages API refused 1: the call's \`sms: failed\`)`]);
  });

  it('an expectation does not change the call: `sms: []` and `outcome: hangup` hear the same Sunday, with no offer, as callIvr does', async () => {
    // Only `call` and `settings` say what the call does: expecting no message used to give the app a sender,
    // so the caller was offered the SMS, and the same steps passed with one expectation and failed with the other.
    const sunday = (expectation: string) => `
name: "Sunday morning, closed: the chat and the contact form, then goodbye"
call: { at: "2026-11-29T10:00" }
steps:
  - press: "-"
  - hear: "modulo di contatto"
  - hear: "Arrivederci"
expect: { ${expectation} }
`;
    for (const expectation of ['outcome: hangup', 'sms: []']) {
      const [scenario] = scenarioFile(sunday(expectation));
      const result = await runScenario(scenario!, { env: FIXED_MENU });
      expect(result.failures, expectation).toEqual([]);
      const heard = result.call.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : [])).join(' ');
      expect(heard, expectation).not.toContain(OFFER);
    }
    const unit = await callIvr({ at: '2026-11-29T10:00', press: ['-'], env: FIXED_MENU });
    expect(unit.heard).not.toContain(OFFER);
  });

  it('messages expected from a call with no SMS sender: the failure says how to give it one', async () => {
    const [scenario] = scenarioFile(closedCall(`{ to: "${MOBILE}" }`));
    const result = await runScenario(scenario!, { env: FIXED_MENU });
    expect(result.passed).toBe(false);
    // The offer is never made, so the step that waits for it fails first; the line after it says why.
    expect(result.failures[0]).toMatch(/^step 2:\s+expected to hear: "premi 1"/);
    expect(result.failures[1]).toBe(
      `sms: expected to ${MOBILE}, but this call has no SMS sender, so the app offers the caller no SMS and sends none; give it one in the scenario: call: { sms: sent } (or IVR_SMS_FROM, with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, in its settings)`,
    );
  });

  it('an unknown sms result is refused with the file named', () => {
    expect(() => scenarioFile(closedCall('', ', sms: lost'))).toThrow(/sms\.yaml:\d+: [\s\S]*call\.sms/);
  });
});

describe('ivr call --sms', () => {
  // A dead proxy as well: were the CLI to reach for api.twilio.com, the message would fail.
  const run = (args: string[]) => runIvr(['call', '--at', CLOSED_EVENING, '--press', '-', '--press', '1', ...args], { env: { ...REAL_LOOKING, IVR_SMS_FROM: '', HTTPS_PROXY: 'http://127.0.0.1:9' } });

  it('by default the SMS is sent: one transcript line with the number and the text, then "sent"', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const sms = lines.indexOf(`SMS to ${MOBILE}: ${LINKS_SMS}`);
    expect(sms).toBeGreaterThan(lines.indexOf('Caller presses 1'));
    expect(lines.indexOf(`IVR [it-IT]: ${SENT}`)).toBeGreaterThan(sms);
  });

  it('--json lists it under "sms"', async () => {
    const { stdout } = await run(['--json']);
    expect(JSON.parse(stdout).sms).toEqual([{ to: MOBILE, from: '+390237921240', body: LINKS_SMS, status: 'sent', sid: expect.stringMatching(/^SM/) }]);
  });

  it('--sms failed: the refusal is shown and the caller hears the failure prompt', async () => {
    const { code, stdout } = await run(['--sms', 'failed']);
    expect(code).toBe(0);
    expect(stdout).toContain(`SMS to ${MOBILE} failed (Twilio error 21610, Attempt to send to unsubscribed recipient): ${LINKS_SMS}`);
    expect(stdout).toContain(`IVR [it-IT]: ${FAILED}`);
  });

  it('a wrong value, or --sms with --url, is wrong usage (exit 2)', async () => {
    const wrong = await run(['--sms', 'maybe']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--sms "maybe" is not what the simulated Messages API can do; use one of: sent, failed, off');
    const overHttp = await run(['--sms', 'sent', '--url', 'http://127.0.0.1:9/api/voice']);
    expect(overHttp.code).toBe(2);
    expect(overHttp.stderr).toContain('--sms applies to an in-process call only');
  });
});
