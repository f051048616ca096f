import { describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';

// How `ivr call` takes a dialled number that is no line of the flow: it calls
// (a one-off call may try what the app does with a number it does not know,
// as the dev phone's "another number" does) and says which line answered;
// tests (callIvr, scenarios) refuse such a number instead.

describe('ivr call --to', () => {
  it('a number of no line: the call goes on, and a note says which line answered it', async () => {
    const run = await runIvr(['call', '--to', '+390237921205', '--at', '2026-11-24T10:00', '--press', 'hangup']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("note: +390237921205 is not a number of the flow's lines: the app answers it as the consumer line, as it answers any number it does not know.");
  });

  it("a line's number gets no note", async () => {
    const run = await runIvr(['call', '--to', '+390237921250', '--at', '2026-11-24T10:00', '--press', 'hangup']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('a number written too long for E.164 is refused with the form to write, exit 2', async () => {
    const run = await runIvr(['call', '--to', '+39 02 3792 1250 0000 0', '--at', '2026-11-24T10:00']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to "+39023792125000000" is not in E.164, as Twilio sends it: + and the country code and number, digits only (7 to 15)');
  });
});
