/** An E.164 number: "+", a country code that does not start with 0, up to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

/** Who calls when a command, test or the dev phone is not told: an Italian mobile, so the chat-link SMS is offered. */
export const DEFAULT_CALLER = '+393401234567';

/** Digits as people write a phone number: an optional +, spaces, dots, dashes and brackets. */
const NUMBER_LIKE = /^\+?[\d\s().-]+$/;

export function isE164(value: string | undefined): value is string {
  return value !== undefined && E164_PATTERN.test(value);
}

/**
 * A phone number as people write it ("02 9999 0000", "+39 02 9999 0000") in E.164, read as a number of
 * `country` (an ISO 3166 code; a flow's holiday country) as libphonenumber reads it; undefined when it is
 * no valid number. A fix gives the editor's own number back (in the flow file or an app setting), never
 * an example one might copy. libphonenumber is loaded only for a number that needs it. A letter makes it
 * no number (libphonenumber would drop it, and "+39023792124O" would come back as another, shorter one).
 */
export function e164Of(written: string, country = 'IT'): string | undefined {
  if (!NUMBER_LIKE.test(written.trim())) return undefined;
  const parsed = phoneNumbers().parsePhoneNumberFromString(written, /^[A-Z]{2}$/.test(country) ? (country as never) : 'IT');
  return parsed?.isValid() && E164_PATTERN.test(parsed.number) ? parsed.number : undefined;
}

/**
 * Whether a number in E.164 belongs to some country's numbering plan, as libphonenumber's metadata has
 * it. The shape alone lets through +6931234567 (no country has the code 693) or +1234567 (too short
 * for +1), which Twilio refuses to <Dial> (error 13224), so every caller sent there hears the apology.
 */
export function inANumberingPlan(e164: string): boolean {
  return phoneNumbers().parsePhoneNumberFromString(e164)?.isValid() === true;
}

/**
 * What start-up and `ivr lint` say after a transfer number that is in no numbering plan. A warning, not
 * a refusal: the metadata may lag a new range, and refusing it would stop the app for every caller.
 */
export const IN_NO_NUMBERING_PLAN = "not a number of any country's numbering plan (libphonenumber): Twilio would refuse the transfer (error 13224); check it";

let libphonenumber: typeof import('libphonenumber-js/min') | undefined;

// Loaded on first use and kept here: require() resolves its path again on every call, which under an ESM
// importer (the bench, an ESM test runner) goes through the package's exports and package.json each time,
// a third of a simulated call's CPU.
function phoneNumbers(): typeof import('libphonenumber-js/min') {
  return (libphonenumber ??= require('libphonenumber-js/min') as typeof import('libphonenumber-js/min'));
}

/** A number dialled, given as the example of E.164 in a message: the consumer line of the project's flow. */
const EXAMPLE_LINE = '+390237921240';

// What Twilio passes as From when the caller hides the number: a word, or nothing; before 2023 it spelt the
// word in keypad digits (+266696687 is A-N-O-N-Y-M-O-U-S)
// (https://twilio.com/changelog/upcoming-changes-to-withheld-caller-ids-behavior-for-dial-calls).
const WITHHELD_WORDS = /^(anonymous|restricted|blocked|unknown|unavailable|private|withheld)?$/i;
const WITHHELD_KEYPAD_SPELLINGS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

/** Whether `from` is a withheld caller as Twilio sends one: a word such as "anonymous", or nothing. */
export function isWithheldWord(from: string): boolean {
  return WITHHELD_WORDS.test(from.trim());
}

/** Whether `from` is a withheld caller in any form Twilio has sent: a word, nothing, or a word's keypad spelling. */
export function isWithheldCallerId(from: string): boolean {
  return isWithheldWord(from) || WITHHELD_KEYPAD_SPELLINGS.has(from.trim());
}

/** What is wrong with a number as Twilio would send it, and the fix, apart: a scenario file lists each problem with its fix. */
export interface NumberProblem {
  problem: string;
  fix: string;
}

/**
 * Why `number`, given as `what` (e.g. `--to`), is not written as Twilio sends numbers (E.164), with the
 * fix; undefined when it is. Written without its country code ("0237921250") it would reach no line
 * (the default one answers) and, as the caller, get no SMS offer, silently; a word or a slip ("+39abc",
 * "+1") is no number Twilio could send at all.
 */
export function notE164(what: string, number: string): string | undefined {
  return inWords(what, number, e164Problem(number));
}

/** notE164's problem and fix apart, undefined for a number in E.164. */
export function e164Problem(number: string, example = EXAMPLE_LINE): NumberProblem | undefined {
  if (E164_PATTERN.test(number)) return undefined;
  const digits = number.replace(/\D/g, '');
  if (NUMBER_LIKE.test(number)) {
    // 0039…: the international prefix where E.164 has its +.
    if (/^00/.test(digits) && E164_PATTERN.test(`+${digits.slice(2)}`)) {
      return { problem: 'starts with 00, the international prefix', fix: `write it in E.164, as Twilio sends it, with + instead: +${digits.slice(2)}` };
    }
    if (!number.startsWith('+') && E164_PATTERN.test(`+39${digits}`)) {
      return { problem: 'has no country code', fix: `write it in E.164, as Twilio sends it: + and the country code, e.g. +39${digits} for an Italian number` };
    }
    // Only spaces or brackets too many: the same number, written as Twilio sends it.
    if (number.startsWith('+') && E164_PATTERN.test(`+${digits}`)) {
      return { problem: 'is not in E.164, as Twilio sends it', fix: `write +${digits} (the same number, digits only)` };
    }
  }
  return { problem: 'is not a phone number in E.164, as Twilio sends it', fix: `write + and the country code and number, digits only (7 to 15), e.g. ${example}` };
}

/**
 * notE164 for a caller's number, which may also be withheld: Twilio then sends a word as From
 * ("anonymous"), and a test or a simulated call may play such a caller. (Twilio also sends "client:…"
 * and "sip:…" callers, which the webhook takes; a number typed for a simulated call is neither.)
 */
export function notCallerNumber(what: string, number: string): string | undefined {
  return inWords(what, number, callerNumberProblem(number));
}

/** notCallerNumber's problem and fix apart, undefined for a number in E.164 or a withheld caller. */
export function callerNumberProblem(number: string): NumberProblem | undefined {
  return isWithheldWord(number) ? undefined : e164Problem(number, `${DEFAULT_CALLER}, or anonymous for a withheld number`);
}

function inWords(what: string, number: string, wrong: NumberProblem | undefined): string | undefined {
  return wrong && `${what} "${number}" ${wrong.problem}; ${wrong.fix}`;
}

/**
 * A number typed by a person (ivr call's --to and --from, the dev phone) as
 * Twilio sends it: spaces, dots, dashes and brackets dropped, so
 * "+39 02 3792 1250", as the README writes it, is +390237921250; then judged
 * by `check` (notE164, or notCallerNumber for a caller).
 */
export function typedPhoneNumber(what: string, text: string, check = notE164): { number: string } | { problem: string } {
  const trimmed = text.trim();
  const number = NUMBER_LIKE.test(trimmed) ? trimmed.replace(/[\s().-]/g, '') : trimmed;
  const problem = check(what, number);
  return problem === undefined ? { number } : { problem };
}
