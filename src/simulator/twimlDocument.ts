// Parses a TwiML response body into plain element data. The interpreter and
// the verb handlers never see the XML DOM: they get names, attributes, child
// elements and text, which keeps them small and testable.

import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { TwilioError } from './twilioErrors';

export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  /** All text inside the element (SSML children included), whitespace collapsed. */
  text: string;
  /** Text directly inside this element, outside any child element, collapsed. */
  ownText: string;
}

export type ParsedTwiml =
  | { ok: true; verbs: TwimlElement[] }
  | { ok: false; code: number; message: string };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

// xmldom quietly accepts a bare "&"; Twilio's parser does not.
const BARE_AMPERSAND = /&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][\w.-]*;)/;

export function parseTwiml(body: string): ParsedTwiml {
  if (BARE_AMPERSAND.test(body)) {
    return parseFailure('unescaped "&" (write &amp;)');
  }
  let root: Element | null;
  try {
    // Strict: Twilio rejects what xmldom would only warn about (e.g. unquoted attributes).
    const parser = new DOMParser({
      onError: (_level, message) => {
        throw new Error(message);
      },
    });
    root = parser.parseFromString(body, 'text/xml').documentElement;
  } catch (error) {
    return parseFailure(firstLine(error));
  }
  if (!root || root.tagName !== 'Response') {
    return parseFailure(`root element is <${root?.tagName ?? ''}>, not <Response>`);
  }
  return { ok: true, verbs: toTwimlElement(root).children };
}

function toTwimlElement(element: Element): TwimlElement {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (attribute) attributes[attribute.name] = attribute.value;
  }
  const children: TwimlElement[] = [];
  let ownText = '';
  for (let node: Node | null = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE) children.push(toTwimlElement(node as Element));
    else if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) ownText += node.nodeValue ?? '';
  }
  return {
    name: element.tagName,
    attributes,
    children,
    text: collapse(element.textContent ?? ''),
    ownText: collapse(ownText),
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function parseFailure(detail: string): ParsedTwiml {
  return { ok: false, code: TwilioError.documentParseFailure, message: `Document parse failure: ${detail}` };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
