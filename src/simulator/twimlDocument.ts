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

/**
 * Documents already read, by their exact text. An app answers the same few
 * documents over and over (explore, replay and ivr test make thousands of
 * calls through one menu), and reading one with a strict parser cost a fifth
 * of a simulated call. What is read is frozen, so one reading can serve every
 * call: a verb handler that tried to change it would throw.
 */
const alreadyRead = new Map<string, ParsedTwiml>();
/** Enough for the ~3,000 documents an 800-node menu answers when explored (about 10 MiB); past it the memory starts again, so no run can grow it without bound. */
const MAX_DOCUMENTS = 4096;

export function parseTwiml(body: string): ParsedTwiml {
  let parsed = alreadyRead.get(body);
  if (parsed === undefined) {
    parsed = deepFreeze(parseOnce(body));
    if (alreadyRead.size >= MAX_DOCUMENTS) alreadyRead.clear();
    alreadyRead.set(body, parsed);
  }
  return parsed;
}

function parseOnce(body: string): ParsedTwiml {
  const document = parseXml(body);
  if (!document.ok) return parseFailure(document.error);
  const { root } = document;
  if (root.name !== 'Response') return parseFailure(`root element is <${root.name}>, not <Response>`);
  return { ok: true, verbs: root.children };
}

function parseFailure(detail: string): ParsedTwiml {
  return { ok: false, code: TwilioError.documentParseFailure, message: `Document parse failure: ${detail}` };
}

/** Freezes `value` and everything in it; iterative, since a document may nest ten thousand levels deep. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const key of Object.keys(next)) pending.push((next as Record<string, unknown>)[key]);
  }
  return value;
}
