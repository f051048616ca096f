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
  it('prints the prompt up to the moment, one line for the cut, the keys with their moment, and exits 0', async () => {
    const { code, stdout } = await runIvr(['call', '--twiml', menu, '--press', '1@5']);
    const lines = stdout.split('\n');
    const cut = lines.indexOf('  (caller interrupts the prompt 5s in with keys: the rest, 3s, is not played)');
    expect(lines.slice(cut - 2, cut + 3)).toEqual([
      'IVR [en-US]: Welcome to Acme, where every call matters to us.',
      'IVR [en-US]: Press 1 for sales.',
      '  (caller interrupts the prompt 5s in with keys: the rest, 3s, is not played)',
      '  (waiting for 1 key, 5s)',
      'Caller presses 1 (5s into the prompt)',
    ]);
    // The action (this same document) comes at 6 s, after the one key; the second time round the caller is silent.
    expect(stdout).toContain('  -> POST /voice  200  Digits=1');
    expect(stdout.split('Digits=1')[0]).not.toContain('Press 2 for support.');
    expect(stdout).toContain('Outcome: hung up (end of TwiML)');
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
