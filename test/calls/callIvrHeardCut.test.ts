import { describe, expect, it } from 'vitest';
import { callIvr, type CallIvrOptions } from '../../src/testing';
import { fixedFlow } from '../support/fixedMenu';

// What callIvr says the caller heard when a key (press: ['3@2']) or the caller's hang-up (hangupAt) cut a
// prompt short: only what was said before the cut, as `ivr call` shows it. A test of a menu branch that
// asserts a sentence the caller never heard must fail. On the fixed copy of the menu
// (test/support/fixedMenu.ts), whose consumer menu is one <Say> of seven sentences (23 s), begun 8 s into
// a call silent at the welcome: the seconds these calls cut at are those of its wording.

const call = (options: Omit<CallIvrOptions, 'at' | 'flow'>) => callIvr({ at: '2026-11-24T10:00', flow: fixedFlow(), ...options });

const FIRST = 'Per sapere come usare la chat, premi 1.';
const FIRST_FOUR = `${FIRST} Per parlare con un operatore, premi 2. Per presentare un reclamo, premi 3. Per scriverci con il modulo di contatto o per posta, premi 4.`;
const LAST_THREE = 'Per sapere quanto costa questa chiamata, premi 5. Se sei un commerciante, premi 9. Per riascoltare il menu, premi asterisco.';

describe('callIvr: a prompt a key cut short was heard only up to the key', () => {
  it("3 pressed 2 s into the Italian menu: heard and said hold its first sentence, not the rest; the transcript marks the cut", async () => {
    const c = await call({ press: ['-', '3@2'] });
    expect(c.said[2]).toEqual({ text: FIRST, language: 'it-IT' });
    expect(c.heard).not.toContain('Per riascoltare il menu, premi asterisco');
    expect(c.heard).not.toContain('Per parlare con un operatore, premi 2');
    expect(c.transcript.slice(2, 4)).toEqual([
      { say: FIRST, language: 'it-IT', cutOff: "the caller's key" },
      { notSaid: expect.stringMatching(/^Per parlare con un operatore, premi 2\. .* premi asterisco\.$/), language: 'it-IT' },
    ]);
    // The key still took the call to complaints, whose words come after it.
    expect(c.path).toContain('consumer-complaints');
    expect(c.heard).toContain('reclamo');
  });

  it('the welcome cut 1 s in: its English sentence was never said', async () => {
    const c = await call({ press: ['2@1'] });
    expect(c.said[0]).toEqual({ text: 'Benvenuto nel servizio clienti di Klarna Italia.', language: 'it-IT' });
    expect(c.heard).not.toContain('For English');
  });
});

describe('callIvr: a caller who hangs up mid-prompt (hangupAt) heard it only up to then', () => {
  it('hangupAt: 20, 12 s into the Italian menu: heard ends at the sentence cut, and the transcript says what the hang-up left unsaid', async () => {
    const c = await call({ hangupAt: 20 });
    expect(c.outcome.kind).toBe('caller-hangup');
    expect(c.heard).not.toContain('Per riascoltare il menu');
    expect(c.heard.endsWith(FIRST_FOUR)).toBe(true);
    expect(c.said.at(-1)).toEqual({ text: FIRST_FOUR, language: 'it-IT' });
    expect(c.transcript.slice(-2)).toEqual([
      { say: FIRST_FOUR, language: 'it-IT', cutOff: "the caller's hang-up" },
      { notSaid: LAST_THREE, language: 'it-IT' },
    ]);
  });

  it('events are the simulator\'s, apart from the transcript: the menu\'s say whole, then the hang-up at 20 s', async () => {
    const c = await call({ hangupAt: 20 });
    expect(c.transcript).not.toBe(c.events);
    const menu = c.events.filter((e) => e.type === 'say').at(-1);
    expect(menu).toMatchObject({ text: `${FIRST_FOUR} ${LAST_THREE}` });
    expect(c.events.at(-2)).toMatchObject({ type: 'hangup', by: 'caller', at: 20 });
  });
});
