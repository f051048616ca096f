// The simulator's TwiML parsing as it was before its own parser: @xmldom/xmldom,
// strict (every warning refuses), after a pre-check for a bare "&" that xmldom
// would let through. Kept verbatim as the reference the differential test
// compares against; xmldom is a devDependency for this alone.

import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import type { ParsedTwiml, TwimlElement } from '../../../src/simulator/twimlDocument';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

const BARE_AMPERSAND = /&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][\w.-]*;)/;

export function xmldomParseTwiml(body: string): ParsedTwiml {
  if (BARE_AMPERSAND.test(body)) return failure('unescaped "&" (write &amp;)');
  let root: Element | null;
  try {
    const parser = new DOMParser({
      onError: (_level, message) => {
        throw new Error(message);
      },
    });
    root = parser.parseFromString(body, 'text/xml').documentElement;
  } catch (error) {
    return failure(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  }
  if (!root || root.tagName !== 'Response') return failure(`root element is <${root?.tagName ?? ''}>, not <Response>`);
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
  return { name: element.tagName, attributes, children, text: collapse(element.textContent ?? ''), ownText: collapse(ownText) };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function failure(detail: string): ParsedTwiml {
  return { ok: false, code: 12100, message: `Document parse failure: ${detail}` };
}
