import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { continueCall, startCall, type StepContext } from '../../src/engine/step';
import type { CallState } from '../../src/engine/callState';
import type { Plan } from '../../src/engine/plan';
import { fixedFlow } from '../support/fixedMenu';

// A menu's intro ("Puoi parlare con noi anche in chat…") is said once, when the caller arrives: a retry after a
// wrong key says the excuse and the question again, not the whole intro. On the fixed copy of the menu
// (test/support/fixedMenu.ts), whose chat menu has an intro and the welcome none.

const TUESDAY_OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });

function contextFor(flow = fixedFlow()): StepContext {
  const destinations = Object.fromEntries(Object.entries(flow.destinations).map(([name, d]) => [name, d.number]));
  return { flow, now: TUESDAY_OPEN, destinations, caller: '+393401234567', smsAvailable: false };
}

const heard = (plan: Plan) => plan.flatMap((a) => (a.kind === 'say' ? [a.speech.text] : a.kind === 'gather' ? a.prompts.map((p) => p.text) : []));
/** The first sentence of the chat menu's intro, in Italian. */
function chatIntro(): string {
  const chat = fixedFlow().nodes['consumer-chat'];
  const first = chat?.type === 'menu' ? chat.intro?.[0] : undefined;
  if (!first || !('it' in first)) throw new Error('the fixed menu has no chat intro');
  return first.it as string;
}
const INTRO = chatIntro();
const AT_MENU: CallState = { line: 'consumer', node: 'consumer-menu', language: 'it', tries: 0 };

describe("a menu's intro", () => {
  it('is said on arriving, and not again when the caller presses a key the menu does not have', () => {
    const ctx = contextFor();
    const arrived = continueCall(ctx, AT_MENU, { kind: 'keys', digits: '1' });
    expect(heard(arrived)).toContain(INTRO);
    const retried = continueCall(ctx, { ...AT_MENU, node: 'consumer-chat' }, { kind: 'keys', digits: '7' });
    expect(heard(retried)[0]).toBe('La scelta non è valida.');
    expect(heard(retried)).not.toContain(INTRO);
  });

  it("of the line's welcome, is said as the call begins", () => {
    const flow = structuredClone(fixedFlow());
    const welcome = flow.nodes['consumer-welcome'];
    if (welcome?.type !== 'menu') throw new Error('the fixed menu has no welcome menu');
    welcome.intro = [{ it: 'Benvenuto in Klarna.', en: 'Welcome to Klarna.' }];
    expect(heard(startCall(contextFor(flow), 'consumer'))[0]).toBe('Benvenuto in Klarna.');
  });
});
