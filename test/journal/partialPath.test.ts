import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { simulateCall } from '../../src/simulator';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { journalFields } from '../../src/webhook/callRecords';
import type { PlainHandler } from '../../src/http/plainHttp';
import { fixedFlow } from '../support/fixedMenu';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';

// A call whose first answers were given before the host (re)started: its
// journal holds only the later ones. The ivr.call line must say so
// (`pathMissing: "partial"`, the path and inputs beginning with "…"), not
// show a shorter path as if the call had begun in the middle of the menu.

const settings = readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...OPERATOR_NUMBERS });
// On the fixed copy of the menu, whose node names the paths below are (a rename in the shipped menu does not move
// them), on a Tuesday morning it is open: the calls reach its operators.
const OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });

/** One host process: its app and its own memory journal, and the ivr.call lines it logs. */
function hostProcess() {
  const lines: Record<string, unknown>[] = [];
  const app = createApp({
    settings,
    flow: fixedFlow(),
    clock: () => OPEN,
    journal: memoryJournal(),
    logger: { info: (m) => lines.push(JSON.parse(m) as Record<string, unknown>), warn() {}, error() {} },
  });
  return { app, lines };
}

/** A consumer call: 1 for English, then 2 for an operator, who answers. `restartAfter` requests go to the first process, the rest to the second. */
async function callAcrossRestart(restartAfter: number) {
  const before = hostProcess();
  const after = hostProcess();
  let requests = 0;
  const transport: PlainHandler = (request) => (requests++ < restartAfter ? before : after).app.handle(request);
  await simulateCall({
    url: 'http://localhost:7071/api/voice',
    transport,
    call: { to: '+390237921240', from: '+393401234567' },
    caller: [{ digits: '1' }, { digits: '2' }],
    dial: () => ({ status: 'completed', durationSeconds: 60 }),
    statusCallback: 'http://localhost:7071/api/voice/status',
  });
  return [...before.lines, ...after.lines].find((line) => line.event === 'ivr.call');
}

describe('the ivr.call line of a call the host only saw part of', () => {
  it('is whole when one process answered every request', async () => {
    const line = await callAcrossRestart(Infinity);
    expect(line).toMatchObject({ path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], outcome: 'transferred' });
    expect(line).not.toHaveProperty('pathMissing');
  });

  it('says "partial" and begins its path with "…" when the first answer came from the process before a restart', async () => {
    const line = await callAcrossRestart(1);
    expect(line).toMatchObject({ pathMissing: 'partial', path: ['…', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], inputs: ['…', '1', '2', 'dial:completed'], outcome: 'transferred', language: 'en' });
  });

  it('says "partial" after a restart later in the call too', async () => {
    const line = await callAcrossRestart(2);
    expect(line).toMatchObject({ pathMissing: 'partial', path: ['…', 'consumer-operator-hours', 'consumer-operator'], inputs: ['…', '2', 'dial:completed'] });
  });

  it('keeps "…" in the middle (not "partial") for a long call the journal shortened', () => {
    const step = (input: string) => ({ callSid: 'CA' + '1'.repeat(32), line: 'consumer', language: 'it', input, nodes: ['consumer-menu'], end: 'gather' as const });
    const fields = journalFields('completed', { steps: [step('call'), step('none'), step('1'), step('2')], omitted: 4 });
    expect(fields.pathMissing).toBeUndefined();
    expect(fields.path).toEqual(['consumer-menu', '…', 'consumer-menu', 'consumer-menu', 'consumer-menu']);
    expect(fields.inputs).toEqual(['…', 'none', '1', '2']);
  });
});
