import type { Logger } from './logger';

// Callers' phone numbers are personal data. Whatever the app logs (an error's
// message, a stack, a request it refused) passes through here, so a number
// cannot reach the logs in full unless IVR_LOG_PHONE_NUMBERS=full says so.

export type PhoneNumberLogging = 'masked' | 'full';

// "+" (or its form encoding %2B) then 7 to 15 digits: an E.164 number as Twilio sends it.
const E164_IN_TEXT = /(\+|%2B)([1-9][0-9]{6,14})(?![0-9])/gi;

/** "+390237921240" -> "+39******1240": the country prefix and the last four digits stay, enough to tell lines apart. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(E164_IN_TEXT, (_whole, plus: string, digits: string) => `${plus}${digits.slice(0, 2)}${'*'.repeat(digits.length - 6)}${digits.slice(-4)}`);
}

// One masking wrapper per logger: what the app keeps per logger (the signature log's refusal count, signatureLog.ts)
// then lasts as long as the logger, not one app: the local host makes the app again on every flow save.
const maskers = new WeakMap<Logger, Logger>();

export function maskingLogger(logger: Logger, mode: PhoneNumberLogging): Logger {
  if (mode === 'full') return logger;
  let masking = maskers.get(logger);
  if (!masking) {
    masking = {
      info: (message) => logger.info(maskPhoneNumbers(message)),
      warn: (message) => logger.warn(maskPhoneNumbers(message)),
      error: (message) => logger.error(maskPhoneNumbers(message)),
    };
    maskers.set(logger, masking);
  }
  return masking;
}
