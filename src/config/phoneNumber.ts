/** An E.164 number: "+", a country code that does not start with 0, up to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

export function isE164(value: string | undefined): value is string {
  return value !== undefined && E164_PATTERN.test(value);
}

/**
 * A number as people write it ("+39 02 3792 1250") as Twilio sends it
 * ("+390237921250"), or why it cannot be one: a number without its country
 * code, or anything else, would reach no line and be answered, silently, as
 * the default one.
 */
export function readPhoneNumber(text: string): { number: string } | { problem: string } {
  const compact = text.trim().replace(/[\s().-]/g, '');
  if (isE164(compact)) return { number: compact };
  if (/^[0-9]+$/.test(compact)) {
    return { problem: `"${text}" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +39${compact} for an Italian number` };
  }
  return { problem: `"${text}" is not a phone number; write it in E.164, as Twilio sends it, e.g. +390237921240` };
}
