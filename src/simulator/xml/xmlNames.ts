// Element and attribute names: XML 1.0 Names that are also namespace QNames
// ("prefix:local" with at most one colon), as a namespace-aware parser such as
// Twilio's reads them. Names are kept as written, prefix included.

import { XmlSyntaxError } from './xmlSyntaxError';

// XML 1.0 (fifth edition) productions [4] and [4a], without ":" (QName parts are NCNames).
const START = 'A-Z_a-z\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const REST = `${START}\\-.0-9\\xB7\\u0300-\\u036F\\u203F\\u2040`;
const QNAME = new RegExp(`^[${START}][${REST}]*(?::[${START}][${REST}]*)?$`, 'u');
/** A plain XML Name, where ":" may be anywhere: what a processing instruction's target is. */
const NAME = new RegExp(`^[:${START}][:${REST}]*$`, 'u');

/**
 * Where the name that may start at `from` ends (== from when there is none).
 * It takes in the ASCII name characters (letters, digits, "_", "-", ".", ":")
 * and anything from U+0080 up, which checkName then judges.
 */
export function nameEnd(source: string, from: number): number {
  let i = from;
  for (;;) {
    const c = source.charCodeAt(i); // NaN at the end of the source: no branch takes it
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45 || c === 46 || c >= 128) i++;
    else return i;
  }
}

/** Whether a name can start with the character at `index` of `source`: not a digit, "-" or "." (nor the end). */
export function canStartName(source: string, index: number): boolean {
  const c = source.charCodeAt(index);
  return !((c >= 48 && c <= 57) || c === 45 || c === 46 || Number.isNaN(c));
}

/**
 * Throws unless `name` (read by nameEnd at `index`) is a valid QName, or with
 * `anyColons` a valid Name.
 */
export function checkName(name: string, index: number, anyColons = false): void {
  // The common case: an ASCII name starting with a letter or "_" and without a colon.
  if (/^[A-Za-z_][\w.-]*$/.test(name)) return;
  if (!(anyColons ? NAME : QNAME).test(name)) {
    const colons = name.includes(':') ? ' (a name has at most one ":", between a prefix and a local name)' : '';
    throw new XmlSyntaxError(`"${name}" is not a valid XML name${colons}`, index);
  }
}
