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
// name. A Polly voice does not, nor does every Polly voice have every engine:
// Carla has a standard voice only, so "Polly.Carla-Neural" is no voice, and
// Adriano no standard one, so "Polly.Adriano" is none. The table below lists,
// for the languages a flow for Italy is likely to use, each Amazon Polly voice
// with the engines Amazon gives it, as Twilio writes them (Twilio has no
// suffix for Amazon's long-form engine, so it is not listed): standard from
// https://docs.aws.amazon.com/polly/latest/dg/standard-voices.html (complete
// for each language here), neural and generative from
// https://docs.aws.amazon.com/polly/latest/dg/available-voices.html. Where
// that table could not be confirmed for a voice's neural or generative engine
// (atLeast), a suffix not listed is let through unchecked, as is any voice
// the table does not name: Amazon adds voices and engines now and then. So a
// Polly name is refused only when it is clearly wrong: a voice of another
// language, a near miss of one of the language's own (a typo), or an engine
// the voice is known to lack.

type Engine = 'standard' | 'neural' | 'generative';

interface PollyVoice {
  engines: readonly Engine[];
  /** Set where Amazon's table was not confirmed for every engine of the voice: an engine not listed may exist. */
  orMore?: true;
}

/** A voice with these engines and no other. */
const only = (...engines: Engine[]): PollyVoice => ({ engines });
/** A voice with these engines, and others unchecked (its standard one excepted: the standard list is complete). */
const atLeast = (...engines: Engine[]): PollyVoice => ({ engines, orMore: true });

const POLLY_VOICES: Readonly<Record<string, Readonly<Record<string, PollyVoice>>>> = {
  // Carla and Giorgio: standard only, neither neural nor generative. Bianca: standard and neural; whether Amazon
  // lists a generative Bianca could not be confirmed, nor Adriano's engines beyond neural, so "-Generative"
  // passes for both unchecked.
  'it-IT': { Carla: only('standard'), Bianca: atLeast('standard', 'neural'), Giorgio: only('standard'), Adriano: atLeast('neural') },
  'en-GB': { Amy: only('standard', 'neural', 'generative'), Emma: only('standard', 'neural'), Brian: only('standard', 'neural', 'generative'), Arthur: only('neural') },
  'en-IE': { Niamh: only('neural', 'generative') },
  'en-AU': { Nicole: only('standard'), Russell: only('standard'), Olivia: only('neural', 'generative') },
  // The voices of these languages are checked for their standard engine only: their other engines were not confirmed.
  'en-US': {
    ...voices(['Ivy', 'Joanna', 'Kendra', 'Kimberly', 'Salli', 'Joey', 'Justin', 'Kevin', 'Matthew'], atLeast('standard')),
    ...voices(['Danielle', 'Gregory', 'Ruth', 'Stephen', 'Patrick'], atLeast('neural')),
  },
  'de-DE': { ...voices(['Marlene', 'Vicki', 'Hans'], atLeast('standard')), Daniel: atLeast('neural') },
  'fr-FR': { ...voices(['Celine', 'Céline', 'Léa', 'Lea', 'Mathieu'], atLeast('standard')), ...voices(['Rémi', 'Remi'], atLeast('neural')) },
  'es-ES': { ...voices(['Conchita', 'Lucia', 'Enrique'], atLeast('standard')), Sergio: atLeast('neural') },
};

function voices(names: readonly string[], voice: PollyVoice): Record<string, PollyVoice> {
  return Object.fromEntries(names.map((name) => [name, voice]));
}

const SUFFIXES: Readonly<Record<Engine, string>> = { standard: '', neural: '-Neural', generative: '-Generative' };

/** How Twilio names `name` with `engine`: "Polly.Carla", "Polly.Adriano-Neural". */
const pollyName = (name: string, engine: Engine) => `Polly.${name}${SUFFIXES[engine]}`;

/** Whether Amazon has `voice` with `engine`, or may have (an engine of it not confirmed; never its standard one). */
const hasEngine = (voice: PollyVoice, engine: Engine) => voice.engines.includes(engine) || (voice.orMore === true && engine !== 'standard');

/** The voice's forms for a fix: "Polly.Carla" (standard only), or "Polly.Emma" (standard) or "Polly.Emma-Neural" (neural). */
function formsOf(name: string, voice: PollyVoice): string {
  if (voice.engines.length === 1 && !voice.orMore) return `"${pollyName(name, voice.engines[0]!)}" (${voice.engines[0]} only)`;
  return voice.engines.map((engine) => `"${pollyName(name, engine)}" (${engine})`).join(' or ');
}

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
  const engine: Engine = polly[2] === '-Neural' ? 'neural' : polly[2] === '-Generative' ? 'generative' : 'standard';
  const known = POLLY_VOICES[tag];
  if (known === undefined) return undefined;
  const own = Object.hasOwn(known, name) ? known[name] : undefined;
  if (own) {
    if (hasEngine(own, engine)) return undefined;
    return {
      message: `"${voice}" is no voice: Amazon has no ${engine} ${name}, so Twilio may fail every <Say> in this language`,
      fix: `write ${formsOf(name, own)}${withEngine(known, engine)}, or one of the ${tag} voices: ${voicesFor(tag)}`,
    };
  }
  const elsewhere = Object.entries(POLLY_VOICES).find(([, other]) => Object.hasOwn(other, name))?.[0];
  if (elsewhere) {
    return { message: `"${voice}" is a Polly voice for ${elsewhere}, not ${tag}: Twilio may fail every <Say> in this language`, fix: `use one of the ${tag} voices: ${voicesFor(tag)}` };
  }
  const meant = closestNames(name, Object.keys(known))[0];
  if (meant === undefined) return undefined;
  const meantVoice = known[meant]!;
  const written = pollyName(meant, hasEngine(meantVoice, engine) ? engine : meantVoice.engines[0]!);
  return { message: `"${voice}" is no Polly voice for ${tag}: Twilio may fail every <Say> in this language`, fix: `did you mean "${written}"? The ${tag} voices: ${voicesFor(tag)}` };
}

/** `, or a neural it-IT voice: "Polly.Bianca-Neural", …`: the voices of the language Amazon is known to have with `engine`, for one who asked for that engine. */
function withEngine(voices: Readonly<Record<string, PollyVoice>>, engine: Engine): string {
  if (engine === 'standard') return '';
  const named = Object.entries(voices).filter(([, voice]) => voice.engines.includes(engine)).map(([name]) => `"${pollyName(name, engine)}"`);
  return named.length > 0 ? `, or ${named.length === 1 ? 'the' : 'a'} ${engine} voice of the language: ${named.join(', ')}` : '';
}

/** The voices that speak `tag`, as a flow writes them: its Polly voices (when the table has them, each in its first engine), then the basic ones, else how Twilio names the others. */
function voicesFor(tag: string): string {
  const polly = POLLY_VOICES[tag];
  const basic = Object.keys(BASIC_VOICES).filter((voice) => BASIC_VOICES[voice]!.includes(tag));
  const named = polly ? Object.entries(polly).map(([name, voice]) => pollyName(name, voice.engines[0]!)) : [`"Polly.<Name>" of a ${tag} voice`];
  return `${[...named, ...basic].join(', ')}, or a Google voice for it ("Google.${tag}-…")`;
}
