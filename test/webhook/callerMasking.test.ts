import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, hostLogger } from '../../src/app/createApp';
import { maskCallerId } from '../../src/app/maskingLogger';
import { createLocalHost, type LocalHost } from '../../src/server/localHost';
import { readSettings } from '../../src/config/settings';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { runIvr } from '../support/runIvr';
import { recordingLogger } from '../twilio/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';

// A caller's From that is not E.164 is still a caller's: Twilio passes an unreadable caller ID on as it came, and
// SIP and Voice SDK callers send addresses and client identifiers (https://www.twilio.com/docs/voice/twiml/client:
// an identifier of up to 256 characters, often a person's name). What the DPO and the
// analyst read in the record: masked by default, the kind of value and no more than the last four digits kept;
// whole with IVR_LOG_PHONE_NUMBERS=full. A withheld caller ID, which Twilio passes on as the carrier's word
// (https://twilio.com/changelog/upcoming-changes-to-withheld-caller-ids-behavior-for-dial-calls), names nobody and
// stays readable.

const FROM_MASKED: [string, string][] = [
  ['sip:3401234567@pbx.example.com', 'sip:******4567@pbx.example.com'],
  ['00393401234567', '**********4567'],
  ['3401234567', '******4567'],
  ['client:mario.rossi', 'client:***'],
  ['+39 340 1234567', '+** *** ***4567'],
  ['+3934012345678901234', '+***************1234'],
  ['sip:mario.rossi@192.168.1.20:5060', 'sip:***@***:5060'],
  ['anonymous', 'anonymous'],
  ['RESTRICTED', 'RESTRICTED'],
];

/** The `from` of the record `ivr call --json` prints, the caller's From being `from`. */
async function recordFrom(from: string, env: Record<string, string> = {}): Promise<string> {
  const run = await runIvr(['call', '--at', '2026-11-24T20:00', '--param', `From=${from}`, '--press', '1', '--json'], { env });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { record: { from: string } }).record.from;
}

describe("a caller's From that is not E.164, in the ivr.call record", () => {
  it('is masked by default: its kind and at most its last four digits; a withheld caller ID as Twilio sent it', async () => {
    const got = await Promise.all(FROM_MASKED.map(([from]) => recordFrom(from)));
    expect(got).toEqual(FROM_MASKED.map(([, masked]) => masked));
  });

  it('is whole with IVR_LOG_PHONE_NUMBERS=full', async () => {
    const got = await Promise.all(FROM_MASKED.map(([from]) => recordFrom(from, { IVR_LOG_PHONE_NUMBERS: 'full' })));
    expect(got).toEqual(FROM_MASKED.map(([from]) => from));
  });
});

describe('the status callback and the SMS status callback', () => {
  function app(env: Record<string, string> = {}) {
    const logger = recordingLogger();
    const ivr = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS, ...env }), flow: fixedFlow(), logger, journal: memoryJournal() });
    logger.lines.length = 0;
    return { ivr, logger };
  }
  const post = (path: string, body: string) =>
    new Request(`https://klarna-ivr.azurewebsites.net${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const CALL_SID = `CA${'5a'.repeat(16)}`;
  // As the review's request had it: "+" in a form body is a space, so the From the app reads is "0039 340 1234567".
  const STATUS = `CallSid=${CALL_SID}&CallStatus=completed&CallDuration=12&From=0039+340+1234567&To=%2B390237921240`;

  it("writes a From in no E.164 form masked in the call's record, and whole with IVR_LOG_PHONE_NUMBERS=full", async () => {
    const masked = app();
    expect((await masked.ivr.fetch(post('/api/voice/status', STATUS))).status).toBe(204);
    expect(JSON.parse(masked.logger.lines[0]!.message)).toMatchObject({ event: 'ivr.call', from: '**** *** ***4567', to: '+39******1240' });
    const full = app({ IVR_LOG_PHONE_NUMBERS: 'full' });
    await full.ivr.fetch(post('/api/voice/status', STATUS));
    expect(JSON.parse(full.logger.lines[0]!.message)).toMatchObject({ from: '0039 340 1234567', to: '+390237921240' });
  });

  let host: LocalHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it("on npm start's host, whose one masking logger the app is given in turn, writes the record's From masked once, as the analyst reads it", async () => {
    const lines: string[] = [];
    const settings = readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS });
    host = createLocalHost({ settings, logger: hostLogger(settings, { info: (m) => void lines.push(m), warn() {}, error() {} }) });
    const body = `CallSid=${CALL_SID}&CallStatus=completed&CallDuration=12&From=${encodeURIComponent('sip:+393401234567@pbx.example.com')}&To=%2B390237921240`;
    await host.live.handle({ method: 'POST', url: 'http://127.0.0.1/api/voice/status', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(lines.map((line) => JSON.parse(line).from)).toEqual(['sip:+39******4567@pbx.example.com']);
  });

  it("writes an SMS recipient in no E.164 form masked in its ivr.sms-status line", async () => {
    const { ivr, logger } = app();
    await ivr.fetch(post(`/api/sms/status?callSid=${CALL_SID}`, `MessageSid=SM${'1b'.repeat(16)}&MessageStatus=delivered&To=393401234567`));
    expect(JSON.parse(logger.lines[0]!.message)).toMatchObject({ event: 'ivr.sms-status', to: '********4567' });
  });
});

describe('docs/call-records.md, "Masked numbers"', () => {
  const section = readFileSync('docs/call-records.md', 'utf8').split('### Masked numbers')[1]!.split('\n## ')[0]!;

  it('shows each example masked as the app masks it', () => {
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Twilio sent'));
    const pairs = rows.flatMap((row) => {
      const [sent = [], masked = []]: string[][] = row.split(' | ').map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
      return sent.slice(0, masked.length).map((value, i) => [value, masked[i] as string]);
    });
    // The rows whose examples pair up one to one: E.164, other digits, SIP, client.
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    for (const [value, masked] of pairs) expect(maskCallerId(value!), value).toBe(masked);
  });
});
