// How long a text message is as Twilio sends it, and so how many the caller's phone gets. One SMS carries 140
// bytes: 160 characters of the GSM-7 alphabet, 7 bits each, or 70 in UCS-2, 16 bits each, which Twilio uses
// for the whole message as soon as one character is not in GSM-7 (an "ó", a curly quote, an emoji, which takes
// two). A character of GSM-7's extension table (€ [ ] { } \ ~ ^ | and the form feed) is sent as an escape and
// itself, so it counts as two. A longer message goes as several, each billed, of 153 or 67 characters, as each
// carries a header to join them on the phone. Twilio's pages:
// https://www.twilio.com/docs/glossary/what-sms-character-limit,
// https://www.twilio.com/docs/glossary/what-is-gsm-7-character-encoding,
// https://www.twilio.com/docs/glossary/what-is-ucs-2-character-encoding.

/** GSM-7's default alphabet (3GPP TS 23.038), in its order, without the escape to the extension table. */
const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');

/** GSM-7's extension table: each is sent as the escape and itself, two places of the 160. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** The length Twilio counts: GSM-7 places (an extension character two), or UCS-2's 16-bit units (an emoji two). */
  length: number;
  /** What one SMS carries in that encoding: 160 or 70. */
  limit: number;
  /** The characters not in GSM-7, which make the message UCS-2: each once, in order. */
  notGsm7: string[];
  /** The text messages the phone gets: 1 when it fits one, else parts of 153 (GSM-7) or 67 (UCS-2). */
  messages: number;
}

/** `text` as Twilio sends it by SMS: its encoding, its length and how many messages it takes. */
export function smsLength(text: string): SmsLength {
  const notGsm7 = [...new Set([...text].filter((c) => !GSM7.has(c) && !GSM7_EXTENSION.has(c)))];
  if (notGsm7.length > 0) return { encoding: 'UCS-2', length: text.length, limit: 70, notGsm7, messages: messages(text.length, 70, 67) };
  const length = [...text].reduce((sum, c) => sum + (GSM7_EXTENSION.has(c) ? 2 : 1), 0);
  return { encoding: 'GSM-7', length, limit: 160, notGsm7, messages: messages(length, 160, 153) };
}

function messages(length: number, one: number, part: number): number {
  return length <= one ? 1 : Math.ceil(length / part);
}
