// Parses a TwiML response body into plain element data. The interpreter and
// the verb handlers never see XML: they get names, attributes, child elements
// and text, which keeps them small and testable.

import { TwilioError } from './twilioErrors';
import { parseXml, type XmlElement } from './xml/xmlParser';

/** A TwiML verb or noun: an XML element as plain data (see XmlElement for text and ownText). */
export type TwimlElement = XmlElement;

export type ParsedTwiml =
  | { ok: true; verbs: TwimlElement[] }
  | { ok: false; code: number; message: string };

export function parseTwiml(body: string): ParsedTwiml {
  const document = parseXml(body);
  if (!document.ok) return parseFailure(document.error);
  const { root } = document;
  if (root.name !== 'Response') return parseFailure(`root element is <${root.name}>, not <Response>`);
  return { ok: true, verbs: root.children };
}

function parseFailure(detail: string): ParsedTwiml {
  return { ok: false, code: TwilioError.documentParseFailure, message: `Document parse failure: ${detail}` };
}
