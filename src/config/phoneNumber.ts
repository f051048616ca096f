/** An E.164 number: "+", a country code that does not start with 0, up to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;

export function isE164(value: string | undefined): value is string {
  return value !== undefined && E164_PATTERN.test(value);
}
