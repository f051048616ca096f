import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { MAX_STEPS_PER_CALL } from '../../src/journal/callJournal';
import { fixedFlow } from '../support/fixedMenu';
import { scriptOf } from '../../src/replay/replayRecord';

// A call's ivr.call line must stay under what Application Insights keeps in
// one trace (32,768 characters) whatever the requests said: MAX_STEPS_PER_CALL
// bounds the answers, and each answer's input is bounded too. With signature
// checking off anyone can send Digits or DialCallStatus of 64,000 characters
// (and with it on, Twilio relays what the caller keyed). The line keeps the
// first 64 characters of such an input and says it was cut.

const AI_TRACE_LIMIT = 32_768;
const CALL_SID = `CA${'7'.repeat(32)}`;
const BASE = 'http://localhost:7071';
const OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });

function app() {
  const lines: string[] = [];
  const ivr = createApp({
    settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }),
    flow: fixedFlow(),
    clock: () => OPEN,
    journal: memoryJournal(),
    logger: { info: (m) => void lines.push(m), warn() {}, error() {} },
  });
  const post = async (path: string, params: Record<string, string>) => {
    const body = new URLSearchParams({ CallSid: CALL_SID, From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress', ...params }).toString();
    const answer = await ivr.handle({ method: 'POST', url: `${BASE}${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(answer.status, path).toBeLessThan(300);
  };
  const callLine = () => lines.find((line) => line.includes('"event":"ivr.call"'));
  return { post, callLine };
}

// On the fixed copy of the menu, open then, whose node names these requests give: a rename in the shipped menu does
// not reach them.
const MENU = '/api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0';
const TRANSFER = '/api/voice/continue?line=consumer&node=consumer-operator&lang=it&tries=0';

/** The ivr.call line of a call that keys `digits` at the menu, then is told `dialCallStatus` by the transfer. */
async function keyThenTransfer(digits: string, dialCallStatus: string): Promise<string> {
  const { post, callLine } = app();
  await post('/api/voice', {});
  await post(MENU, { Digits: digits });
  await post(TRANSFER, { DialCallStatus: dialCallStatus });
  await post('/api/voice/status', { CallStatus: 'completed', CallDuration: '30' });
  return callLine()!;
}

describe('the ivr.call line of a call whose requests carry huge inputs', () => {
  it('keeps the first 64 characters of a 64,000-character Digits or DialCallStatus, and says it was cut', async () => {
    const line = await keyThenTransfer('1'.repeat(64_000), 'x'.repeat(64_000));
    expect(line.length).toBeLessThan(1_000);
    expect(JSON.parse(line).inputs).toEqual([`${'1'.repeat(64)}…(cut from 64000 characters)`, `dial:${'x'.repeat(64)}…(cut from 64000 characters)`]);
    // ivr replay cannot key what was cut, and says so in a line, not with the input in it.
    expect(scriptOf({ ...JSON.parse(line), startedAt: '2026-11-24T10:00:00+01:00' }, fixedFlow())).toBe('an input was cut in the record (over 64 characters), so what the caller keyed is not known');
  });

  it('keeps a 64-character input whole, and cuts one of 65', async () => {
    expect(JSON.parse(await keyThenTransfer('1'.repeat(64), 'x'.repeat(65))).inputs).toEqual(['1'.repeat(64), `dial:${'x'.repeat(64)}…(cut from 65 characters)`]);
  });

  it('stays under 32,768 characters however many such answers the call had, however the characters escape in JSON', async () => {
    const { post, callLine } = app();
    await post('/api/voice', {});
    // A control character is six in JSON (\u0001), three in the form (%01): 20,000 of them still fit the 64 KiB body limit.
    for (let i = 0; i < 2 * MAX_STEPS_PER_CALL; i++) await post(MENU, i % 2 ? { Digits: '\u0001'.repeat(20_000) } : { Digits: '"'.repeat(20_000) });
    await post('/api/voice/status', { CallStatus: 'completed', CallDuration: '3600' });
    const line = callLine()!;
    expect(line.length).toBeLessThan(AI_TRACE_LIMIT);
    expect(JSON.parse(line).inputs).toContain(`${'\u0001'.repeat(64)}…(cut from 20000 characters)`);
  });
});
