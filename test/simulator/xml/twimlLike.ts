// Generated documents for the differential test. TwiML-like ones: written in
// every way XML allows (declaration, comments, PIs, CDATA, entities, quoting,
// spacing, self-closing tags, SSML inside <Say>, prefixed names), with now and
// then a slip where templates go wrong (a bare "&", an unquoted or repeated
// attribute, a mismatched or missing end tag), and for about half of them a few
// random edits on top. And markup soup: fragments of markup in any order, nearly
// always broken, to compare how the parsers refuse what no template would write.

import fc from 'fast-check';

const ELEMENTS = ['Say', 'Play', 'Gather', 'Dial', 'Number', 'Pause', 'Redirect', 'Hangup', 'break', 'emphasis', 'prosody', 'say-as', 'p', 's', 'w', 'sub', 'lang', 'amazon:effect', 'x:y'];
const ATTRIBUTES = ['voice', 'language', 'loop', 'action', 'method', 'numDigits', 'timeout', 'input', 'interpret-as', 'xml:lang', 'amazon:name', 'a', 'b.c', '_d'];

/** Character data: words, spacing (CR LF included), entities and references, and the characters markup is made of. */
const textPiece = fc.constantFrom(
  'Benvenuti', 'in', 'Klarna', 'press 1', ' ', '  ', '\n', '\t', '\r\n', '\r', '\u00a0',
  '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#233;', '&#xE9;', '&#x1F600;', '&#10;', '&#32;', '&#0065;',
  '>', '"', "'", '=', '/', ';', '?', '!', ':', '-', '#', 'è', '€', '😀', '0',
);

/** Mostly `good`, now and then one of the slips: one fault at a place a template gets wrong. */
function slip<T>(good: fc.Arbitrary<T>, ...slips: Array<fc.Arbitrary<T>>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: good, weight: 12 * slips.length }, ...slips.map((arbitrary) => ({ arbitrary, weight: 1 })));
}

const text = slip(
  fc.array(textPiece, { maxLength: 8 }).map((pieces) => pieces.join('')),
  fc.constantFrom('Fish & chips', '1 < 2', '&nbsp;', '&#65', '&#x;', 'R&D;'),
);
/** Inside CDATA, comments and PIs "&" and "]" are left out: see knownDifferences.ts. */
const rawPiece = fc.constantFrom('a', 'b', ' ', '\n', '<', '>', '<Say>', '"', "'", '=', '/', '?', '!', 'è', '😀');
const raw = fc.array(rawPiece, { maxLength: 6 }).map((pieces) => pieces.join(''));

const space = fc.constantFrom(' ', '  ', '\n', '\t', '\r\n ');
const optionalSpace = fc.constantFrom('', '', '', ' ', '\n');

const attribute = fc
  .record({
    name: fc.constantFrom(...ATTRIBUTES),
    value: text,
    quote: slip(fc.constantFrom('"', "'"), fc.constant('')),
    before: slip(space, fc.constant('')),
    equals: slip(fc.tuple(optionalSpace, optionalSpace).map(([a, b]) => `${a}=${b}`), fc.constant('')),
  })
  .map(({ name, value, quote, before, equals }) => {
    const quoted = quote ? value.replaceAll(quote, quote === '"' ? '&quot;' : '&apos;') : value.replace(/[\s"'<>&]/g, '') || '2';
    return { name, written: `${before}${name}${equals}${quote}${quoted}${quote}` };
  });
const attributes = slip(
  fc.uniqueArray(attribute, { maxLength: 3, selector: (a) => a.name }),
  fc.array(attribute, { minLength: 2, maxLength: 4 }), // names may repeat
).map((list) => list.map((a) => a.written).join(''));

const misc = fc.oneof(
  space,
  raw.map((body) => `<!--${body.replaceAll('-', '')}-->`),
  fc.tuple(fc.constantFrom('pi', 'xml-stylesheet', 'php'), raw).map(([target, body]) => `<?${target} ${body.replaceAll('?>', '')}?>`),
);

const { node } = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    tie('element'),
    raw.map((body) => `<![CDATA[${body}]]>`),
    misc,
  ),
  element: fc
    .record({
      name: fc.constantFrom(...ELEMENTS),
      attributes,
      children: fc.array(tie('node'), { maxLength: 4 }),
      selfClosing: fc.constantFrom('/>', ' />', '></'),
      end: slip(
        optionalSpace.map((space) => (name: string) => `</${name}${space}>`),
        fc.constant((name: string) => `</${name.toLowerCase()}>`),
        fc.constant((name: string) => `</${name}`),
        fc.constant(() => ''),
      ),
    })
    .map(({ name, attributes, children, selfClosing, end }) =>
      children.length === 0 && selfClosing !== '></' ? `<${name}${attributes}${selfClosing}` : `<${name}${attributes}>${children.join('')}${end(name)}`,
    ),
}));

const wellFormed = fc
  .record({
    declaration: fc.constantFrom('', '', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n"),
    prolog: fc.array(misc, { maxLength: 2 }),
    root: slip(fc.constant('Response'), fc.constant('response'), fc.constant('Say')),
    namespaces: fc.constantFrom('', ' xmlns:amazon="https://amazon.example"', ' xmlns:x="urn:x" xmlns:amazon="urn:a"', ' xmlns="https://twilio.example"'),
    children: fc.array(node, { maxLength: 5 }),
    epilog: fc.array(misc, { maxLength: 2 }),
  })
  .map(({ declaration, prolog, root, namespaces, children, epilog }) => `${declaration}${prolog.join('')}<${root}${namespaces}>${children.join('')}</${root}>${epilog.join('')}`);

/**
 * A small edit at a relative position, the usual ways a hand-written or
 * templated answer goes wrong: a character or a few lost, something pasted in,
 * a piece repeated, the end cut off. "deleteNext" drops the next markup
 * character (space, quote, "=", "<"...) at or after the position.
 */
const edit = fc.record({
  // Unbiased: fast-check's default bias would put most edits at the very start or end.
  at: fc.noBias(fc.integer({ min: 0, max: 9_999 })).map((n) => n / 10_000),
  kind: fc.constantFrom('delete', 'delete', 'deleteNext', 'deleteNext', 'deleteNext', 'insert', 'insert', 'insert', 'duplicate', 'duplicate', 'truncate'),
  inserted: fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', '!', '?', '-', ';', '#', '&', 'a', ':', '\n', '<Say>', '</Say>', '<!--', '-->', '&amp', 'x="1"', 'amazon:'),
  length: fc.integer({ min: 1, max: 12 }),
});

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(document: string, { at, kind, inserted, length }: Edit): string {
  const i = Math.floor(at * document.length);
  if (kind === 'delete') return document.slice(0, i) + document.slice(i + length);
  if (kind === 'deleteNext') {
    const next = document.slice(i).search(/[\s"'=<>\/;&!?:-]/);
    return next < 0 ? document : document.slice(0, i + next) + document.slice(i + next + 1);
  }
  if (kind === 'insert') return document.slice(0, i) + inserted + document.slice(i);
  if (kind === 'duplicate') return document.slice(0, i + length) + document.slice(i);
  return document.slice(0, i);
}

export const twimlLikeDocument = fc
  .tuple(wellFormed, fc.oneof(fc.constant([]), fc.array(edit, { minLength: 1, maxLength: 3 })))
  .map(([document, edits]) => edits.reduce(applyEdit, document));

const fragment = fc.constantFrom(
  '<', '>', '/', '/>', '</', '"', "'", '=', ' ', '\n', '\r', '\t', '\u00a0', '!', '?', '-', ';', '#', '&', ']', '.', '_', ':', 'a', 'x', '1', 'è',
  'Say', 'Say>', '<Say', '</Say>', 'Response', '<Response>', '</Response>', 'xml', 'xmlns', 'xmlns:x', 'x:', '<x:a>', '</x:a>',
  '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '<?xml version="1.0"?>', '<!DOCTYPE',
  '&amp;', '&lt;', '&#', '&#65;', '&#1;', '&#x0;', '&#xD800;', '&#1114112;',
);
export const markupSoup = fc.array(fragment, { maxLength: 30 }).map((fragments) => fragments.join(''));
