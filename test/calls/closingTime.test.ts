import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import { exploreFlow } from '../../src/explore';
import { loadFlowFile } from '../../src/flow/load';
import { callIvr } from '../../src/testing';
import { runIvr } from '../support/runIvr';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';

// A real call's webhooks see time pass: the hours check comes some seconds
// after the welcome, a transfer after a menu. A simulated call's app reads
// the call's start plus the seconds it has lasted, so calls begun just
// before 17:00 go as real ones would; and the flow checks the hours again
// before a transfer, so nobody is put through to a closed call centre.
// The timings below are the simulator's: the silent welcome's request comes
// 8 s in, the menu's key 2 at 31 s.

const TUESDAY = '2026-11-24';
const CLOSED = 'In questo momento il servizio clienti telefonico è chiuso';

describe('a call begun just before closing time', () => {
  it('begun at 16:59:55, it meets the hours check after 17:00: the closed message, no menu', async () => {
    const call = await callIvr({ at: `${TUESDAY}T16:59:55`, press: ['-'] });
    expect(call.heard).toContain(CLOSED);
    expect(call.path.slice(0, 3)).toEqual(['consumer-welcome', 'consumer-hours', 'closed']);
  });

  it('the same with ivr call: --at is when the call begins', async () => {
    const { code, stdout } = await runIvr(['call', '--at', `${TUESDAY}T16:59:55`, '--press', '-']);
    expect(code).toBe(0);
    expect(stdout).toContain(CLOSED);
  });

  it('begun at 16:59:00, key 2 at 16:59:31: put through to an operator', async () => {
    const call = await callIvr({ at: `${TUESDAY}T16:59:00`, press: ['-', '2'], env: OPERATOR_NUMBERS });
    expect(call.connectedTo).toBe(OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_IT);
    expect(call.path).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator']);
  });

  it('begun at 16:59:30, key 2 at 17:00:01: told the line is closed, with the chat, and not put through', async () => {
    const call = await callIvr({ at: `${TUESDAY}T16:59:30`, press: ['-', '2'] });
    expect(call.dials).toEqual([]);
    expect(call.heard).toContain(CLOSED);
    expect(call.heard).toContain('Chatta con noi');
    expect(call.path.slice(0, 5)).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'closed']);
  });

  it('ivr explore holds each instant for the whole call, so every situation is explored once and the same way: a morning window of five minutes is explored without error', async () => {
    // With the clock running on, a path that took longer met the hours check after 09:05 and
    // explore, finding a known place answered otherwise, stopped: "the app is not deterministic".
    const flow = structuredClone(loadFlowFile(DEFAULT_FLOW_FILE));
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) flow.hours.weekly[day] = [{ open: '09:00', close: '09:05' }, { open: '14:00', close: '17:00' }];
    const report = await exploreFlow({
      flow,
      settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }),
      lines: ['consumer'],
      instants: [{ label: '--at', at: `${TUESDAY}T09:03` }],
    });
    expect(report.pathsComplete).toBe(true);
    expect(report.endings).toContainEqual(expect.objectContaining({ node: 'consumer-operator', outcome: 'dial' }));
    expect(report.endings.some((e) => e.route.includes('closed'))).toBe(false);
  });
});
