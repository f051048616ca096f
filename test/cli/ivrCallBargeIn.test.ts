import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runIvr } from '../support/runIvr';

// `ivr call --press KEYS@SECONDS`: keys that come during a <Gather>'s prompt
// interrupt it, as on Twilio ("the timeout begins either after the audio
// completes or when the caller presses their first key",
// https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs).

const menu = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-barge-in-')), 'menu.twiml');
writeFileSync(
  menu,
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1"><Say>Welcome to Acme, where every call matters to us.</Say><Say>Press 1 for sales.</Say><Say>Press 2 for support.</Say></Gather><Say>Goodbye.</Say></Response>',
);

describe('ivr call --press KEYS@SECONDS', () => {
  it('prints the prompt up to the moment, the sentence cut and what was not said marked, one line for the cut, the keys with their moment, and exits 0', async () => {
    const { code, stdout } = await runIvr(['call', '--twiml', menu, '--press', '1@5']);
    const lines = stdout.split('\n');
    const cut = lines.indexOf('  (caller interrupts the prompt 5s in with keys: the rest, 3s, is not played)');
    // At 2.5 words a second: the welcome ends at 3.6 s and its <Say> at 4 s, "Press 1 for sales." runs 4-5.6 s, "Press 2" would begin at 6 s.
    expect(lines.slice(cut - 3, cut + 3)).toEqual([
      'IVR [en-US]: Welcome to Acme, where every call matters to us.',
      "IVR [en-US]: Press 1 for sales. (cut off: the caller's key interrupts it)",
      "  (not said: the caller's key cut it off) [en-US] Press 2 for support.",
      '  (caller interrupts the prompt 5s in with keys: the rest, 3s, is not played)',
      '  (waiting for 1 key, 5s)',
      'Caller presses 1 (5s into the prompt)',
    ]);
    // The action (this same document) comes at 6 s, after the one key; the second time round the caller is silent.
    expect(stdout).toContain('  -> POST /voice  200  Digits=1');
    expect(stdout.split('Digits=1')[0]).not.toContain('IVR [en-US]: Press 2 for support.');
    expect(stdout).toContain('Outcome: hung up (end of TwiML)');
    expect(code).toBe(0);
  });

  // The shipped flow's menu is one <Say> of seven sentences (23 s): a key at 1 s or at 0 s cuts it alike.
  it.each([
    {
      press: '2@1',
      heard: ["IVR [en-GB]: To learn how to use the chat, press 1. (cut off: the caller's key interrupts it)"],
      rest: '  (caller interrupts the prompt 1s in with keys: the rest, 22s, is not played)',
    },
    { press: '2@0', heard: [], rest: '  (caller interrupts the prompt 0s in with keys: the rest, 23s, is not played)' },
  ])('prints a long <Say> cut at $press as far as it was heard, never the whole of it, and the rest as not said', async ({ press, heard, rest }) => {
    const { code, stdout } = await runIvr(['call', '--at', '2026-11-24T10:00', '--press', '1', '--press', press]);
    const lines = stdout.split('\n');
    const cut = lines.indexOf(rest);
    expect(cut).toBeGreaterThan(0);
    const notSaid = heard.length === 0 ? 'To learn how to use the chat, press 1. To speak with an operator, press 2.' : 'To speak with an operator, press 2.';
    expect(lines.slice(cut - heard.length - 1, cut)).toEqual([...heard, expect.stringMatching(new RegExp(`^  \\(not said: the caller's key cut it off\\) \\[en-GB\\] ${notSaid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .* press star\\.$`))]);
    expect(lines[cut - heard.length - 2]).toBe('IVR [en-GB]: Welcome to Klarna Italia customer service.');
    expect(stdout).not.toContain('IVR [en-GB]: To learn how to use the chat, press 1. To speak');
    expect(code).toBe(0);
  });

  it('prints the welcome cut at 0 s as not said, in its languages', async () => {
    const { stdout } = await runIvr(['call', '--at', '2026-11-24T10:00', '--press', '1@0', '--press', '-']);
    expect(stdout.split('\n').slice(1, 4)).toEqual([
      "  (not said: the caller's key cut it off) [it-IT] Benvenuto nel servizio clienti di Klarna Italia.",
      "  (not said: the caller's key cut it off) [en-GB] For English, press 1.",
      '  (caller interrupts the prompt 0s in with keys: the rest, 5s, is not played)',
    ]);
  });

  it('--json says of a cut prompt what the lines say: the sentences heard, the one cut, and the rest not said', async () => {
    const { code, stdout } = await runIvr(['call', '--twiml', menu, '--press', '1@5', '--json']);
    expect(JSON.parse(stdout).transcript.slice(0, 3)).toEqual([
      { say: 'Welcome to Acme, where every call matters to us.', language: 'en-US' },
      { say: 'Press 1 for sales.', language: 'en-US', cutOff: "the caller's key" },
      { notSaid: 'Press 2 for support.', language: 'en-US' },
    ]);
    expect(code).toBe(0);
  });

  it('--json carries the barge-in event with its moment', async () => {
    const { code, stdout } = await runIvr(['call', '--twiml', menu, '--press', '2@1.5', '--json']);
    expect(JSON.parse(stdout).events).toContainEqual({ at: 1.5, type: 'barge-in', input: 'keys', after: 1.5, cutSeconds: 6.5 });
    expect(code).toBe(0);
  });

  it('--interactive answers once the prompt has played, so it refuses a moment and asks again', async () => {
    const { code, stdout, stderr } = await runIvr(['call', '--twiml', menu, '--interactive'], { input: '1@3\n1\n-\n' });
    expect(stderr).toContain('"@SECONDS" (pressing during the prompt) works with --press; here the prompt has already played');
    expect(stdout).toContain('Caller presses 1\n');
    expect(stdout).toContain('Press 2 for support.');
    expect(code).toBe(0);
  });

  it.each([
    ['--press=-@3', 'ivr call: --press "-@3": only keys or "say:words" take "@SECONDS" (the moment into the prompt); to hang up at a moment use --hangup-at'],
    ['--press=hangup@3', 'ivr call: --press "hangup@3": only keys or "say:words" take "@SECONDS"'],
    ['--press=1@soon', 'ivr call: --press "1@soon": give phone keys (0-9, *, #), "-" for silence, "say:words" for speech, "say:words+#" for speech then a key, or "hangup", optionally with "@SECONDS" (e.g. 1@3)'],
  ])('%s is wrong usage: exit 2, nothing called', async (press, message) => {
    const { code, stdout, stderr } = await runIvr(['call', '--twiml', menu, press]);
    expect(stderr.startsWith(message)).toBe(true);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
