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
    expect(run.stderr).toContain('--to "+39023792125000000" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), e.g. +390237921240');
  });

  // It called them: a word, or a + and letters, was taken for no number at all and passed to the app.
  it.each([
    ['--to', 'abc', 'e.g. +390237921240'],
    ['--to', '+39abc', 'e.g. +390237921240'],
    ['--to', '+1', 'e.g. +390237921240'],
    ['--from', '+39abc', 'e.g. +393401234567, or anonymous for a withheld number'],
    ['--from', 'mario', 'e.g. +393401234567, or anonymous for a withheld number'],
  ])('%s %s is wrong usage, naming the option, the value and a number to copy: exit 2, nothing called', async (option, value, example) => {
    const run = await runIvr(['call', option, value, '--at', '2026-11-24T10:00']);
    expect(run.stderr).toBe(`ivr call: ${option} "${value}" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), ${example} (see \`ivr call --help\`)\n`);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });

  it('a number with the international prefix 00 is refused with the same number written with +', async () => {
    const run = await runIvr(['call', '--to', '0039 02 3792 1250', '--at', '2026-11-24T10:00']);
    expect(run.stderr).toContain('--to "00390237921250" starts with 00, the international prefix; write it in E.164, as Twilio sends it, with + instead: +390237921250');
    expect(run.code).toBe(2);
  });
});
