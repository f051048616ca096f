// Reads a TwiML answer into plain element data (names, attributes, children,
// text) with saxes, a maintained strict XML parser: it checks well-formedness
// and namespaces as XML 1.0 says, the way Twilio's parser refuses a document.
// Its first fault becomes a message in plain words with the line and column
// (xmlFaults.ts).
//
// On top of saxes, refusals of our own: a DOCTYPE (TwiML needs none, and a
// DTD's entities are the way in for expansion and external-entity attacks),
// U+FFFD and half a surrogate pair (see checkCharacters).

import { SaxesParser } from 'saxes';
import { describeFault, DOCTYPE_REFUSED, lineAndColumn, REPLACEMENT_CHARACTER, type ReadingState } from './xmlFaults';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** All text inside the element (SSML children included), whitespace collapsed. */
  text: string;
  /** Text directly inside this element, outside any child element, collapsed. */
  ownText: string;
}

export type XmlDocument = { ok: true; root: XmlElement } | { ok: false; error: string };

type Options = { xmlns: true; forceXMLVersion: true; defaultXMLVersion: '1.0'; position: false };

/** A fault saxes found, and where it stopped. */
class Fault {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

/** saxes that stops at the first fault, without building an Error (its stack trace was most of reading a broken document). */
class Parser extends SaxesParser<Options> {
  override fail(message: string): this {
    throw new Fault(message, this.position);
  }
}

/** What the element events build, one document at a time. */
class Reading implements ReadingState {
  readonly open: ReadingState['open'] = [];
  root: XmlElement | undefined;
  markupEnd = 0;
  startTag: ReadingState['startTag'];
  lastClosed: ReadingState['lastClosed'];
}

// One parser, reused: making one binds its ~40 state handlers, a fifth of
// reading a short document. Reading is synchronous, so documents never overlap;
// after a fault the parser is mid-document and is dropped.
let parser: Parser | undefined;
let reading = new Reading();

export function parseXml(source: string): XmlDocument {
  reading = new Reading();
  try {
    checkCharacters(source);
    (parser ??= newParser()).write(source).close();
  } catch (error) {
    parser = undefined;
    if (!(error instanceof Fault)) throw error;
    const { detail, index } = describeFault(error.message, error.position, source, reading);
    return { ok: false, error: index === undefined ? detail : `${detail} at ${lineAndColumn(source, index)}` };
  }
  return { ok: true, root: reading.root! };
}

// saxes reads half a surrogate pair and the character after it as one
// character (so "\uD83D<" swallows the "<"); and U+FFFD is a legal character
// that, in an answer read from HTTP, is what bytes that were not UTF-8 became.
const HALF_A_PAIR = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

function checkCharacters(source: string): void {
  const half = HALF_A_PAIR.exec(source);
  if (half) throw new Fault('disallowed character.', half.index + 1);
  const replacement = source.indexOf('\uFFFD');
  if (replacement >= 0) throw new Fault(REPLACEMENT_CHARACTER, replacement + 1);
}

function newParser(): Parser {
  // Positions come from saxes.position (an index into the source): its own line counting is not needed.
  const saxes = new Parser({ xmlns: true, forceXMLVersion: true, defaultXMLVersion: '1.0', position: false });
  const markupEnds = () => {
    reading.markupEnd = saxes.position;
  };
  saxes.on('doctype', () => saxes.fail(DOCTYPE_REFUSED));
  saxes.on('opentagstart', (tag) => {
    reading.startTag = { name: tag.name, at: saxes.position - tag.name.length - 2 };
  });
  saxes.on('attribute', markupEnds);
  saxes.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const name in tag.attributes) {
      const { value } = tag.attributes[name]!;
      // "__proto__" becomes an own property like any other name.
      if (name === '__proto__') Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
      else attributes[name] = value;
    }
    const element: XmlElement = { name: tag.name, attributes, children: [], text: '', ownText: '' };
    const parent = reading.open.at(-1);
    if (parent) parent.element.children.push(element);
    else reading.root = element;
    reading.open.push({ element, at: reading.startTag!.at, ownText: '', allText: '' });
    reading.startTag = undefined;
    markupEnds();
  });
  saxes.on('closetag', () => {
    const closing = reading.open.pop()!;
    const { element } = closing;
    element.text = collapse(closing.allText);
    // Without children, its own text is all its text: collapsing it twice was a tenth of the reading.
    element.ownText = element.children.length === 0 ? element.text : collapse(closing.ownText);
    const parent = reading.open.at(-1);
    if (parent) parent.allText += closing.allText;
    reading.lastClosed = closing;
    markupEnds();
  });
  const text = (text: string) => {
    const parent = reading.open.at(-1);
    if (!parent) return;
    parent.ownText += text;
    parent.allText += text;
  };
  saxes.on('text', text);
  saxes.on('cdata', (cdata) => {
    text(cdata);
    markupEnds();
  });
  saxes.on('comment', markupEnds);
  saxes.on('processinginstruction', markupEnds);
  saxes.on('xmldecl', markupEnds);
  return saxes;
}

/** Each run of whitespace as one space, none at either end. */
function collapse(text: string): string {
  // Same result as replace(/\s+/g, ' '), several times faster on text that is
  // already single-spaced, as generated TwiML is: single spaces are left alone.
  return text === '' ? '' : text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
