// How much text one <Say> takes. Twilio documents the limit per kind of voice
// in its warning 13521, "<Say> element character limits exceeded"
// (https://www.twilio.com/docs/api/errors/13521): Polly voices 3,000, Google
// voices 5,000, the basic voices (man, woman, alice) 4,096, counted in UTF-8
// single-byte characters, so an accented letter counts twice. The same page
// adds that "the URL-encoded string cannot exceed 4500 characters", whatever
// the voice; it does not say how spaces are encoded, so the check takes the
// longer form, percent-encoding (a space is "%20", an accented letter
// "%C3%A8"). Each sentence of a prompt is its own <Say>, so the limits apply
// to each sentence.

/** The most characters one <Say>'s text takes once URL-encoded, with any voice. */
export const SAY_URL_ENCODED_LIMIT = 4500;

/** The most UTF-8 bytes one <Say> with `voice` takes, and the name of that kind of voice. */
export function sayLimit(voice: string): { bytes: number; voices: string } {
  if (voice.startsWith('Polly.')) return { bytes: 3000, voices: 'Polly voices' };
  if (voice.startsWith('Google.')) return { bytes: 5000, voices: 'Google voices' };
  return { bytes: 4096, voices: 'the basic voices' };
}
