import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkVoices } from '../../src/flow/checkVoices';
import type { Flow } from '../../src/flow/schema';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { lintInProcess } from '../support/lintInProcess';

// Voices as Twilio lists them (twilio's own SayVoice type, its text-to-speech
// voices page) must pass for their language; the lint fixtures
// voice-*.json hold the refusals with their exact messages.

const minimal = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'valid-minimal.json'), 'utf8')) as Flow;
const problemsOf = (tag: string, voice: string) => checkVoices({ ...minimal, languages: { it: { tag, voice } } });

describe('the voice check', () => {
  it.each([
    ['it-IT', 'Polly.Bianca'],
    ['it-IT', 'Polly.Bianca-Neural'],
    ['it-IT', 'Polly.Adriano-Neural'],
    ['it-IT', 'Google.it-IT-Wavenet-A'],
    ['en-GB', 'Google.en-GB-Chirp3-HD-Aoede'],
    ['en-GB', 'Polly.Amy-Generative'],
    ['fr-FR', 'Polly.Léa'],
    ['fr-FR', 'Polly.Rémi-Generative'],
    ['fr-FR', 'Polly.Remi-Neural'],
    // Engines Amazon's table gives these voices.
    ['en-GB', 'Polly.Brian-Generative'],
    ['en-GB', 'Polly.Emma-Neural'],
    ['en-AU', 'Polly.Olivia-Generative'],
    ['en-IE', 'Polly.Niamh-Generative'],
    // Engines the table could not be confirmed for: let through.
    ['it-IT', 'Polly.Bianca-Generative'],
    ['it-IT', 'Polly.Adriano-Generative'],
    // The basic voices, for the languages Twilio's <Say> page lists them for.
    ['it-IT', 'alice'],
    ['ja-JP', 'alice'],
    ['en-GB', 'woman'],
    ['de-DE', 'man'],
    // A Polly name the table does not know and no near miss: Amazon adds voices.
    ['it-IT', 'Polly.Lorenzo-Generative'],
    ['pt-BR', 'Polly.Camila'],
  ])('passes %s with %s', (tag, voice) => {
    expect(problemsOf(tag, voice)).toEqual([]);
  });

  // https://www.twilio.com/docs/voice/twiml/say: man and woman speak en, en-gb, es, fr and de; an invalid
  // combination of voice and language "may result in error and <Say> instruction failure".
  // https://docs.aws.amazon.com/polly/latest/dg/standard-voices.html: Adriano and Arthur are no standard voices;
  // https://docs.aws.amazon.com/polly/latest/dg/available-voices.html: Carla, Giorgio and Nicole are standard only, Emma has no generative voice.
  it.each([
    ['it-IT', 'man', '"man" does not speak it-IT (Twilio lists it for en-US, en-GB, es-ES, fr-FR, de-DE only)'],
    ['en-AU', 'woman', '"woman" does not speak en-AU'],
    ['el-GR', 'alice', '"alice" does not speak el-GR (Twilio lists it for 26 languages, not this one)'],
    ['it-IT', 'Polly.Adriano', '"Polly.Adriano" is no voice: Amazon has no standard Adriano'],
    ['en-GB', 'Polly.Arthur', '"Polly.Arthur" is no voice: Amazon has no standard Arthur'],
    ['it-IT', 'Polly.Carla-Neural', '"Polly.Carla-Neural" is no voice: Amazon has no neural Carla'],
    ['it-IT', 'Polly.Carla-Generative', '"Polly.Carla-Generative" is no voice: Amazon has no generative Carla'],
    ['it-IT', 'Polly.Giorgio-Neural', '"Polly.Giorgio-Neural" is no voice: Amazon has no neural Giorgio'],
    ['en-GB', 'Polly.Emma-Generative', '"Polly.Emma-Generative" is no voice: Amazon has no generative Emma'],
    ['en-AU', 'Polly.Nicole-Neural', '"Polly.Nicole-Neural" is no voice: Amazon has no neural Nicole'],
  ])('refuses %s with %s', (tag, voice, message) => {
    expect(problemsOf(tag, voice).map((problem) => problem.message)).toEqual([expect.stringContaining(message)]);
  });

  it("names the voice's real forms in the fix, then the language's voices", () => {
    const italian = 'Polly.Carla, Polly.Bianca, Polly.Giorgio, Polly.Adriano-Neural, alice, or a Google voice for it ("Google.it-IT-…")';
    expect(problemsOf('it-IT', 'Polly.Giorgio-Generative').map((problem) => problem.fix)).toEqual([`write "Polly.Giorgio" (standard only), or one of the it-IT voices: ${italian}`]);
    expect(problemsOf('it-IT', 'Polly.Adriano').map((problem) => problem.fix)).toEqual([`write "Polly.Adriano-Neural" (neural), or one of the it-IT voices: ${italian}`]);
  });

  it('suggests a near miss in an engine the meant voice has', () => {
    expect(problemsOf('it-IT', 'Polly.Karla-Neural').map((problem) => problem.fix)).toEqual([expect.stringMatching(/^did you mean "Polly\.Carla"\?/)]);
    expect(problemsOf('it-IT', 'Polly.Bianka-Neural').map((problem) => problem.fix)).toEqual([expect.stringMatching(/^did you mean "Polly\.Bianca-Neural"\?/)]);
  });

  it('names the language\'s own voices when a name has no engine, and suggests no voice of another language', () => {
    expect(problemsOf('en-IE', 'Niamh')).toEqual([
      {
        path: 'languages.it.voice',
        message: '"Niamh" is no voice Twilio names: Twilio may fail every <Say> in this language',
        fix: 'write a voice as Twilio lists it for en-IE: Polly.Niamh-Neural, or a Google voice for it ("Google.en-IE-…")',
      },
    ]);
  });
});

describe('ivr lint on a copy of the shipped flow with another voice', () => {
  const copies = mkdtempSync(path.join(os.tmpdir(), 'ivr-voices-'));
  afterAll(() => rmSync(copies, { recursive: true, force: true }));
  /** `ivr lint` on the shipped flow with the Italian voice changed to `voice`, and the line that voice is on. */
  async function lintWithItalianVoice(voice: string) {
    const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
    flow.languages.it.voice = voice;
    const file = path.join(copies, 'voice.json');
    const text = JSON.stringify(flow, null, 2);
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes(`"voice": ${JSON.stringify(voice)}`)) + 1;
    return { file, line, ...(await lintInProcess(file)) };
  }

  it('the shipped voices (Polly.Bianca for it-IT, Polly.Amy for en-GB) pass', async () => {
    const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
    expect(flow.languages).toMatchObject({ it: { tag: 'it-IT', voice: 'Polly.Bianca' }, en: { tag: 'en-GB', voice: 'Polly.Amy' } });
    expect(await lintInProcess(DEFAULT_FLOW_FILE)).toEqual({ code: 0, out: `OK ${DEFAULT_FLOW_FILE}`, err: '' });
  });

  it('Polly.Adriano, which has no standard voice, is refused with its JSON path, line and the voice to write; Polly.Adriano-Neural passes', async () => {
    const refused = await lintWithItalianVoice('Polly.Adriano');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`at languages.it.voice, line ${refused.line}: "Polly.Adriano" is no voice: Amazon has no standard Adriano`);
    expect(refused.err).toContain('fix: write "Polly.Adriano-Neural" (neural), or one of the it-IT voices: Polly.Carla, Polly.Bianca, Polly.Giorgio');
    const neural = await lintWithItalianVoice('Polly.Adriano-Neural');
    expect(neural).toMatchObject({ code: 0, out: `OK ${neural.file}`, err: '' });
  });

  it.each(['Polly.Carla-Neural', 'Polly.Giorgio-Neural', 'Polly.Carla-Generative'])('%s, an engine the voice lacks, is refused with its JSON path, line and the voice\'s real form', async (voice) => {
    const name = voice.replace(/^Polly\.|-.*$/g, '');
    const refused = await lintWithItalianVoice(voice);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`at languages.it.voice, line ${refused.line}: "${voice}" is no voice: Amazon has no ${voice.endsWith('-Neural') ? 'neural' : 'generative'} ${name}`);
    // One who asked for a neural voice is pointed to the language's neural ones; no generative Italian voice is confirmed.
    const sameEngine = voice.endsWith('-Neural') ? ', or a neural voice of the language: "Polly.Bianca-Neural", "Polly.Adriano-Neural"' : '';
    expect(refused.err).toContain(`fix: write "Polly.${name}" (standard only)${sameEngine}, or one of the it-IT voices: Polly.Carla, Polly.Bianca, Polly.Giorgio, Polly.Adriano-Neural, alice`);
  });

  it('woman, which Twilio does not list for Italian, is refused with the Italian voices to use', async () => {
    const refused = await lintWithItalianVoice('woman');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`at languages.it.voice, line ${refused.line}: "woman" does not speak it-IT (Twilio lists it for en-US, en-GB, es-ES, fr-FR, de-DE only)`);
    expect(refused.err).toContain('fix: use a voice that speaks it-IT: Polly.Carla, Polly.Bianca, Polly.Giorgio, Polly.Adriano-Neural, alice, or a Google voice for it ("Google.it-IT-…")');
  });
});
