import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// `ivr call --press KEYS@SECONDS`: keys that come during a <Gather>'s prompt
// interrupt it, as on Twilio ("the timeout begins either after the audio
// completes or when the caller presses their first key",
// https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs).

// A menu of three sentences in one <Gather> (docs/cli.md's example of barge-in runs it too).
const menu = 'test/fixtures/acme-menu.twiml';

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

  // The menu's calls run on a fixed copy of it (test/support/fixedMenu.ts): the seconds and sentences a key cuts
  // are those of its wording, which an editor's change of the shipped menu does not reach.
  const onFixedMenu = (args: string[]) => runIvr(args, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE } });

  // The copy's consumer menu is one <Say> of seven sentences (23 s): a key at 1 s or at 0 s cuts it alike.
  it.each([
    {
      press: '2@1',
      heard: ["IVR [en-GB]: To learn how to use the chat, press 1. (cut off: the caller's key interrupts it)"],
      rest: '  (caller interrupts the prompt 1s in with keys: the rest, 22s, is not played)',
    },
    { press: '2@0', heard: [], rest: '  (caller interrupts the prompt 0s in with keys: the rest, 23s, is not played)' },
  ])('prints a long <Say> cut at $press as far as it was heard, never the whole of it, and the rest as not said', async ({ press, heard, rest }) => {
    const { code, stdout } = await onFixedMenu(['call', '--at', '2026-11-24T10:00', '--press', '1', '--press', press]);
    const lines = stdout.split('\n');
    const cut = lines.indexOf(rest);
    expect(cut).toBeGreaterThan(0);
    const notSaid = heard.length === 0 ? 'To learn how to use the chat, press 1. To speak with an operator, press 2.' : 'To speak with an operator, press 2.';
    expect(lines.slice(cut - heard.length - 1, cut)).toEqual([...heard, expect.stringMatching(new RegExp(`^  \\(not said: the caller's key cut it off\\) \\[en-GB\\] ${notSaid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .* press star\\.$`))]);
    // Between the welcome and the menu, why the call went to the menu: the hours check found the line open.
    expect(lines.slice(cut - heard.length - 3, cut - heard.length - 1)).toEqual(['IVR [en-GB]: Welcome to Klarna Italia customer service.', '  (hours checked at 10:00:06: open until 17:00)']);
    expect(stdout).not.toContain('IVR [en-GB]: To learn how to use the chat, press 1. To speak');
    expect(code).toBe(0);
  });

  it('prints the welcome cut at 0 s as not said, in its languages', async () => {
    const { stdout } = await onFixedMenu(['call', '--at', '2026-11-24T10:00', '--press', '1@0', '--press', '-']);
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

  // The prompt lasts 8 s and the Gather waits its default 5 s after it: a key from 13 s into the prompt on is lost.
  it('a key past the wait is printed as too late, with the moment the menu stopped waiting; the request carries no key', async () => {
    const late = await runIvr(['call', '--twiml', menu, '--press', '1@13']);
    expect(late.stdout).toContain('Caller presses 1 (13s into the prompt: too late, the menu had stopped waiting at 13s)\n');
    expect(late.stdout).not.toContain('Digits=1');
    expect(late.stdout).toContain('IVR [en-US]: Goodbye.');
    expect(late.code).toBe(0);
    const inTime = await runIvr(['call', '--twiml', menu, '--press', '1@12.5']);
    expect(inTime.stdout).toContain('Caller presses 1 (12.5s into the prompt)\n');
    expect(inTime.stdout).toContain('  -> POST /voice  200  Digits=1');
  });

  it('--json marks a key past the wait on its input event', async () => {
    const { code, stdout } = await runIvr(['call', '--twiml', menu, '--press', '1@40', '--json']);
    const inputs = JSON.parse(stdout).events.filter((event: { type: string }) => event.type === 'input');
    expect(inputs[0]).toMatchObject({ type: 'input', action: { digits: '1', after: 40 }, tooLate: { stoppedWaitingAt: 13 } });
    expect(code).toBe(0);
  });

  it('--interactive with --press is wrong usage: the terminal would answer and the --press values be dropped, exit 2', async () => {
    const { code, stdout, stderr } = await runIvr(['call', '--twiml', menu, '--interactive', '--press', '-', '--press', '3'], { input: '1\n' });
    expect(stderr).toContain('ivr call: give --press or --interactive, not both: --press scripts the inputs, --interactive asks for each on the terminal');
    expect(stdout).toBe('');
    expect(code).toBe(2);
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

// A prompt is cut where the caller's key or hang-up came; everything of it
// after that is listed as not said, and nothing said before the <Gather> is
// taken for part of it. Speech is timed at 2.5 words a second, a whole second
// at least per <Say>; a <Play> takes no time in the simulator.
describe('ivr call prints a cut prompt as far as it was heard', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-cut-prompt-'));
  const twiml = (name: string, body: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`);
    return file;
  };
  // "Press 1 for sales. Press 2 for support." lasts 4 s (8 words), "Press 3 for billing." 2 s.
  const menu = '<Gather numDigits="1"><Say>Press 1 for sales. Press 2 for support.</Say><Say>Press 3 for billing.</Say></Gather>';
  const notSaid = (text: string) => `  (not said: the caller's key cut it off) [en-US] ${text}`;

  // Parts that take no time, before the <Gather>, begin at the same second as its prompt.
  it.each([
    { before: '<Play digits="ww1"/>', line: 'IVR plays tones ww1' },
    { before: '<Pause length="0"/>', line: '  (pause 0s)' },
    { before: '<Say></Say>', line: 'IVR [en-US]: ' },
  ])('after $before: a key at 1 s cuts the first <Say> and leaves every later part not said', async ({ before, line }) => {
    const file = twiml(`before-${before.slice(1, 4)}.twiml`, `${before}${menu}`);
    const { code, stdout } = await runIvr(['call', '--twiml', file, '--press', '1@1', '--press', '-']);
    const lines = stdout.split('\n');
    const cut = lines.indexOf('  (caller interrupts the prompt 1s in with keys: the rest, 5s, is not played)');
    expect(lines.slice(cut - 4, cut)).toEqual([
      line,
      "IVR [en-US]: Press 1 for sales. (cut off: the caller's key interrupts it)",
      notSaid('Press 2 for support.'),
      notSaid('Press 3 for billing.'),
    ]);
    expect(code).toBe(0);
    const json = await runIvr(['call', '--twiml', file, '--press', '1@1', '--press', '-', '--json']);
    expect(JSON.parse(json.stdout).transcript.filter((said: object) => !('say' in said && said.say === '')).slice(0, 3)).toEqual([
      { say: 'Press 1 for sales.', language: 'en-US', cutOff: "the caller's key" },
      { notSaid: 'Press 2 for support.', language: 'en-US' },
      { notSaid: 'Press 3 for billing.', language: 'en-US' },
    ]);
  });

  it('after a <Play> before the <Gather>: a key at 0 s leaves the whole prompt not said, and the <Play> played', async () => {
    const file = twiml('play-before-0.twiml', `<Play digits="ww1"/>${menu}`);
    const { stdout } = await runIvr(['call', '--twiml', file, '--press', '1@0', '--press', '-']);
    expect(stdout.split('\n').slice(1, 5)).toEqual([
      'IVR plays tones ww1',
      notSaid('Press 1 for sales. Press 2 for support.'),
      notSaid('Press 3 for billing.'),
      '  (caller interrupts the prompt 0s in with keys: the rest, 6s, is not played)',
    ]);
  });

  // Hanging up mid-prompt ends the call there (https://www.twilio.com/docs/voice/twiml/gather: the prompt plays
  // until input; a caller who hangs up gives none). The simulator tells only the <Say> that was playing, so the
  // parts of the <Gather> after it are not listed.
  it('--hangup-at during a <Say> prints it cut at the hang-up, its rest not said', async () => {
    // 15 words: 6 s, from 3 s into the call; the caller hangs up 1 s into it.
    const file = twiml('hangup.twiml', '<Pause length="3"/><Gather numDigits="1"><Say>Press 1 for sales. Press 2 for support. Press 3 for billing, or stay on the line.</Say></Gather>');
    const { code, stdout } = await runIvr(['call', '--twiml', file, '--hangup-at', '4']);
    expect(stdout.split('\n').slice(1, 5)).toEqual([
      '  (pause 3s)',
      'IVR [en-US]: Press 1 for sales. (cut off: the caller hung up)',
      '  (not said: the caller hung up) [en-US] Press 2 for support. Press 3 for billing, or stay on the line.',
      'Caller hangs up (4s into the call)',
    ]);
    expect(code).toBe(0);
    const json = await runIvr(['call', '--twiml', file, '--hangup-at', '4', '--json']);
    expect(JSON.parse(json.stdout).transcript).toEqual([
      { say: 'Press 1 for sales.', language: 'en-US', cutOff: "the caller's hang-up" },
      { notSaid: 'Press 2 for support. Press 3 for billing, or stay on the line.', language: 'en-US' },
    ]);
  });

  // loop="2" says the text twice (https://www.twilio.com/docs/voice/twiml/say#attributes-loop): 4 s a round here.
  it.each([
    {
      press: '1@1',
      lines: ["IVR [en-US]: Press 1 for sales. (cut off: the caller's key interrupts it)", notSaid('Press 2 for support.'), notSaid('Press 1 for sales. Press 2 for support. (its 1 repeat)'), notSaid('Press 3 for billing.')],
      said: [
        { say: 'Press 1 for sales.', language: 'en-US', cutOff: "the caller's key" },
        { notSaid: 'Press 2 for support.', language: 'en-US' },
        { notSaid: 'Press 1 for sales. Press 2 for support.', language: 'en-US', times: 1 },
        { notSaid: 'Press 3 for billing.', language: 'en-US' },
      ],
    },
    {
      press: '1@5',
      lines: ['IVR [en-US]: Press 1 for sales. Press 2 for support.', "IVR [en-US]: Press 1 for sales. (cut off: the caller's key interrupts it)", notSaid('Press 2 for support.'), notSaid('Press 3 for billing.')],
      said: [
        { say: 'Press 1 for sales. Press 2 for support.', language: 'en-US' },
        { say: 'Press 1 for sales.', language: 'en-US', cutOff: "the caller's key" },
        { notSaid: 'Press 2 for support.', language: 'en-US' },
        { notSaid: 'Press 3 for billing.', language: 'en-US' },
      ],
    },
  ])('a <Say loop="2"> cut at $press prints the rounds heard, the round cut, and its repeats not said', async ({ press, lines, said }) => {
    const file = twiml('loop.twiml', '<Gather numDigits="1"><Say loop="2">Press 1 for sales. Press 2 for support.</Say><Say>Press 3 for billing.</Say></Gather>');
    const { code, stdout } = await runIvr(['call', '--twiml', file, '--press', press, '--press', '-']);
    expect(stdout.split('\n').slice(1, 5)).toEqual(lines);
    expect(stdout).not.toContain('(x2)\n  (caller interrupts');
    expect(code).toBe(0);
    const json = await runIvr(['call', '--twiml', file, '--press', press, '--press', '-', '--json']);
    expect(JSON.parse(json.stdout).transcript.slice(0, 4)).toEqual(said);
  });
});
