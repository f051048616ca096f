import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import { exploreFlow } from '../../src/explore';
import { loadFlowFile } from '../../src/flow/load';
import { callIvr } from '../../src/testing';
import { runIvr } from '../support/runIvr';

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
    const call = await callIvr({ at: `${TUESDAY}T16:59:00`, press: ['-', '2'] });
    expect(call.connectedTo).toBe('+390237921240');
    expect(call.path).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator']);
  });

  it('begun at 16:59:30, key 2 at 17:00:01: told the line is closed, with the chat, and not put through', async () => {
    const call = await callIvr({ at: `${TUESDAY}T16:59:30`, press: ['-', '2'] });
    expect(call.dials).toEqual([]);
    expect(call.heard).toContain(CLOSED);
    expect(call.heard).toContain('Chatta con noi');
    expect(call.path.slice(0, 5)).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'closed']);
  });

  it('ivr explore at 16:59:30 finds both: callers put through, and callers who reach the transfer after 17:00 told it is closed', async () => {
    const report = await exploreFlow({
      flow: loadFlowFile(DEFAULT_FLOW_FILE),
      settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }),
      lines: ['consumer'],
      instants: [{ label: '--at', at: `${TUESDAY}T16:59:30` }],
    });
    // merchant-operator and holiday-closed are out of reach at this one instant: the defects of no node reached.
    expect(report.defects.filter((d) => d.kind !== 'unreached-node')).toEqual([]);
    const paths = (route: string) => report.endings.filter((e) => e.route.join(' > ') === route).reduce((sum, e) => sum + e.paths, 0);
    const toldClosed = paths('consumer-operator-hours > closed > chat-link-sms > goodbye');
    const putThrough = paths('consumer-operator');
    // Only a caller who presses 2 the moment the menu starts is put through before 17:00; explore resumes
    // most paths mid-call, and each must count the time from the call's start, not from where it resumed.
    expect(putThrough).toBeGreaterThan(0);
    expect(putThrough * 10).toBeLessThan(toldClosed);
  });
});
