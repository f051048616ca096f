import { isE164, isWithheldCallerId } from '../config/phoneNumber';

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

export function callerKind(from: string | undefined, mobilePrefixes: readonly string[]): CallerKind {
  const number = (from ?? '').trim();
  if (isWithheldCallerId(number)) return 'withheld';
  if (!isE164(number)) return 'other';
  return mobilePrefixes.some((prefix) => number.startsWith(prefix)) ? 'mobile' : 'other';
}
