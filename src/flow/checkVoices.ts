import type { Flow } from './schema';
import { jsonPath, type FlowProblem } from './problem';
import { closestNames } from './closestName';

// Each language of the flow is said with one <Say> voice. Twilio says a voice
// it does not have, or one of another language, "may result in error and
// <Say> instruction failure", logged as warning 13511 (13321 inside a
// <Gather>): the caller would hear nothing where the menu should be
// (https://www.twilio.com/docs/voice/twiml/say). A misspelt voice plays
// normally in the simulator, so lint is where it is caught.
//
// Twilio names voices "Polly.<Name>" (with "-Neural" or "-Generative" for
// those engines), "Google.<language tag>-<model>-<letter>" and the basic
// "man", "woman" and "alice". A Google voice carries its language in its
// name. A Polly voice does not: the table below lists Amazon Polly's voices
// (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html) for the
// languages a flow for Italy is likely to use. Amazon adds voices now and
// then, so a Polly name is refused only when it is clearly wrong: a voice of
// another language, or a near miss of one of the language's own (a typo). Any
// other name is taken as written.

const POLLY_VOICES: Readonly<Record<string, readonly string[]>> = {
  'it-IT': ['Bianca', 'Carla', 'Giorgio', 'Adriano'],
  'en-GB': ['Amy', 'Emma', 'Brian', 'Arthur'],
  'en-US': ['Danielle', 'Gregory', 'Ivy', 'Joanna', 'Kendra', 'Kimberly', 'Salli', 'Joey', 'Justin', 'Kevin', 'Matthew', 'Ruth', 'Stephen', 'Patrick'],
  'en-IE': ['Niamh'],
  'en-AU': ['Nicole', 'Olivia', 'Russell'],
  'de-DE': ['Marlene', 'Vicki', 'Hans', 'Daniel'],
  'fr-FR': ['Celine', 'Léa', 'Lea', 'Mathieu', 'Rémi', 'Remi'],
  'es-ES': ['Conchita', 'Lucia', 'Enrique', 'Sergio'],
};

const BASIC_VOICES = ['man', 'woman', 'alice'];

export function checkVoices(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [code, { tag, voice }] of Object.entries(flow.languages)) {
    const problem = voiceProblem(tag, voice);
    if (problem) problems.push({ path: jsonPath(['languages', code, 'voice']), ...problem });
  }
  return problems;
}

function voiceProblem(tag: string, voice: string): Omit<FlowProblem, 'path'> | undefined {
  if (BASIC_VOICES.includes(voice)) return undefined;
  const google = /^Google\.([a-z]{2,3}-[A-Z]{2})-/.exec(voice);
  if (google) {
    if (google[1]!.toLowerCase() === tag.toLowerCase()) return undefined;
    return { message: `"${voice}" is a Google voice for ${google[1]}, not ${tag}: Twilio may fail every <Say> in this language`, fix: `use a Google voice for ${tag} ("Google.${tag}-…", as Twilio lists them) or a Polly voice for it` };
  }
  const polly = /^Polly\.([^-]+)(-Neural|-Generative)?$/.exec(voice);
  if (!polly) {
    return {
      message: `"${voice}" is no voice Twilio names: Twilio may fail every <Say> in this language`,
      fix: `write a voice as Twilio lists it for ${tag}: "Polly.<Name>"${POLLY_VOICES[tag] ? ` (for ${tag}: ${POLLY_VOICES[tag].join(', ')})` : ''}, "Google.${tag}-…", or one of ${BASIC_VOICES.join(', ')}`,
    };
  }
  const name = polly[1]!;
  const known = POLLY_VOICES[tag];
  if (known === undefined || known.includes(name)) return undefined;
  const elsewhere = Object.entries(POLLY_VOICES).find(([, names]) => names.includes(name))?.[0];
  if (elsewhere) {
    return { message: `"${voice}" is a Polly voice for ${elsewhere}, not ${tag}: Twilio may fail every <Say> in this language`, fix: `use one of the ${tag} Polly voices: ${known.join(', ')}` };
  }
  const meant = closestNames(name, known)[0];
  if (meant === undefined) return undefined;
  return { message: `"${voice}" is no Polly voice for ${tag}: Twilio may fail every <Say> in this language`, fix: `did you mean "Polly.${meant}${polly[2] ?? ''}"? The ${tag} Polly voices: ${known.join(', ')}` };
}
