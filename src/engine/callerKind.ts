import { inANumberingPlan, isE164, isWithheldWord } from '../config/phoneNumber';

/**
 * Who is calling, as far as a text message is concerned, from Twilio's `From`.
 *
 * Only a number in one of the flow's mobile ranges counts as mobile: in Italy
 * the prefix alone tells a mobile (+39 3…) from a landline (+39 0…). Numbers
 * of other countries count as "other" unless the flow lists their mobile
 * ranges too: many numbering plans mix mobile and fixed ranges, and an SMS to
 * a landline is lost while the caller is told it was sent.
 */
export type CallerKind = 'mobile' | 'other' | 'withheld';

// The keypad spellings of the words Twilio passes as From for a withheld number (isWithheldWord).
const WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

export function callerKind(from: string | undefined, mobilePrefixes: readonly string[]): CallerKind {
  const number = (from ?? '').trim();
  if (isWithheldWord(number) || WITHHELD_NUMBERS.has(number)) return 'withheld';
  if (!isE164(number)) return 'other';
  return mobilePrefixes.some((prefix) => number.startsWith(prefix)) ? 'mobile' : 'other';
}

/**
 * The caller ID to show the party a call is transferred to. Undefined keeps Twilio's default, the caller's
 * own number, so the operator sees who is calling: when it is a number that can be shown (E.164, in a
 * country's numbering plan, not withheld). Otherwise Twilio would pass on what it has, and the <Dial> may
 * fail, which the caller hears as no operator being free (https://www.twilio.com/docs/api/errors/13214): a
 * withheld caller ID ("anonymous", a keypad spelling) or one in no numbering plan (+10000000000) may be
 * refused by the destination's carrier, and a call from a Voice SDK client ("client:alice") has no number at
 * all: Twilio requires a callerId for it, a number the account owns. So does a SIP caller ("sip:…") for a
 * phone network. The transfer then shows a number the app owns: the one the caller dialled when it is a
 * valid number, else `lineNumber`, the number of the caller's line in the flow (a client's call through a
 * TwiML App dials no number).
 */
export function transferCallerId(caller: string | undefined, dialled: string | undefined, lineNumber: string | undefined): string | undefined {
  if (isShowableCallerId((caller ?? '').trim())) return undefined;
  return dialled !== undefined && isE164(dialled) && inANumberingPlan(dialled) ? dialled : lineNumber;
}

/** Whether a caller ID is a number a carrier takes as one: E.164, in a country's numbering plan, not a withheld caller's keypad spelling. */
export function isShowableCallerId(caller: string): boolean {
  return isE164(caller) && callerKind(caller, []) !== 'withheld' && inANumberingPlan(caller);
}
