import { describe, expect, it } from 'vitest';
import { callIvr } from '../../src/testing';

const MERCHANT = '+390237921250';
const OPEN = '2026-11-25T15:00'; // a Wednesday, Europe/Rome

const call = (at: string, press: string[] = [], extra: Partial<Parameters<typeof callIvr>[0]> = {}) =>
  callIvr({ to: MERCHANT, at, press, ...extra });

describe('merchant line', () => {
  it('opens in Italian with the merchant welcome and offers English on key 1', async () => {
    const c = await call(OPEN, ['hangup']);
    expect(c.said.slice(0, 2)).toEqual([
      { text: 'Benvenuto nel servizio clienti di Klarna Italia per i commercianti.', language: 'it-IT' },
      { text: 'For English, press 1.', language: 'en-GB' },
    ]);
  });

  it('1 connects to the Italian merchant operator destination', async () => {
    const c = await call(OPEN, ['-', '1'], { env: { DEST_MERCHANT_OPERATOR_IT: '+390200000003' } });
    expect(c.heard).toContain('Ti mettiamo in contatto con un operatore.');
    expect(c.connectedTo).toBe('+390200000003');
  });

  it('in English, 1 connects to the English merchant operator destination', async () => {
    const c = await call(OPEN, ['1', '1'], { env: { DEST_MERCHANT_OPERATOR_EN: '+390200000004' } });
    expect(c.heard).toContain('To speak with a merchant support operator, press 1.');
    expect(c.connectedTo).toBe('+390200000004');
  });

  it('2 gives written contact: the form and both postal addresses, in English', async () => {
    const c = await call(OPEN, ['1', '2', 'hangup']);
    expect(c.heard).toContain('contact form, in the Contacts section');
    expect(c.heard).toContain('Klarna Italia, Via San Marco 21, 2 0 1 2 1 Milano, Italy');
    expect(c.heard).toContain('Sveavägen 46, S E 1 1 1 3 4 Stockholm, Sweden');
  });

  it('* repeats the menu, and keys of the consumer menu are invalid here', async () => {
    const c = await call(OPEN, ['-', '*', '9', 'hangup']);
    expect(c.said.filter((s) => s.text.startsWith('Per parlare con un operatore dedicato'))).toHaveLength(3);
    expect(c.heard).toContain('La scelta non è valida.');
  });

  it('three failed attempts transfer to a merchant operator', async () => {
    const c = await call(OPEN, ['-', '-', '5', '-'], { env: { DEST_MERCHANT_OPERATOR_IT: '+390200000003' } });
    expect(c.connectedTo).toBe('+390200000003');
  });

  it('an unanswered merchant operator apologises and suggests the chat', async () => {
    const c = await call(OPEN, ['-', '1'], { dialStatus: 'no-answer' });
    expect(c.heard).toContain('nessun operatore può rispondere');
    expect(c.outcome.kind).toBe('hangup');
  });

  it('has the same hours: closed on Sunday, on holidays by name', async () => {
    expect((await call('2026-11-29T10:00', ['-'])).heard).toContain('dalle 9 alle 17');
    expect((await call('2026-12-25T10:00', ['1'])).heard).toContain('Today our phone customer service is closed for Christmas Day');
  });
});
