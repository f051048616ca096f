// Where the xmldom-based parser was not XML, and Twilio's parser is, the new
// one (saxes) follows XML, and in two corners of processing instructions and
// namespace declarations saxes is the lenient one. Documents that touch one of these differences are left out
// of the differential comparison; each test errs on the wide side, leaving out
// some documents that would agree rather than letting one that differs in.

/** Spans XML reads as plain characters: CDATA sections, comments and processing instructions. */
const LITERAL_SPANS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const CHARACTER_REFERENCE = /&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;

function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

const KNOWN_DIFFERENCES: Array<[string, (document: string) => boolean]> = [
  ['"&" in CDATA, a comment or a PI is a plain character (the old bare-ampersand pre-check refused it)', (d) => (d.match(LITERAL_SPANS) ?? []).some((span) => span.includes('&'))],
  ['"]]>" outside CDATA is not allowed in text (xmldom let it through)', (d) => d.replace(LITERAL_SPANS, '').includes(']]>')],
  ['a reference to a character XML does not allow, such as &#0; (xmldom produced it)', (d) =>
    [...d.matchAll(CHARACTER_REFERENCE)].some(([, hex, decimal]) => !isXmlCharacter(Number.parseInt(hex ?? decimal ?? '', hex ? 16 : 10)))],
  ['in a tag, "/" is only allowed right before its ">" (xmldom let "<Say/ >", "<Say//>" and "<Say a /=\'1\'/>" through)', hasStraySlashInTag],
  ['an end tag after the root element closes nothing (xmldom let a repeat of the root\'s through)', hasStrayRootEndTag],
  ['only space, tab, CR and LF may follow the root element (xmldom took any Unicode space there)', (d) => {
    const tail = d.slice(d.lastIndexOf('>') + 1);
    return /^\s*$/.test(tail) && /[^ \t\r\n]/.test(tail);
  }],
  ['U+0085, U+2028 and U+2029 are not line breaks in XML 1.0 (xmldom read them as XML 1.1 does)', (d) => /[\u0085\u2028\u2029]/.test(d)],
  ['a DOCTYPE is refused (xmldom read it)', (d) => d.includes('<!DOCTYPE')],
  ['a processing instruction target has no ":" (Namespaces in XML, section 7: saxes refuses "<?a:b ?>", xmldom read it)', (d) => /<\?[^\s?>]*:/.test(d)],
  ['saxes reads "?" right after a processing instruction target as its data ("<?pi??>"), where XML wants a space first', (d) => /<\?[^\s?]+\?(?!>)/.test(d)],
  ['saxes takes a prefix or local name that starts like no name ("xmlns:-a", "x:1"), where xmldom refused it', hasBadLocalName],
  ['a byte order mark at the start is the encoding signature XML allows (xmldom refused it as text)', (d) => d.startsWith('\uFEFF')],
  ['a C0 control character, U+FFFE, U+FFFF or half a surrogate pair is not an XML character (xmldom let it through)', (d) =>
    /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(d)],
];

/** In some tag (quoted values aside, to the next "<" or ">"), a name with a ":" followed by a character no name starts with. */
function hasBadLocalName(document: string): boolean {
  return (document.match(/<[^<>]*/g) ?? []).some((tag) => /[^\s<>\/"'=]:[-.0-9\u00B7\u0300-\u036F\u203F\u2040]/.test(tag.replace(/"[^"]*"|'[^']*'/g, '')));
}

/** A "/" in a start tag, outside its quoted values, that is not followed by ">". */
function hasStraySlashInTag(document: string): boolean {
  const markup = document.replace(LITERAL_SPANS, '');
  for (let i = markup.indexOf('<'); i >= 0; i = markup.indexOf('<', i + 1)) {
    if (!/[A-Za-z_:]/.test(markup[i + 1] ?? '')) continue;
    let quote = '';
    for (let j = i + 1; j < markup.length; j++) {
      const c = markup[j];
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>' || c === '<') break;
      else if (c === '/' && markup[j + 1] !== '>') return true;
    }
  }
  return false;
}

/** More end tags named like the first element than start tags that need one. */
function hasStrayRootEndTag(document: string): boolean {
  const markup = document.replace(LITERAL_SPANS, '');
  const root = /<([^\s/>!?]+)/.exec(markup)?.[1];
  if (!root) return false;
  const name = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const starts = markup.match(new RegExp(`<${name}(?:\\s[^<>]*)?(?<!/)>`, 'g'))?.length ?? 0;
  const ends = markup.match(new RegExp(`</${name}[\\s>]`, 'g'))?.length ?? 0;
  return ends > starts;
}

/** Which known difference `document` touches, if any. */
export const knownDifference = (document: string): string | undefined => KNOWN_DIFFERENCES.find(([, applies]) => applies(document))?.[0];
