// A small, strict XML parser for TwiML answers. It reads one document into
// plain element data (names, attributes, children, text) in a single pass,
// and refuses what is not well-formed XML 1.0 with namespaces, as Twilio's
// parser does, naming the first fault and where it is.
//
// What it reads: an XML declaration, comments, processing instructions (skipped),
// CDATA, the five predefined entities and numeric character references,
// self-closing tags, single- and double-quoted attributes, prefixed names
// (kept as written; a prefix must be declared, as a namespace-aware parser requires).
//
// What it refuses on purpose: a DOCTYPE. TwiML has none, and a DTD's entity
// declarations are the way in for entity expansion ("billion laughs") and
// external entity attacks; skipping one safely would mean parsing it anyway.
//
// Line breaks are XML 1.0's (CR LF and CR are line breaks, NEL and U+2028 are
// not): they only matter in attribute values, where each becomes one space.

import { canStartName, checkName, nameEnd } from './xmlNames';
import { NamespaceScopes } from './xmlNamespaces';
import { XmlSyntaxError, lineAndColumn } from './xmlSyntaxError';
import { checkCharacters, decodeAttribute, decodeText } from './xmlText';

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

export function parseXml(source: string): XmlDocument {
  try {
    return { ok: true, root: new Parser(source).document() };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const at = error.index === undefined ? '' : ` at ${lineAndColumn(source, error.index)}`;
    return { ok: false, error: `${error.detail}${at}` };
  }
}

/** An element whose end tag has not been read yet. */
interface Open {
  element: XmlElement;
  /** Where its start tag begins, for "never closed" and mismatch messages. */
  at: number;
  ownText: string;
  allText: string;
  /** The namespace scope depth before this element's declarations. */
  scope: number;
}

const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/;

const MALFORMED_DECLARATION = 'malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8"?>)';
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

class Parser {
  private pos = 0;
  private readonly open: Open[] = [];
  private root: XmlElement | undefined;
  private readonly namespaces = new NamespaceScopes();

  constructor(private readonly source: string) {}

  document(): XmlElement {
    const { source } = this;
    checkCharacters(source);
    if (/^<\?xml[ \t\r\n?]/.test(source)) this.xmlDeclaration();
    while (this.pos < source.length) {
      const lt = source.indexOf('<', this.pos);
      const end = lt < 0 ? source.length : lt;
      if (end > this.pos) this.text(this.pos, end);
      if (lt < 0) break;
      this.markup(lt);
    }
    const unclosed = this.open.at(-1);
    if (unclosed) throw new XmlSyntaxError(`<${unclosed.element.name}> opened at ${this.where(unclosed.at)} is never closed`);
    if (!this.root) throw new XmlSyntaxError(/^[ \t\r\n]*$/.test(source) ? 'the document is empty' : 'no root element');
    return this.root;
  }

  private xmlDeclaration(): void {
    const declaration = XML_DECLARATION.exec(this.source);
    if (!declaration) throw new XmlSyntaxError(MALFORMED_DECLARATION, 0);
    this.pos = declaration[0].length;
  }

  private text(from: number, to: number): void {
    const raw = this.source.slice(from, to);
    const parent = this.open.at(-1);
    if (!parent) {
      const stray = raw.search(/[^ \t\r\n]/);
      if (stray < 0) return;
      const place = this.root ? `after the root element </${this.root.name}>` : 'before the root element';
      throw new XmlSyntaxError(`text ${place}: ${quoted(raw.slice(stray).replace(/[ \t\r\n]+$/, ''))}`, from + stray);
    }
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd >= 0) throw new XmlSyntaxError('"]]>" in text (write ]]&gt;)', from + cdataEnd);
    const text = decodeText(raw, from);
    parent.ownText += text;
    parent.allText += text;
  }

  private markup(lt: number): void {
    const { source } = this;
    const next = source.charCodeAt(lt + 1);
    if (next === SLASH) this.endTag(lt);
    else if (next === 0x3f /* ? */) this.processingInstruction(lt);
    else if (next !== 0x21 /* ! */) this.startTag(lt);
    else if (source.startsWith('<!--', lt)) this.comment(lt);
    else if (source.startsWith('<![CDATA[', lt)) this.cdata(lt);
    else if (source.startsWith('<!DOCTYPE', lt)) {
      throw new XmlSyntaxError('a DOCTYPE is not accepted (TwiML needs none, and DTD entities are a way to attack XML parsers)', lt);
    } else throw new XmlSyntaxError('"<!" starts neither a comment (<!--) nor CDATA (<![CDATA[)', lt);
  }

  private startTag(lt: number): void {
    const { source } = this;
    const name = this.name(lt + 1);
    if (!name) throw new XmlSyntaxError('unescaped "<" (write &lt;)', lt);
    if (this.root && this.open.length === 0) {
      throw new XmlSyntaxError(`a second element <${name}> after the root element </${this.root.name}>`, lt);
    }
    const attributes: Record<string, string> = {};
    const scope = this.namespaces.depth;
    let prefixed = name.includes(':');
    let p = lt + 1 + name.length;
    let selfClosing = false;
    for (;;) {
      const spaceStart = p;
      while (isSpace(source.charCodeAt(p))) p++;
      const c = source.charCodeAt(p);
      if (c === GT) break;
      if (c === SLASH) {
        if (source.charCodeAt(p + 1) !== GT) throw new XmlSyntaxError(`"/" in <${name}> must be followed directly by ">"`, p);
        selfClosing = true;
        p++;
        break;
      }
      if (Number.isNaN(c)) throw new XmlSyntaxError(`the document ends inside the tag <${name}>`, p);
      const attribute = this.name(p);
      if (!attribute) throw new XmlSyntaxError(`unexpected "${source[p]}" in <${name}>`, p);
      if (p === spaceStart) throw new XmlSyntaxError(`attribute "${attribute}" in <${name}> must be separated from what precedes it by a space`, p);
      p = this.attribute(name, attributes, attribute, p);
      if (attribute.includes(':')) prefixed = true;
    }
    this.pos = p + 1;
    if (prefixed) this.namespaces.enter(name, attributes, lt);
    const element: XmlElement = { name, attributes, children: [], text: '', ownText: '' };
    const parent = this.open.at(-1);
    if (parent) parent.element.children.push(element);
    else this.root = element;
    if (selfClosing) this.namespaces.leave(scope);
    else this.open.push({ element, at: lt, ownText: '', allText: '', scope });
  }

  /** Reads `name="value"` at `at`, adds it to `attributes` and returns where it ends. */
  private attribute(element: string, attributes: Record<string, string>, name: string, at: number): number {
    const { source } = this;
    let p = at + name.length;
    while (isSpace(source.charCodeAt(p))) p++;
    if (source.charCodeAt(p) !== EQUALS) throw new XmlSyntaxError(`attribute "${name}" in <${element}> has no value (write ${name}="...")`, at);
    p++;
    while (isSpace(source.charCodeAt(p))) p++;
    const quote = source[p];
    if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`the value of attribute "${name}" in <${element}> must be quoted (write ${name}="...")`, p);
    const close = source.indexOf(quote, p + 1);
    if (close < 0) throw new XmlSyntaxError(`the value of attribute "${name}" in <${element}> is never closed with ${quote}`, p);
    const raw = source.slice(p + 1, close);
    const lt = raw.indexOf('<');
    if (lt >= 0) throw new XmlSyntaxError(`unescaped "<" in attribute "${name}" of <${element}> (write &lt;)`, p + 1 + lt);
    if (Object.hasOwn(attributes, name)) throw new XmlSyntaxError(`attribute "${name}" appears twice in <${element}>`, at);
    const value = decodeAttribute(raw, p + 1);
    // "__proto__" becomes an own property too, so a repeat of it is caught as well.
    if (name === '__proto__') Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
    else attributes[name] = value;
    return close + 1;
  }

  private endTag(lt: number): void {
    const { source } = this;
    // Not checked as a name: it must equal the open element's, which was.
    const name = source.slice(lt + 2, nameEnd(source, lt + 2));
    if (!name) throw new XmlSyntaxError('"</" must be followed by the name of the element it closes', lt);
    let p = lt + 2 + name.length;
    while (isSpace(source.charCodeAt(p))) p++;
    if (source.charCodeAt(p) !== GT) throw new XmlSyntaxError(`end tag </${name}> must end with ">"`, p);
    this.pos = p + 1;
    const closing = this.open.pop();
    if (!closing) throw new XmlSyntaxError(`end tag </${name}> closes no open element`, lt);
    const { element } = closing;
    if (element.name !== name) {
      throw new XmlSyntaxError(`<${element.name}> (${this.where(closing.at)}) is closed by </${name}>`, lt);
    }
    element.text = collapse(closing.allText);
    element.ownText = collapse(closing.ownText);
    const parent = this.open.at(-1);
    if (parent) parent.allText += closing.allText;
    this.namespaces.leave(closing.scope);
  }

  private comment(lt: number): void {
    const dashes = this.source.indexOf('--', lt + 4);
    if (dashes < 0) throw new XmlSyntaxError('comment is never closed with -->', lt);
    if (this.source.charCodeAt(dashes + 2) !== GT) throw new XmlSyntaxError('"--" inside a comment', dashes);
    this.pos = dashes + 3;
  }

  private cdata(lt: number): void {
    const parent = this.open.at(-1);
    if (!parent) throw new XmlSyntaxError('CDATA outside the root element', lt);
    const end = this.source.indexOf(']]>', lt + 9);
    if (end < 0) throw new XmlSyntaxError('CDATA section is never closed with ]]>', lt);
    const text = this.source.slice(lt + 9, end);
    parent.ownText += text;
    parent.allText += text;
    this.pos = end + 3;
  }

  private processingInstruction(lt: number): void {
    const { source } = this;
    const target = this.name(lt + 2, true);
    if (!target) throw new XmlSyntaxError('"<?" must be followed by a processing instruction name', lt);
    if (target.toLowerCase() === 'xml') {
      throw new XmlSyntaxError(lt === 0 ? MALFORMED_DECLARATION : 'the XML declaration <?xml ...?> is only allowed at the very start of the document', lt);
    }
    const after = lt + 2 + target.length;
    const end = source.indexOf('?>', after);
    if (end < 0) throw new XmlSyntaxError(`processing instruction <?${target} is never closed with ?>`, lt);
    if (end !== after && !isSpace(source.charCodeAt(after))) throw new XmlSyntaxError(`processing instruction <?${target} needs a space after its name`, after);
    this.pos = end + 2;
  }

  /** The name starting at `at`, checked as a QName (or a Name), or '' when none starts there. */
  private name(at: number, anyColons = false): string {
    // "<" before a digit, "-" or "." is a stray "<" in text rather than a bad name.
    if (!canStartName(this.source, at)) return '';
    const end = nameEnd(this.source, at);
    if (end === at) return '';
    const name = this.source.slice(at, end);
    checkName(name, at, anyColons);
    return name;
  }

  private where(index: number): string {
    return lineAndColumn(this.source, index);
  }
}

/** A short quote of `text` for a message, invisible characters spelled out as \u{...}. */
function quoted(text: string): string {
  const short = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  const visible = short.replace(/[^\P{C}]|[^\P{Z} ]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return `"${visible}"`;
}

/** Each run of whitespace as one space, none at either end. */
function collapse(text: string): string {
  // Same result as replace(/\s+/g, ' '), several times faster on text that is
  // already single-spaced, as generated TwiML is: single spaces are left alone.
  return text === '' ? '' : text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
