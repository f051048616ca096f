import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVoices } from '../../src/flow/checkVoices';
import type { Flow } from '../../src/flow/schema';

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
    ['it-IT', 'alice'],
    // A Polly name the table does not know and no near miss: Amazon adds voices.
    ['it-IT', 'Polly.Lorenzo-Generative'],
    ['pt-BR', 'Polly.Camila'],
  ])('passes %s with %s', (tag, voice) => {
    expect(problemsOf(tag, voice)).toEqual([]);
  });

  it('names the language\'s own voices when a name has no engine, and suggests no voice of another language', () => {
    expect(problemsOf('en-IE', 'Niamh')).toEqual([
      {
        path: 'languages.it.voice',
        message: '"Niamh" is no voice Twilio names: Twilio may fail every <Say> in this language',
        fix: 'write a voice as Twilio lists it for en-IE: "Polly.<Name>" (for en-IE: Niamh), "Google.en-IE-…", or one of man, woman, alice',
      },
    ]);
  });
});
