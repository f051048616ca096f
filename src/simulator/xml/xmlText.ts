// Character data: which characters XML allows at all, and what text and
// attribute values mean once their references (&amp;, &#233;, &#xE9;) are
// replaced. Without a DTD only the five predefined entities exist.

import { XmlSyntaxError } from './xmlSyntaxError';

// Outside XML 1.0's Char production [2]: C0 controls other than tab, LF and CR,
// U+FFFE, U+FFFF and unpaired surrogates. Twilio's parser refuses them.
const NOT_XML_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws at the first character XML does not allow, or at a U+FFFD left by a decoder. */
export function checkCharacters(source: string): void {
  const bad = NOT_XML_CHAR.exec(source);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new XmlSyntaxError(`character U+${code} is not allowed in XML`, bad.index);
  }
  // U+FFFD is a legal character, but in an answer read from HTTP it is what
  // bytes that were not valid UTF-8 turned into, and those Twilio refuses.
  const replacement = source.indexOf('\uFFFD');
  if (replacement >= 0) {
    throw new XmlSyntaxError('replacement character U+FFFD: the answer is probably not valid UTF-8', replacement);
  }
}

/**
 * Text with its references replaced. `offset` is where `raw` starts in the
 * source, for the position of a bad reference.
 */
export function decodeText(raw: string, offset: number): string {
  return raw.indexOf('&') < 0 ? raw : decode(raw, offset, keep);
}

/**
 * An attribute value as XML defines it (section 3.3.3): each literal tab, line
 * break or CR LF becomes one space, while a reference such as `&#10;` still
 * gives a line break.
 */
export function decodeAttribute(raw: string, offset: number): string {
  const spaced = LITERAL_WHITESPACE.test(raw);
  if (raw.indexOf('&') < 0) return spaced ? toSpaces(raw) : raw;
  return decode(raw, offset, spaced ? toSpaces : keep);
}

const LITERAL_WHITESPACE = /[\t\n\r]/;
const keep = (literal: string) => literal;
const toSpaces = (literal: string) => literal.replace(/\r\n?|[\t\n]/g, ' ');

function decode(raw: string, offset: number, literal: (text: string) => string): string {
  let decoded = '';
  let done = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', done)) {
    const semicolon = raw.indexOf(';', amp + 1);
    const reference = semicolon < 0 ? '' : raw.slice(amp + 1, semicolon);
    decoded += literal(raw.slice(done, amp)) + resolve(reference, offset + amp);
    done = semicolon + 1;
  }
  return decoded + literal(raw.slice(done));
}

function resolve(reference: string, index: number): string {
  switch (reference) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  const decimal = /^#([0-9]+)$/.exec(reference);
  if (decimal) return character(Number.parseInt(decimal[1]!, 10), reference, index);
  const hex = /^#x([0-9a-fA-F]+)$/.exec(reference);
  if (hex) return character(Number.parseInt(hex[1]!, 16), reference, index);
  if (/^[\p{L}_:][\p{L}\p{N}_.:-]*$/u.test(reference)) {
    throw new XmlSyntaxError(`unknown entity "&${reference};" (XML has only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#233;)`, index);
  }
  if (/^#[\w]{0,10}$/.test(reference)) {
    throw new XmlSyntaxError(`malformed character reference "&${reference};" (write &#233; or &#xE9;)`, index);
  }
  throw new XmlSyntaxError('unescaped "&" (write &amp;)', index);
}

function character(code: number, reference: string, index: number): string {
  const legal =
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!legal) throw new XmlSyntaxError(`character reference "&${reference};" is not a character XML allows`, index);
  return String.fromCodePoint(code);
}
