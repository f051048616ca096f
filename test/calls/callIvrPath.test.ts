import { describe, expect, it } from 'vitest';
import { callIvr } from '../../src/testing';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';

// A test of a menu branch asks where the call went, not only what it heard:
// callIvr gives the nodes entered, the language the call ended in, and the
// ivr.call record the app logs for it (docs/call-records.md), so a reworded
// prompt does not break a test of routing.

const OPEN = '2026-11-24T10:00'; // a Tuesday, Europe/Rome

describe('callIvr tells where a call went', () => {
  it('English, complaints, operator: the nodes in order, English at the end, recorded as transferred', async () => {
    const call = await callIvr({ at: OPEN, press: ['1', '3', '2'], env: OPERATOR_NUMBERS });
    expect(call.path).toEqual(['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-complaints', 'consumer-complaints-hours', 'consumer-complaints-options', 'consumer-operator-hours', 'consumer-operator']);
    expect(call.language).toBe('en');
    expect(call.record).toMatchObject({ line: 'consumer', outcome: 'transferred', inputs: ['1', '3', '2', 'dial:completed'] });
  });

  it('a busy operator: the apology and the chat offer on the path, declined by silence, then the open line\'s information keys asked twice', async () => {
    const call = await callIvr({ at: OPEN, press: ['-', '2'], dialStatus: 'busy', sms: 'sent' });
    expect(call.path).toEqual(['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'consumer-info-hours', 'consumer-open-info-menu', 'consumer-open-info-menu', 'goodbye']);
    expect(call.language).toBe('it');
    expect(call.record).toMatchObject({ line: 'consumer', outcome: 'menu-hung-up', sms: 'declined' });
  });

  it('a busy merchant operator: the merchant apology, the open line\'s information keys twice, then goodbye, with no chat offer on the path', async () => {
    const call = await callIvr({ to: '+390237921250', at: OPEN, press: ['-', '1'], dialStatus: 'busy', sms: 'sent' });
    expect(call.path).toEqual(['merchant-welcome', 'merchant-hours', 'merchant-menu', 'merchant-operator-hours', 'merchant-operator', 'merchant-operator-unavailable', 'merchant-info-hours', 'merchant-open-info-menu', 'merchant-open-info-menu', 'goodbye']);
    expect(call.record).toMatchObject({ line: 'merchant', outcome: 'menu-hung-up' });
    expect(call.record.sms).toBeUndefined();
  });

  it('a holiday: the hours node sends the call to the holiday message', async () => {
    const call = await callIvr({ at: '2026-12-25T10:00', press: ['-'] });
    expect(call.path.slice(0, 3)).toEqual(['consumer-welcome', 'consumer-hours', 'holiday-closed']);
  });
});
