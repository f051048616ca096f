import { isWithheldCallerId } from '../config/phoneNumber';
import type { Logger } from './logger';

// Callers' phone numbers are personal data. Whatever the app logs (an error's
// message, a stack, a request it refused, the call journal's warnings) passes
// through here, so a number cannot reach the logs in full unless
// IVR_LOG_PHONE_NUMBERS=full says so.

export type PhoneNumberLogging = 'masked' | 'full';

// "+" (or its form encoding %2B) then 7 to 15 digits: an E.164 number as Twilio sends it.
const E164_IN_TEXT = /(\+|%2B)([1-9][0-9]{6,14})(?![0-9])/gi;

/** "+390237921240" -> "+39******1240": the country prefix and the last four digits stay, enough to tell lines apart. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(E164_IN_TEXT, (whole, plus: string, digits: string) =>
    isWithheldCallerId(whole) ? whole : `${plus}${digits.slice(0, 2)}${'*'.repeat(digits.length - 6)}${digits.slice(-4)}`,
  );
}

// A withheld caller ID (isWithheldCallerId) identifies nobody, and an analyst counts them: it stays as Twilio sent it.
const E164 = /^\+[1-9][0-9]{6,14}$/;
// What maskPhoneNumbers made of one: left as it is, so a line masked twice (a host's logger under the app's) reads as once.
const MASKED_E164 = /^\+[1-9][0-9]\*+[0-9]{4}$/;
// Digits as people and PBXs write them: with a +, 00, spaces, dots, dashes or brackets (and stars, once masked).
const DIGITS_WRITTEN = /^[+0-9*#().\-/ ]*[0-9*][+0-9*#().\-/ ]*$/;
// A SIP address or a Voice SDK identity, as Twilio sends them in From and To: "sip:user@host", "client:name".
const ADDRESS = /^(sips?|client):([^@]*)(@.*)?$/i;
// A host given as an address (an IPv4 or a bracketed IPv6) may be a caller's own connection, unlike a PBX's domain.
const IP_HOST = /^@(\[[0-9a-f:.]*\]|[0-9]{1,3}(\.[0-9]{1,3}){3})/i;

/**
 * One caller-identifying value (an ivr.call record's `from` or `to`, an SMS's `to`), masked whatever its form, so
 * the analyst still sees its kind: E.164 as maskPhoneNumbers; withheld words as they are; other digits with all
 * but the last four starred ("0039 340 1234567" -> "**** *** ***4567"); a SIP address the same in its user part,
 * its host kept (a company's PBX: which trunk the call came through), unless an IP address ("sip:******4567@pbx.example.com");
 * a Voice SDK identity, a person's name, whole ("client:***"); any other text whole ("***").
 */
export function maskCallerId(value: string): string {
  if (isWithheldCallerId(value) || MASKED_E164.test(value)) return value;
  if (E164.test(value)) return maskPhoneNumbers(value);
  const address = ADDRESS.exec(value);
  if (address) {
    const [, scheme, user = '', host = ''] = address;
    const masked = scheme?.toLowerCase() === 'client' ? '***' : maskCallerId(user);
    return `${scheme}:${masked}${host.replace(IP_HOST, '@***')}`;
  }
  if (DIGITS_WRITTEN.test(value)) {
    let kept = 4;
    // From the end: the last four digits stay, every other digit becomes a star; the separators stay, showing how it was written.
    return [...value].reverse().map((c) => (c >= '0' && c <= '9' ? (kept-- > 0 ? c : '*') : c)).reverse().join('');
  }
  return '***';
}

// The JSON lines' caller-identifying fields (ivr.call's from and to, ivr.sms's and ivr.sms-status's to), whatever
// their value: E164_IN_TEXT finds only E.164 numbers in free text, and a SIP address or digits not in E.164 there
// cannot be told from other text, but in these fields they are known to be a caller's.
const CALLER_FIELD = /"(from|to)":("(?:[^"\\]|\\.)*")/g;

function maskCallerFields(text: string): string {
  return text.replace(CALLER_FIELD, (_whole, name: string, value: string) => `"${name}":${JSON.stringify(maskCallerId(JSON.parse(value) as string))}`);
}

/** A line as the masking logger writes it: the caller fields of a JSON line, then every E.164 number in it. */
export function maskLine(text: string): string {
  return maskPhoneNumbers(maskCallerFields(text));
}

// One masking wrapper per logger: what the app keeps per logger (the signature log's refusal count, signatureLog.ts)
// then lasts as long as the logger, not one app: the local host makes the app again on every flow save.
const maskers = new WeakMap<Logger, Logger>();
const masking = new WeakSet<Logger>();

/** `logger` with every line masked (maskLine); a masking logger as it is, so a host can make one and share it with the app. */
export function maskingLogger(logger: Logger, mode: PhoneNumberLogging): Logger {
  if (mode === 'full' || masking.has(logger)) return logger;
  let wrapper = maskers.get(logger);
  if (!wrapper) {
    wrapper = {
      info: (message) => logger.info(maskLine(message)),
      warn: (message) => logger.warn(maskLine(message)),
      error: (message) => logger.error(maskLine(message)),
    };
    maskers.set(logger, wrapper);
    masking.add(wrapper);
  }
  return wrapper;
}
