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
 * an example one might copy. libphonenumber is loaded only for a number that needs it.
 */
export function e164Of(written: string, country = 'IT'): string | undefined {
  const { parsePhoneNumberFromString } = require('libphonenumber-js/min') as typeof import('libphonenumber-js/min');
  const parsed = parsePhoneNumberFromString(written, /^[A-Z]{2}$/.test(country) ? (country as never) : 'IT');
  return parsed?.isValid() && E164_PATTERN.test(parsed.number) ? parsed.number : undefined;
}

/**
 * Why `number`, given as `what` (e.g. `--to`), is not written as Twilio sends numbers (E.164), with the
 * fix; undefined when it is, or is no number at all (a withheld caller is "anonymous"). Written without
 * its country code ("0237921250") it would reach no line (the default one answers) and, as the caller,
 * get no SMS offer, silently.
 */
export function notE164(what: string, number: string): string | undefined {
  if (E164_PATTERN.test(number) || !NUMBER_LIKE.test(number)) return undefined;
  const digits = number.replace(/\D/g, '');
  if (!number.startsWith('+')) {
    return `${what} "${number}" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +39${digits} for an Italian number`;
  }
  return `${what} "${number}" is not in E.164, as Twilio sends it: + and the country code and number, digits only (7 to 15), e.g. +${digits}`;
}

/**
 * A number typed by a person (ivr call's --to and --from, the dev phone) as
 * Twilio sends it: spaces, dots, dashes and brackets dropped, so
 * "+39 02 3792 1250", as the README writes it, is +390237921250; then judged
 * as notE164 judges it.
 */
export function typedPhoneNumber(what: string, text: string): { number: string } | { problem: string } {
  const trimmed = text.trim();
  const number = NUMBER_LIKE.test(trimmed) ? trimmed.replace(/[\s().-]/g, '') : trimmed;
  const problem = notE164(what, number);
  return problem === undefined ? { number } : { problem };
}
