import { describe, expect, it } from 'vitest';
import { callIvr, type Flow } from '../../src/testing';
import { parseFlow } from '../../src/flow/validate';
import { fixedFlow } from '../support/fixedMenu';

// Two shapes the schema allows (src/flow/schema.ts) that neither the shipped
// menu nor its fixed copy uses, so no other call takes them: a goodbye with no
// prompt (the menu hangs up in silence) and a transfer with one destination for
// every language. An editor may write either; each must still make a call that
// ends as the flow says, not an error prompt.

/** The fixed copy of the menu, changed by `edit`, checked as a flow file is. */
function variant(edit: (flow: { nodes: Record<string, Record<string, unknown>> }) => void): Flow {
  const json = structuredClone(fixedFlow()) as unknown as { nodes: Record<string, Record<string, unknown>> };
  edit(json);
  return parseFlow(JSON.stringify(json), 'variant.json');
}

const TUESDAY_OPEN = '2026-11-24T10:00';
const SATURDAY = '2026-11-28T11:00';
const MERCHANT_LINE = '+390237921250';

describe('nodes in their plainest form', () => {
  it('a goodbye with no prompt: a merchant calling on Saturday hears the closed message, then the menu hangs up saying nothing more', async () => {
    const flow = variant((f) => {
      f.nodes.goodbye = { type: 'hangup' };
    });
    const call = await callIvr({ at: SATURDAY, to: MERCHANT_LINE, press: ['-'], flow });
    expect(call.errors).toEqual([]);
    expect(call.outcome.kind).toBe('hangup');
    expect(call.path.slice(-2)).toEqual(['merchant-closed', 'goodbye']);
    expect(call.heard).toContain('chiuso');
    expect(call.heard).not.toContain('Arrivederci');
    expect(call.record?.outcome).toBe('menu-hung-up');
  });

  it('a transfer with one destination for both languages: Italian and English callers are put through to the same number', async () => {
    const flow = variant((f) => {
      f.nodes['consumer-operator'] = { ...f.nodes['consumer-operator'], destination: 'consumer-operator-it' };
    });
    const env = { DEST_CONSUMER_OPERATOR_IT: '+390200000001' };
    const italian = await callIvr({ at: TUESDAY_OPEN, press: ['-', '2'], flow, env });
    const english = await callIvr({ at: TUESDAY_OPEN, press: ['1', '2'], flow, env });
    for (const call of [italian, english]) {
      expect(call.errors).toEqual([]);
      expect(call.dials).toEqual([{ to: '+390200000001', status: 'completed' }]);
      expect(call.connectedTo).toBe('+390200000001');
    }
    expect(english.language).toBe('en');
    expect(english.heard).toContain('connecting you to an operator');
  });
});
