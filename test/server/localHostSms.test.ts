import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { haveFaketime, startHostProcess, type HostProcess } from '../support/hostProcess';
import { runIvr } from '../support/runIvr';

// `ivr call --url` against our own local host (npm start) gets the chat-link
// SMS an in-process call gets: the host, with no real SMS set up, texts a
// simulated Twilio Messages API (POST .../Messages.json, 201 with the Message
// resource, or Twilio's error 21610 for a refusal:
// https://www.twilio.com/docs/messaging/api/message-resource,
// https://www.twilio.com/docs/errors/21610), files each message under its
// call, and the CLI prints them after the call. Nothing leaves the machine.
// The host runs at a fixed instant (faketime): a weekday evening, when the
// consumer line is closed and callers on a mobile are offered the links. It
// serves the fixed copy of the menu (test/support/fixedMenu.ts), whose hours,
// offer and message the texts below quote.

const required = process.env.REQUIRE_FAKETIME === '1';
if (!haveFaketime) console.warn(`\n*** SMS over --url tests ${required ? 'FAIL' : 'SKIPPED'}: no faketime (apt-get install -y faketime). ***\n`);

const LINKS = 'Modulo di contatto: https://www.klarna.com/it/contatti/';

describe.runIf(haveFaketime || required)('the chat-link SMS of a call to the local host over --url', { timeout: 60_000 }, () => {
  let sent: HostProcess;
  let failed: HostProcess;
  beforeAll(async () => {
    [sent, failed] = await Promise.all([
      // IVR_LOCAL_SMS unset: the local host's default without real SMS.
      startHostProcess({ at: '2026-11-24 20:00:00', env: { IVR_FLOW_FILE: FIXED_FLOW_FILE, IVR_LOCAL_SMS: '' } }),
      startHostProcess({ at: '2026-11-24 20:00:00', env: { IVR_FLOW_FILE: FIXED_FLOW_FILE, IVR_LOCAL_SMS: 'failed' } }),
    ]);
  }, 60_000);
  afterAll(() => {
    sent?.stop();
    failed?.stop();
  });

  it('is sent: the caller hears so, and ivr call prints the message, its number and text; --json carries it', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${sent.origin}/api/voice`, '--press', '-', '--press', '1']);
    // Printed at start-up, just after the line the test waits for.
    expect(sent.output()).toContain('Chat-link SMS: a simulated Messages API (IVR_LOCAL_SMS unset: simulated); nothing is sent.');
    // It says where the calls' records come from (the test host runs IVR_CALL_JOURNAL=memory).
    expect(sent.output()).toContain('Call records: one ivr.call line per call in this app\'s log');
    expect(stdout).toContain('IVR [it-IT]: Ti abbiamo inviato un SMS con i link.');
    expect(stdout).toMatch(new RegExp(`\\nSMS to \\+393401234567: Klarna Italia\\. Chat .*${LINKS.replace(/[.?/]/g, '\\$&')}\\n\\nOutcome: hung up by the IVR`));
    expect(code).toBe(0);

    const json = await runIvr(['call', '--url', `${sent.origin}/api/voice`, '--press', '-', '--press', '1', '--json']);
    expect(JSON.parse(json.stdout).sms).toEqual([expect.objectContaining({ to: '+393401234567', status: 'sent', sid: expect.stringMatching(/^SM/), body: expect.stringContaining(LINKS) })]);
  });

  it('fails when the host\'s simulated API refuses it (IVR_LOCAL_SMS=failed): the caller is told, ivr call prints the refusal', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${failed.origin}/api/voice`, '--press', '-', '--press', '1']);
    expect(stdout).toContain("non siamo riusciti a inviare l'SMS");
    expect(stdout).toContain('SMS to +393401234567 failed (Twilio error 21610, Attempt to send to unsubscribed recipient): Klarna Italia.');
    expect(code).toBe(0);
  });

  it('ivr test --url against the host sees the messages a scenario expects, sent or refused', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-host-sms-')), 'sms.yaml');
    writeFileSync(file, `name: the chat links by SMS\nsteps:\n  - press: "-"\n  - hear: premi 1\n  - press: "1"\nexpect:\n  sms: [{ to: "+393401234567", contains: "${LINKS}" }]\n`);
    const passes = await runIvr(['test', file, '--url', `${sent.origin}/api/voice`]);
    expect(passes.stdout).toContain('1 passed, 0 failed');
    expect(passes.code).toBe(0);
    const refused = await runIvr(['test', file, '--url', `${failed.origin}/api/voice`]);
    expect(refused.stdout).toContain('none was sent (the simulated Messages API refused 1: the local host\'s IVR_LOCAL_SMS=failed)');
    expect(refused.code).toBe(1);
  });

  it('ivr test --url says first what the server decides itself: its clock (a scenario\'s call.at) and its settings (the SMS offer)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-host-at-')), 'open.yaml');
    // Written for a weekday morning, when the line is open; the host's clock says evening.
    writeFileSync(file, `name: the menu at ten\ncall: { at: "2026-11-24T10:00" }\nsteps:\n  - hear: Benvenuto\n`);
    const run = await runIvr(['test', file, '--url', `${sent.origin}/api/voice`]);
    expect(run.stdout).toContain("note  1 of 1 scenarios give an instant (call.at or --at), which a server reached over HTTP cannot be set to: they run at the server's own time");
    expect(run.stdout).toContain("note  over HTTP the app's settings are the server's own: a scenario's settings and call.sms do not reach it");
    expect(run.stdout).toContain('1 passed, 0 failed');
  });

  it('files messages per call: another call\'s SID has none, and a wrong one is refused with the fix', async () => {
    const other = await fetch(`${sent.origin}/local/sms?callSid=CA${'0'.repeat(32)}`);
    expect(await other.json()).toEqual({ callSid: `CA${'0'.repeat(32)}`, messages: [] });
    const wrong = await fetch(`${sent.origin}/local/sms?callSid=nope`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('give ?callSid=CA...');
  });
});

describe('ivr call --sms with --url', () => {
  it('is wrong usage that says where a local host chooses instead', async () => {
    const { code, stderr } = await runIvr(['call', '--url', 'http://127.0.0.1:9/api/voice', '--sms', 'failed']);
    expect(stderr).toContain('a local host (npm start) chooses with IVR_LOCAL_SMS=simulated, failed or off');
    expect(code).toBe(2);
  });
});
