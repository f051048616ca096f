import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadScenarioFile } from '../src/scenarios/scenarioFile';
import { runScenario } from '../src/scenarios/runScenario';
import { serveDuringSuite } from './support/loopbackServer';
import { runIvr } from './support/runIvr';

// ivr-tester's files as that tool reads them (github.com/MakingChatbots/ivr-tester,
// formerly SketchingDev/ivr-tester; see test/fixtures/ivr-tester/SOURCE.md).
// Semantics checked against its source:
// - packages/cli/src/options/scenario/json/whenPrompt/similarTo.ts runs
//   "similarTo" as containsSimilarTo(value): some run of words is similar;
// - packages/ivr-tester/src/.../when/hasPart.ts, containsSimilarTo.ts: runs of
//   whole words, Dice similarity >= threshold (0.8 by default);
// - packages/ivr-tester/src/.../prompts/PostSilencePrompt.ts: a match acts
//   after silenceAfterPrompt ms of silence; timeout runs from the first words
//   until the first match.

const fixtures = path.join(__dirname, 'fixtures', 'ivr-tester');
const ivrTesterSchema = z.fromJSONSchema(JSON.parse(readFileSync(path.join(fixtures, 'scenario.schema.json'), 'utf8')));

// A small TwiML app of this test's own: ivr-tester's example flow (keys read
// back) and a menu whose Gather timeout the test chooses.
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const twiml = (body: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`);
  const digits = url.searchParams.get('Digits');
  switch (url.pathname) {
    case '/keys':
      return twiml('<Gather action="/keys/choice" method="GET" numDigits="1"><Say>Press 1 for playback flow.</Say><Say>Press 2 for long pauses flow.</Say><Say>Press 3 for short latency flow.</Say></Gather><Hangup/>');
    case '/keys/choice':
      return twiml(digits === '1' ? '<Gather action="/keys/read" method="GET" numDigits="10"><Say>Please enter a number</Say></Gather><Hangup/>' : '<Hangup/>');
    case '/keys/read':
      return twiml(`<Say>You entered the values ${digits ?? ''}. Thank you.</Say><Hangup/>`);
    case '/acme':
      return twiml(`<Gather action="/acme/menu" method="GET" numDigits="1" timeout="${url.searchParams.get('t') ?? '5'}"><Say>Welcome to Acme, where every call matters to us.</Say><Say>Press 1 for sales.</Say><Say>Press 2 for support.</Say></Gather><Say>We did not hear a choice. Goodbye.</Say><Hangup/>`);
    case '/long':
      return twiml(`<Gather action="/acme/menu" method="GET" numDigits="1"><Say>${'Thank you for calling our company today. '.repeat(5)}</Say><Say>To reach sales, press 1.</Say></Gather><Hangup/>`);
    case '/paused':
      return twiml(`<Gather action="/acme/menu" method="GET" numDigits="1"><Say>Press 1 for sales.</Say><Pause length="3"/><Say>Press 2 for support.</Say><Pause length="3"/><Say>Or stay on the line.</Say></Gather><Hangup/>`);
    case '/menu':
      return twiml('<Gather action="/acme/menu" method="GET" numDigits="1"><Say>Welcome to Acme. Press 1 for sales. Press 2 for support. Press 3 for billing.</Say></Gather><Hangup/>');
    case '/notice':
      return twiml('<Say>Our offices are closed today. Please call again tomorrow. Goodbye.</Say><Hangup/>');
    case '/closed':
      return twiml('<Say>Our offices are closed today.</Say><Pause length="3"/><Say>Please call again tomorrow. Goodbye.</Say><Hangup/>');
    case '/acme/menu':
      if (digits === '1') return twiml('<Say>Connecting you to sales.</Say><Dial>+15005550001</Dial>');
      return twiml('<Say>Support is open nine to five. Goodbye.</Say><Hangup/>');
  }
  res.writeHead(404).end();
});
const base = serveDuringSuite(server);

type Step = { whenPrompt: unknown; then: unknown; silenceAfterPrompt?: number; timeout?: number };
const step = (whenPrompt: unknown, then: unknown, silenceAfterPrompt = 1000, timeout = 30000): Step => ({ whenPrompt, then, silenceAfterPrompt, timeout });
const press = (value: string) => ({ type: 'press', value });
const hangUp = { type: 'hangUp' };
const doNothing = { type: 'doNothing' };

function scenarioFile(steps: Step[], extra: Record<string, unknown> = {}): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-tester-')), 'scenario.json');
  // Laid out as an editor writes it, one key a line, so a refusal's line is the key's.
  writeFileSync(file, JSON.stringify({ name: 'a scenario', steps, ...extra }, null, 2));
  return file;
}

async function run(steps: Step[], pathname: string) {
  const [scenario] = loadScenarioFile(scenarioFile(steps));
  return runScenario(scenario!, { url: `${base()}${pathname}`, env: {} });
}

describe('ivr-tester files as written', () => {
  it('our sample and ivr-tester\'s own example are valid under ivr-tester\'s schema; the old sample was not', () => {
    for (const file of [path.join(__dirname, 'scenarios', 'ivr-tester-format.json'), path.join(fixtures, 'scenarios', 'keys-read-back.json')]) {
      const result = ivrTesterSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      expect(result.success, `${file}: ${result.error?.message}`).toBe(true);
    }
    // The sample as it was: an instant inside the file, a threshold similarTo has not, no silenceAfterPrompt.
    const old = { name: 'x', call: { at: '2026-11-24T10:00' }, steps: [{ whenPrompt: { type: 'similarTo', value: 'a', similarityThreshold: 0.9 }, then: { type: 'hangUp' }, timeout: 1 }] };
    expect(ivrTesterSchema.safeParse(old).success).toBe(false);
  });

  it('runs ivr-tester\'s published example (keys read back) unchanged against a TwiML app, and it passes', async () => {
    const [scenario] = loadScenarioFile(path.join(fixtures, 'scenarios', 'keys-read-back.json'));
    const result = await runScenario(scenario!, { url: `${base()}/keys`, env: {} });
    expect(result.failures).toEqual([]);
    expect(result.call.transcript).toContainEqual(expect.objectContaining({ type: 'say', text: 'You entered the values 0123456789. Thank you.' }));
  });

  it('similarTo passes when a part of the prompt is similar (ivr-tester runs it as containsSimilarTo)', async () => {
    const result = await run([step({ type: 'similarTo', value: 'Press 2 for suport' }, press('2')), step({ type: 'contains', value: 'nine to five' }, hangUp)], '/acme');
    expect(result.failures).toEqual([]);
    expect(result.call.transcript).toContainEqual(expect.objectContaining({ type: 'say', text: 'Support is open nine to five. Goodbye.' }));
  });

  it('containsSimilarTo keeps its threshold, and a prompt that never matches fails naming the step and what was heard', async () => {
    const strict = await run([step({ type: 'containsSimilarTo', value: 'Press 2 for suport', threshold: 0.99 }, press('2'))], '/acme');
    expect(strict.passed).toBe(false);
    expect(strict.failures[0]).toBe(
      'step 1: the call ended (hangup) while waiting for a prompt with a part similar to "Press 2 for suport" (0.99)\n' +
        '      heard: Welcome to Acme, where every call matters to us. Press 1 for sales. Press 2 for support. We did not hear a choice. Goodbye.',
    );
  });

  it('and needs every part, or any part', async () => {
    const both = { type: 'and', value: [{ type: 'contains', value: 'press 1 for sales' }, { type: 'contains', value: 'press 7' }] };
    expect((await run([step(both, press('1'))], '/acme')).passed).toBe(false);
    const either = { type: 'or', value: [{ type: 'contains', value: 'press 7' }, { type: 'contains', value: 'press 1 for sales' }] };
    const result = await run([step(either, press('1')), step({ type: 'contains', value: 'Connecting you to sales' }, doNothing)], '/acme');
    expect(result.failures).toEqual([]);
    expect(result.call.outcome).toMatchObject({ kind: 'dial', to: '+15005550001' });
  });

  it('silenceAfterPrompt longer than the Gather waits: the Gather ends with no input, as on Twilio, and the keys are never taken', async () => {
    // Twilio's Gather gives up after `timeout` seconds of silence (https://www.twilio.com/docs/voice/twiml/gather#timeout).
    const steps = (silence: number) => [step({ type: 'contains', value: 'Press 1 for sales' }, press('1'), silence), step({ type: 'contains', value: 'Connecting' }, hangUp)];
    expect((await run(steps(1500), '/acme?t=2')).failures).toEqual([]);
    const late = await run(steps(3000), '/acme?t=2');
    expect(late.call.transcript.flatMap((e) => (e.type === 'input' ? [e.action] : []))).toEqual([{ silence: true }]);
    // The prompt went on ("We did not hear a choice. Goodbye.") and the call ended before the keys.
    expect(late.failures).toEqual(['step 2: the call ended (hangup) while waiting for a prompt containing "Connecting"\n      heard: (nothing)']);
  });

  it('timeout counts from the prompt\'s first words: a long prompt that matches too late fails with "timeout"', async () => {
    const steps = (timeout: number) => [step({ type: 'contains', value: 'press 1' }, press('1'), 1000, timeout), step({ type: 'contains', value: 'Connecting' }, hangUp)];
    expect((await run(steps(30000), '/long')).failures).toEqual([]);
    const short = await run(steps(3000), '/long');
    expect(short.failures[0]).toMatch(/^step 1: timed out after 3000 ms \(timeout\) waiting for a prompt containing "press 1"\n {6}heard: \(nothing\)/);
    expect(short.call.outcome.kind).toBe('caller-hangup');
  });

  it('a closing announcement before <Hangup> can match the last step', async () => {
    const result = await run([step({ type: 'isAnything' }, press('2')), step({ type: 'contains', value: 'Goodbye' }, doNothing)], '/acme');
    expect(result.failures).toEqual([]);
    expect(result.call.outcome.kind).toBe('hangup');
  });

  it('matches (ivr-tester\'s API only) runs as a regular expression, with a warning that its CLI refuses it', async () => {
    const result = await run([step({ type: 'matches', value: 'Press \\d for sales' }, press('1')), step({ type: 'contains', value: 'Connecting' }, hangUp)], '/acme');
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual(['step 1 (steps[0].whenPrompt): "matches" is ivr-tester\'s TypeScript API only; its CLI\'s JSON format refuses it (run here as a regular expression)']);
  });

  it('a <Pause> in a Gather\'s prompt is silence: a match acts there, after silenceAfterPrompt, and the keys cut the prompt', async () => {
    // ivr-tester acts once silenceAfterPrompt of silence follows a match (PostSilencePrompt.ts); keys during
    // a Gather's nested prompt interrupt it (https://www.twilio.com/docs/voice/twiml/gather#nest-other-verbs).
    const steps = (silenceMs: number) => [step({ type: 'contains', value: 'Press 1 for sales' }, press('1'), silenceMs), step({ type: 'contains', value: 'Connecting' }, hangUp)];
    const inPause = await run(steps(2000), '/paused');
    expect(inPause.failures).toEqual([]);
    // "Press 1 for sales." lasts 2 s, then 2 s of the pause: the keys come 4 s into the prompt.
    expect(inPause.call.transcript).toContainEqual(expect.objectContaining({ type: 'barge-in', input: 'keys', after: 4 }));
    expect(inPause.call.transcript.some((e) => e.type === 'say' && e.text === 'Press 2 for support.')).toBe(false);
    // A pause shorter than silenceAfterPrompt is no such silence: the prompt plays on; the Gather's own wait (5 s) is.
    const pauseTooShort = await run(steps(4000), '/paused');
    expect(pauseTooShort.failures).toEqual([]);
    expect(pauseTooShort.call.transcript.some((e) => e.type === 'barge-in')).toBe(false);
    expect(pauseTooShort.call.transcript.some((e) => e.type === 'say' && e.text === 'Or stay on the line.')).toBe(true);
  });

  it('hangUp matched before a <Pause> in a Gather\'s prompt hangs up there, after silenceAfterPrompt', async () => {
    const result = await run([step({ type: 'contains', value: 'Press 1 for sales' }, hangUp, 2000)], '/paused');
    expect(result.failures).toEqual([]);
    expect(result.call.outcome).toEqual({ kind: 'caller-hangup' });
    // 2 s of "Press 1 for sales.", then 2 s of silence.
    expect(result.call.virtualSeconds).toBe(4);
    // Every step matched there: ivr-tester closes the call at that moment too.
    const done = await run([step({ type: 'contains', value: 'Press 1 for sales' }, doNothing, 2000)], '/paused');
    expect(done.failures).toEqual([]);
    expect(done.call.virtualSeconds).toBe(4);
  });

  it('a <Pause> outside any Gather is silence too: the step matched before it acts, and the next one hears what follows', async () => {
    const result = await run([step({ type: 'contains', value: 'closed today' }, doNothing, 2000), step({ type: 'contains', value: 'call again tomorrow' }, doNothing)], '/closed');
    expect(result.failures).toEqual([]);
  });

  it('press takes ivr-tester\'s "w", half a second\'s wait between keys, as its DTMF generator does', async () => {
    const steps = [step({ type: 'isAnything' }, press('1')), step({ type: 'contains', value: 'enter a number' }, press('01234w56789')), step({ type: 'contains', value: 'you entered the values 0123456789' }, doNothing)];
    expect(ivrTesterSchema.safeParse({ name: 'w', steps }).success).toBe(true);
    const result = await run(steps, '/keys');
    expect(result.failures).toEqual([]);
  });

  it('refuses what ivr-tester refuses, naming the file at the line of the key (of its step, for one missing), the step, the key and the fix', () => {
    // The line: where the file (JSON.stringify's layout, in scenarioFile) has the key named.
    const cases: [Step[], Record<string, unknown>, string, number][] = [
      [[step({ type: 'isAnything' }, hangUp), step({ type: 'containsSimiliarTo', value: 'x' }, hangUp)], {}, 'step 2 (steps[1].whenPrompt.type): "containsSimiliarTo" is not a whenPrompt type ivr-tester has; use "containsSimilarTo" (the closest name); one of isAnything, contains, similarTo, containsSimilarTo, and, or', 16],
      [[step({ type: 'isAnything' }, { type: 'say', value: 'hi' })], {}, 'step 1 (steps[0].then.type): "say" is not a then type ivr-tester has; use one of press, hangUp, doNothing', 9],
      [[{ whenPrompt: { type: 'isAnything' }, then: hangUp, timeout: 6000 }], {}, 'step 1 (steps[0].silenceAfterPrompt): ivr-tester requires "silenceAfterPrompt", a number of milliseconds, e.g. 2000', 4],
      [[step({ type: 'similarTo', value: 'x', similarityThreshold: 0.9 }, hangUp)], {}, 'step 1 (steps[0].whenPrompt.similarityThreshold): ivr-tester does not allow "similarityThreshold" here: "similarTo" takes "value" only; for a threshold use "containsSimilarTo" with "threshold"', 8],
      [[step({ type: 'or', value: [{ type: 'and', value: [] }] }, hangUp)], {}, 'step 1 (steps[0].whenPrompt.value[0]): ivr-tester accepts "and" only directly under whenPrompt', 8],
      [[step({ type: 'isAnything' }, hangUp)], { call: { at: '2026-11-24T10:00' } }, 'call: ivr-tester does not allow "call" here: a scenario has only "name" and "steps" (an instant of ours goes in `ivr test --at`)', 15],
    ];
    for (const [steps, extra, message, line] of cases) {
      const file = scenarioFile(steps, extra);
      expect(() => loadScenarioFile(file)).toThrow(`${file}:${line}: ivr-tester format: ${message}`);
    }
  });

  it('the call\'s instant lives outside the ivr-tester file: X.call.json beside it, or --at; without either the message names both', async () => {
    const file = scenarioFile([step({ type: 'isAnything' }, hangUp)]);
    const [scenario] = loadScenarioFile(file);
    await expect(runScenario(scenario!, { env: {} })).rejects.toThrow(`${path.relative(process.cwd(), file)}: scenario "a scenario" gives no call.at; give one with \`ivr test --at ISO-8601\` or in ${path.relative(process.cwd(), file).replace(/\.json$/, '.call.json')} (an ivr-tester file holds no instant)`);
    writeFileSync(file.replace(/\.json$/, '.call.json'), JSON.stringify({ at: '2026-12-25T10:00' }));
    const [withSideFile] = loadScenarioFile(file);
    expect(withSideFile!.call).toEqual({ at: '2026-12-25T10:00' });
    expect((await runScenario(withSideFile!, { env: {} })).failures).toEqual([]);
  });

  it('X.call.json beside an ivr-tester file may also give ivr call\'s powers: params, hangupAt, fallbackUrl', async () => {
    const file = scenarioFile([step({ type: 'contains', value: 'Press 2 for support' }, press('2'))]);
    writeFileSync(file.replace(/\.json$/, '.call.json'), JSON.stringify({ hangupAt: 3 }));
    const [scenario] = loadScenarioFile(file);
    const result = await runScenario(scenario!, { url: `${base()}/acme`, env: {} });
    expect(result.call.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.call.virtualSeconds).toBe(3);
  });

  // The caller hears a prompt up to the hang-up, sentence by sentence, as `ivr call --hangup-at` shows it and as
  // `ivr test`'s own scenario files and callIvr read it: at 2.5 words a second, 3.5 s into "Welcome to Acme. Press 1
  // for sales. Press 2 for support. Press 3 for billing." the caller hangs up in its third sentence, and never hears
  // the fourth.
  describe('a hang-up (hangupAt in X.call.json) cuts the prompt it falls in', () => {
    async function hangingUp(pathname: string, hangupAt: number, value: string) {
      const file = scenarioFile([step({ type: 'contains', value }, hangUp)]);
      writeFileSync(file.replace(/\.json$/, '.call.json'), JSON.stringify({ hangupAt }));
      const [scenario] = loadScenarioFile(file);
      return runScenario(scenario!, { url: `${base()}${pathname}`, env: {} });
    }

    it('in a menu: a step that expects a sentence heard before the hang-up (or the one it came in) passes', async () => {
      expect((await hangingUp('/menu', 3.5, 'Press 2 for support')).failures).toEqual([]);
    });

    it('in a menu: a step that expects a later sentence of the same prompt fails, and shows what was heard', async () => {
      const result = await hangingUp('/menu', 3.5, 'Press 3 for billing');
      expect(result.call.outcome).toEqual({ kind: 'caller-hangup' });
      expect(result.failures).toEqual([
        'step 1: the call ended (caller-hangup) while waiting for a prompt containing "Press 3 for billing"\n      heard: Welcome to Acme. Press 1 for sales. Press 2 for support.\n' +
          '      the caller hung up 3.5 s into the call (hangupAt in scenario.call.json): nothing said after that was heard',
      ]);
    });

    it('in a message outside any <Gather>: only its sentences up to the hang-up are heard', async () => {
      expect((await hangingUp('/notice', 2, 'closed today')).failures).toEqual([]);
      expect((await hangingUp('/notice', 2, 'Goodbye')).failures).toEqual([
        'step 1: the call ended (caller-hangup) while waiting for a prompt containing "Goodbye"\n      heard: Our offices are closed today.\n' +
          '      the caller hung up 2 s into the call (hangupAt in scenario.call.json): nothing said after that was heard',
      ]);
    });
  });

  it('ivr test runs ivr-tester\'s example folder unchanged: its config.json is read, each key named as ignored, and the run goes on', async () => {
    const { code, stdout } = await runIvr(['test', path.join('test', 'fixtures', 'ivr-tester', 'scenarios'), '--url', `${base()}/keys`]);
    expect(stdout).toContain('  note  test/fixtures/ivr-tester/scenarios/config.json: ivr-tester config "transcriber (google-speech-to-text)" ignored: the simulator hears the <Say> text itself, no speech-to-text');
    expect(stdout).toContain('  note  test/fixtures/ivr-tester/scenarios/config.json: ivr-tester config "recording" ignored: no audio is recorded offline; `ivr call --json` prints the transcript');
    expect(stdout).toContain('  ok    Keys pressed are read back  (test/fixtures/ivr-tester/scenarios/keys-read-back.json:1)');
    expect(stdout).toContain('1 passed, 0 failed');
    expect(code).toBe(0);
  });
});
