// saxes names a fault in its own words ("unquoted attribute value.") at the
// position where it noticed it. A developer reading a 12100 in a transcript
// wants what is wrong in plain words, how to write it instead, and where it is:
// this turns the first into the second, with what the reading knew then (the
// open elements, the start tag being read, where the last markup ended).

import type { XmlElement } from './xmlParser';

export interface ReadingState {
  /** The elements whose end tag has not been read yet, innermost last, with where each start tag begins. */
  open: Array<{ element: XmlElement; at: number; ownText: string; allText: string }>;
  root: XmlElement | undefined;
  /** Where the last complete piece of markup (tag, attribute, comment, CDATA, PI) ended. */
  markupEnd: number;
  /** The start tag being read, until its ">". */
  startTag: { name: string; at: number } | undefined;
  /** The element the parser closed last. */
  lastClosed: { element: XmlElement; at: number } | undefined;
}

export const DOCTYPE_REFUSED = 'a DOCTYPE is not accepted (TwiML needs none, and DTD entities are a way to attack XML parsers)';
export const REPLACEMENT_CHARACTER = 'replacement character';

const BARE_AMPERSAND = 'unescaped "&" (write &amp;)';
const REFERENCE = /&(?:[^\s&;<>"']+|#[0-9]+|#x[0-9a-fA-F]+);/y;
const DECLARATION_EXAMPLE = '(expected <?xml version="1.0" encoding="UTF-8"?>)';

export interface Described {
  detail: string;
  /** Where the fault is in the source; none when it is the whole document's. */
  index?: number;
}

/**
 * The fault saxes reported as `message`, having stopped at `position` (just
 * after the character that showed the fault, or at the end), in plain words.
 */
export function describeFault(message: string, position: number, source: string, reading: ReadingState): Described {
  const at = Math.max(0, position - 1);
  const tag = reading.startTag;
  const inTag = tag ? ` in <${tag.name}>` : '';
  // saxes reads from "&" to the next ";" as a reference, so a bare "&" shows up
  // later: as a strange reference name, or as something left open at the end.
  const inReference = message === 'disallowed character in entity name.' || message === 'empty entity name.';
  if (inReference || message === 'unexpected end.' || message.startsWith('unclosed tag: ')) {
    const ampersand = bareAmpersand(source, reading.markupEnd);
    if (ampersand !== undefined) return { detail: BARE_AMPERSAND, index: ampersand };
    if (inReference) return { detail: BARE_AMPERSAND, index: source.lastIndexOf('&', at) };
    return leftOpen(source, reading);
  }
  const named = /^(duplicate attribute|unmatched closing tag|unbound namespace prefix|malformed name): (.*?)\.?$/.exec(message);
  switch (named?.[1]) {
    case 'duplicate attribute':
      return { detail: `attribute "${named[2]}" appears twice${inTag}`, index: tag?.at ?? at };
    case 'unmatched closing tag':
      return { detail: `end tag </${named[2]}> closes no open element`, index: source.lastIndexOf('</', at) };
    case 'unbound namespace prefix': {
      const prefix = JSON.parse(named[2]!) as string;
      return { detail: `the prefix "${prefix}"${inTag} is not declared (add xmlns:${prefix}="...")`, index: tag?.at ?? at };
    }
    case 'malformed name':
      return { detail: `"${named[2]}" is not a valid XML name (a name has at most one ":", between a prefix and a local name)`, index: tag?.at ?? at };
  }
  if (/^<\?xml[ \t\r\n]/.test(source) && reading.markupEnd === 0 && !tag) {
    // Still inside the XML declaration: what one looks like says more than which part saxes stumbled on.
    return { detail: `malformed XML declaration ${DECLARATION_EXAMPLE}`, index: 0 };
  }

  const character = source.codePointAt(at) ?? 0;
  const shown = character < 0x20 || (character >= 0xd800 && character <= 0xdfff) || character > 0xfffd ? `U+${character.toString(16).toUpperCase().padStart(4, '0')}` : `"${String.fromCodePoint(character)}"`;
  switch (message) {
    case REPLACEMENT_CHARACTER:
      return { detail: 'replacement character U+FFFD: the answer is probably not valid UTF-8', index: at };
    case DOCTYPE_REFUSED:
    case 'inappropriately located doctype declaration.':
      return { detail: DOCTYPE_REFUSED, index: source.indexOf('<!DOCTYPE') };
    case 'disallowed character.':
      if (character === 0x3c) return { detail: `unescaped "<" in an attribute value${inTag} (write &lt;, or close the value with its quote)`, index: at };
      return { detail: `character ${shown} is not allowed in XML`, index: at };
    case 'undefined entity.': {
      const amp = source.lastIndexOf('&', at);
      return { detail: `unknown entity "${source.slice(amp, at + 1)}" (XML has only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#233;)`, index: amp };
    }
    case 'malformed character entity.': {
      const amp = source.lastIndexOf('&', at);
      return { detail: `character reference "${source.slice(amp, at + 1)}" is malformed or not a character XML allows (write &#233; or &#xE9;)`, index: amp };
    }
    case 'disallowed character in tag name':
    case 'disallowed character in tag name.':
      if (source.charCodeAt(at - 1) === 0x3c) return { detail: 'unescaped "<" (write &lt;)', index: at - 1 };
      return { detail: `${shown} is not allowed in a tag name${tag ? ` (after <${tag.name})` : ''}`, index: at };
    case 'disallowed character in attribute name.':
    case 'attribute without value.': {
      const name = attributeBefore(source, tag, at);
      if (message === 'attribute without value.' || (name && (character === 0x2f || character === 0x3e))) {
        return { detail: `attribute "${name}"${inTag} has no value (write ${name}="...")`, index: at - name.length };
      }
      return { detail: `unexpected ${shown}${inTag}`, index: at };
    }
    case 'unquoted attribute value.': {
      const name = attributeBefore(source, tag, at);
      return { detail: `the value of attribute "${name}"${inTag} must be quoted (write ${name}="...")`, index: at };
    }
    case 'no whitespace between attributes.':
      return { detail: `attributes${inTag} must be separated by a space`, index: at };
    case 'forward-slash in opening tag not followed by >.':
      return { detail: `"/"${inTag} must be followed directly by ">"`, index: at - 1 };
    case 'unexpected close tag.': {
      const closed = reading.lastClosed!;
      const endTag = source.lastIndexOf('</', at);
      const name = /^<\/([^\s>]*)/.exec(source.slice(endTag))?.[1];
      return { detail: `<${closed.element.name}> (${lineAndColumn(source, closed.at)}) is closed by </${name}>`, index: endTag };
    }
    case 'weird empty close tag.':
      return { detail: '"</" must be followed by the name of the element it closes', index: source.lastIndexOf('</', at) };
    case 'disallowed character in closing tag.':
      return { detail: 'an end tag must end with ">" after its name', index: at };
    case 'text data outside of root node.': {
      const stray = reading.markupEnd + source.slice(reading.markupEnd).search(/[^ \t\r\n]/);
      if (source.startsWith('<![CDATA[', stray)) return { detail: 'CDATA outside the root element', index: stray };
      const place = reading.root ? `after the root element </${reading.root.name}>` : 'before the root element';
      return { detail: `text ${place}: ${quoted(source.slice(stray).split('<')[0]!.replace(/[ \t\r\n]+$/, ''))}`, index: stray };
    }
    case 'documents may contain only one root.':
      return { detail: `a second element <${tag?.name}> after the root element </${reading.root?.name}>`, index: tag?.at ?? at };
    case 'document must contain a root element.':
      return { detail: /^[ \t\r\n]*$/.test(source) ? 'the document is empty' : 'no root element' };
    case 'the string "]]>" is disallowed in char data.':
      return { detail: '"]]>" in text (write ]]&gt;)', index: at - 2 };
    case 'malformed comment.':
      return { detail: '"--" inside a comment (a comment ends at the first "--", which must be followed by ">")', index: at - 2 };
    case 'incorrect syntax.':
      return { detail: '"<!" starts neither a comment (<!--) nor CDATA (<![CDATA[)', index: source.lastIndexOf('<!', at) };
    case 'disallowed character in processing instruction name.':
      return { detail: `${shown} is not allowed in a processing instruction name (a name without ":")`, index: at };
    case 'invalid attempt to undefine prefix in XML 1.0':
      return { detail: `a prefix${inTag} cannot be declared with an empty URI in XML 1.0 (write xmlns:prefix="a URI")`, index: tag?.at ?? at };
    case 'processing instruction without a target.':
      return { detail: '"<?" must be followed by a processing instruction name', index: source.lastIndexOf('<?', at) };
    case 'the XML declaration must appear at the start of the document.':
    case 'an XML declaration must be at the start of the document.': {
      const declaration = source.lastIndexOf('<?', at);
      if (declaration === 0) return { detail: `malformed XML declaration ${DECLARATION_EXAMPLE}`, index: 0 };
      return { detail: 'the XML declaration <?xml ...?> is only allowed at the very start of the document', index: declaration };
    }
  }
  // The rest (namespace URI rules, processing instruction details) are clear as saxes words them.
  return { detail: message.replace(/\.$/, ''), index: at };
}

/** What was left open when the document ended, innermost first. */
function leftOpen(source: string, reading: ReadingState): Described {
  const lt = source.indexOf('<', reading.markupEnd);
  if (source.startsWith('<!--', lt)) return { detail: 'comment is never closed with -->', index: lt };
  if (source.startsWith('<![CDATA[', lt)) return { detail: 'CDATA section is never closed with ]]>', index: lt };
  if (source.startsWith('<?', lt)) return { detail: 'processing instruction is never closed with ?>', index: lt };
  if (reading.startTag) return { detail: `the document ends inside the tag <${reading.startTag.name}>`, index: source.length };
  const innermost = reading.open.at(-1);
  if (innermost) return { detail: `<${innermost.element.name}> opened at ${lineAndColumn(source, innermost.at)} is never closed` };
  return { detail: 'the document ends inside markup', index: lt };
}

/**
 * Where the first "&" after `from` that starts no reference is, if there is
 * one before any markup that reads "&" as a plain character (comment, CDATA, PI).
 */
function bareAmpersand(source: string, from: number): number | undefined {
  for (let amp = source.indexOf('&', from); amp >= 0; amp = source.indexOf('&', amp + 1)) {
    if (/<!--|<!\[CDATA\[|<\?/.test(source.slice(from, amp))) return undefined;
    REFERENCE.lastIndex = amp;
    if (!REFERENCE.test(source)) return amp;
  }
  return undefined;
}

/** The name of the attribute that ends just before `at` in the start tag `tag` ("loop" in `<Say loop=2`). */
function attributeBefore(source: string, tag: ReadingState['startTag'], at: number): string {
  const written = source.slice(tag?.at ?? 0, at);
  return /([^\s="'<>\/]+)[ \t\r\n]*=?[ \t\r\n]*$/.exec(written)?.[1] ?? '';
}

/** "line 3, column 12" for an offset; only computed for a failure, so it may be slow. */
export function lineAndColumn(source: string, index: number): string {
  const lines = source.slice(0, index).split(/\r\n?|\n/);
  return `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}

/** A short quote of `text` for a message, invisible characters spelled out as \u{...}. */
function quoted(text: string): string {
  const short = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  const visible = short.replace(/[^\P{C}]|[^\P{Z} ]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return `"${visible}"`;
}
