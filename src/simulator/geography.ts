// The geographic parameters Twilio adds to a voice webhook request: it "looks
// up geographic data based on the To and From phone numbers" and sends
// FromCity, FromState, FromZip, FromCountry, the To* twins, and the same for
// Caller* (= From) and Called* (= To)
// (https://www.twilio.com/docs/voice/twiml#request-parameters).
//
// The country comes from the E.164 number through libphonenumber-js (Google's
// libphonenumber metadata, kept current): a calling code alone cannot tell
// +1 US from Canada, +7 Russia from Kazakhstan, or +39 06 698 Vatican City
// from Italy. City, state and zip need carrier data that no offline library
// keeps, so they go empty, as Twilio sends them when it knows nothing; a
// test gives them with --param.

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

const PLACES = ['City', 'State', 'Zip', 'Country'] as const;

export function geographicParameters(from: string, to: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [number, sides] of [
    [from, ['From', 'Caller']],
    [to, ['To', 'Called']],
  ] as const) {
    const country = countryOf(number);
    for (const side of sides) for (const place of PLACES) params[`${side}${place}`] = place === 'Country' ? country : '';
  }
  return params;
}

/** Countries already looked up: explore and replay make thousands of calls between the same few numbers. */
const known = new Map<string, string>();
const MAX_KNOWN = 1_000;

/** ISO 3166 alpha-2 country of an E.164 number, or '' when it is not one (a client, a SIP address, a number unknown). */
function countryOf(number: string): string {
  let country = known.get(number);
  if (country === undefined) {
    country = /^\+[1-9]\d{4,14}$/.test(number) ? (parsePhoneNumberFromString(number)?.country ?? '') : '';
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(number, country);
  }
  return country;
}
