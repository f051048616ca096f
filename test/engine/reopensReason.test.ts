import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { continueCall, startCall, type StepContext } from '../../src/engine/step';
import type { Plan } from '../../src/engine/plan';
import { fixedFlow } from '../support/fixedMenu';

// "{reopens}" on an hours node's holiday branch: the day off the caller calls
// on is the reason the line opens later, but a message that names it already
// ("chiuso per {holiday}") does not say it twice; one that does not, does.
// On a fixed copy of the menu (weekdays 09:00-17:00, its messages as then
// worded: test/support/fixedMenu.ts), so an edit of the shipped menu's
// hours or wording does not reach this test of the placeholder.

const EASTER_MONDAY = DateTime.fromISO('2027-03-29T10:00', { zone: 'Europe/Rome' });

/** What an Italian caller hears after the welcome (silence at "For English, press 1"). */
function afterWelcome(holidayNode: string): string[] {
  const flow = structuredClone(fixedFlow());
  flow.nodes['consumer-hours'] = { type: 'hours', open: 'consumer-menu', closed: 'closed', holiday: holidayNode };
  const destinations = Object.fromEntries(Object.entries(flow.destinations).map(([name, d]) => [name, d.number]));
  const ctx: StepContext = { flow, now: EASTER_MONDAY, destinations, caller: '+393401234567', smsAvailable: false };
  const welcome = startCall(ctx, 'consumer').at(-1);
  if (!welcome || !('next' in welcome)) throw new Error('the welcome does not wait for the caller');
  const plan: Plan = continueCall(ctx, welcome.next, { kind: 'silence' });
  return plan.flatMap((a) => (a.kind === 'say' ? [a.speech.text] : a.kind === 'gather' ? a.prompts.map((p) => p.text) : []));
}

describe('the reason in "{reopens}" on the day off itself', () => {
  it('is left out where the same prompt says "{holiday}"', () => {
    const said = afterWelcome('holiday-closed');
    expect(said).toContain('Oggi il servizio clienti telefonico è chiuso per Pasquetta. È attivo dal lunedì al venerdì, dalle 9 alle 17.');
    expect(said).toContain('Riapriamo domani alle 9.');
  });

  it('is said where the prompt does not name the day (a holiday branch to the plain closed message)', () => {
    const said = afterWelcome('closed');
    expect(said.join(' ')).not.toContain('chiuso per Pasquetta');
    expect(said).toContain('Riapriamo domani alle 9, dopo Pasquetta.');
  });
});
