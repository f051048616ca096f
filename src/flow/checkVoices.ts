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
// for the languages a flow for Italy is likely to use: its standard voices
// (https://docs.aws.amazon.com/polly/latest/dg/standard-voices.html), which
// Twilio plays as "Polly.<Name>", and those it has no standard voice of
// (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html), which
// need their engine in the name: "Polly.Adriano" is no voice, "Polly.Adriano-
// Neural" is. Amazon adds voices now and then, so a Polly name is refused only
// when it is clearly wrong: a voice of another language, a near miss of one of
// the language's own (a typo), or one of those without its engine. Any other
// name is taken as written.

interface PollyVoices {
  standard: readonly string[];
  /** No standard voice: "Polly.<Name>-Neural" (or "-Generative" where Amazon has it). */
  engineOnly: readonly string[];
}

const POLLY_VOICES: Readonly<Record<string, PollyVoices>> = {
  'it-IT': { standard: ['Carla', 'Bianca', 'Giorgio'], engineOnly: ['Adriano'] },
  'en-GB': { standard: ['Amy', 'Emma', 'Brian'], engineOnly: ['Arthur'] },
  'en-US': { standard: ['Ivy', 'Joanna', 'Kendra', 'Kimberly', 'Salli', 'Joey', 'Justin', 'Kevin', 'Matthew'], engineOnly: ['Danielle', 'Gregory', 'Ruth', 'Stephen', 'Patrick'] },
  'en-IE': { standard: [], engineOnly: ['Niamh'] },
  'en-AU': { standard: ['Nicole', 'Russell'], engineOnly: ['Olivia'] },
  'de-DE': { standard: ['Marlene', 'Vicki', 'Hans'], engineOnly: ['Daniel'] },
  'fr-FR': { standard: ['Celine', 'Céline', 'Léa', 'Lea', 'Mathieu'], engineOnly: ['Rémi', 'Remi'] },
  'es-ES': { standard: ['Conchita', 'Lucia', 'Enrique'], engineOnly: ['Sergio'] },
};

// The languages Twilio's <Say> page lists for the basic voices
// (https://www.twilio.com/docs/voice/twiml/say): for "man" and "woman" en,
// en-gb, es, fr and de (en is American English, es and fr those of Spain and
// France); for "alice" the tags below. Another language is "an invalid
// combination of voice and language", which "may result in error and <Say>
// instruction failure".
const MAN_AND_WOMAN = ['en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE'];
const BASIC_VOICES: Readonly<Record<string, readonly string[]>> = {
  man: MAN_AND_WOMAN,
  woman: MAN_AND_WOMAN,
  alice: 'da-DK de-DE en-AU en-CA en-GB en-IN en-US ca-ES es-ES es-MX fi-FI fr-CA fr-FR it-IT ja-JP ko-KR nb-NO nl-NL pl-PL pt-BR pt-PT ru-RU sv-SE zh-CN zh-HK zh-TW'.split(' '),
};

export function checkVoices(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [code, { tag, voice }] of Object.entries(flow.languages)) {
    const problem = voiceProblem(tag, voice);
    if (problem) problems.push({ path: jsonPath(['languages', code, 'voice']), ...problem });
  }
  return problems;
}

function voiceProblem(tag: string, voice: string): Omit<FlowProblem, 'path'> | undefined {
  const basic = BASIC_VOICES[voice];
  if (basic) {
    if (basic.includes(tag)) return undefined;
    const listed = basic.length > MAN_AND_WOMAN.length ? `${basic.length} languages, not this one` : `${basic.join(', ')} only`;
    return { message: `"${voice}" does not speak ${tag} (Twilio lists it for ${listed}): Twilio may fail every <Say> in this language`, fix: `use a voice that speaks ${tag}: ${voicesFor(tag)}` };
  }
  const google = /^Google\.([a-z]{2,3}-[A-Z]{2})-/.exec(voice);
  if (google) {
    if (google[1]!.toLowerCase() === tag.toLowerCase()) return undefined;
    return { message: `"${voice}" is a Google voice for ${google[1]}, not ${tag}: Twilio may fail every <Say> in this language`, fix: `use a Google voice for ${tag} ("Google.${tag}-…", as Twilio lists them) or a Polly voice for it` };
  }
  const polly = /^Polly\.([^-]+)(-Neural|-Generative)?$/.exec(voice);
  if (!polly) {
    return { message: `"${voice}" is no voice Twilio names: Twilio may fail every <Say> in this language`, fix: `write a voice as Twilio lists it for ${tag}: ${voicesFor(tag)}` };
  }
  const name = polly[1]!;
  const engine = polly[2];
  const known = POLLY_VOICES[tag];
  if (known === undefined) return undefined;
  if (known.engineOnly.includes(name)) {
    if (engine) return undefined;
    return { message: `"${voice}" is no voice: Amazon has ${name} only as a neural voice, "Polly.${name}-Neural" to Twilio, so it may fail every <Say> in this language`, fix: `write "Polly.${name}-Neural", or a standard ${tag} voice: ${known.standard.map((n) => `Polly.${n}`).join(', ')}` };
  }
  if (known.standard.includes(name)) return undefined;
  const elsewhere = Object.entries(POLLY_VOICES).find(([, other]) => other.standard.includes(name) || other.engineOnly.includes(name))?.[0];
  if (elsewhere) {
    return { message: `"${voice}" is a Polly voice for ${elsewhere}, not ${tag}: Twilio may fail every <Say> in this language`, fix: `use one of the ${tag} voices: ${voicesFor(tag)}` };
  }
  const meant = closestNames(name, [...known.standard, ...known.engineOnly])[0];
  if (meant === undefined) return undefined;
  const written = known.engineOnly.includes(meant) ? `Polly.${meant}${engine ?? '-Neural'}` : `Polly.${meant}${engine ?? ''}`;
  return { message: `"${voice}" is no Polly voice for ${tag}: Twilio may fail every <Say> in this language`, fix: `did you mean "${written}"? The ${tag} voices: ${voicesFor(tag)}` };
}

/** The voices that speak `tag`, as a flow writes them: its Polly voices (when the table has them), then the basic ones, else how Twilio names the others. */
function voicesFor(tag: string): string {
  const polly = POLLY_VOICES[tag];
  const basic = Object.keys(BASIC_VOICES).filter((voice) => BASIC_VOICES[voice]!.includes(tag));
  const named = polly ? [...polly.standard.map((name) => `Polly.${name}`), ...polly.engineOnly.map((name) => `Polly.${name}-Neural`)] : [`"Polly.<Name>" of a ${tag} voice`];
  return `${[...named, ...basic].join(', ')}, or a Google voice for it ("Google.${tag}-…")`;
}
