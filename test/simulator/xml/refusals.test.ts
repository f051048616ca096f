// Every way a TwiML answer can fail to be XML, with the 12100 message the
// developer sees in the call's transcript: what is wrong, how to write it,
// and where (line and column of the fault).

import { describe, expect, it } from 'vitest';
import { parseTwiml } from '../../../src/simulator/twimlDocument';
import { call } from '../fakeApp';

const refusal = (message: string) => ({ ok: false, code: 12100, message: `Document parse failure: ${message}` });

describe('a TwiML answer that is not well-formed XML is refused with 12100 and says why', () => {
  it.each([
    // Escaping, the usual mistake in a template.
    ['a bare "&" in text', '<Response><Say>Fish & chips</Say></Response>', 'unescaped "&" (write &amp;) at line 1, column 21'],
    ['a bare "&" in a URL attribute', '<Response><Gather action="/next?lang=it&step=2"/></Response>', 'unescaped "&" (write &amp;) at line 1, column 40'],
    ['an HTML entity', '<Response><Say>Prezzo: 10&euro;</Say></Response>', 'unknown entity "&euro;" (XML has only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#233;) at line 1, column 26'],
    ['a character reference without digits', '<Response><Say>&#x;</Say></Response>', 'character reference "&#x;" is malformed or not a character XML allows (write &#233; or &#xE9;) at line 1, column 16'],
    ['a reference to NUL', '<Response><Say>&#0;</Say></Response>', 'character reference "&#0;" is malformed or not a character XML allows (write &#233; or &#xE9;) at line 1, column 16'],
    ['a reference to half a surrogate pair', '<Response><Say>&#xD800;</Say></Response>', 'character reference "&#xD800;" is malformed or not a character XML allows (write &#233; or &#xE9;) at line 1, column 16'],
    ['a bare "<" in text', '<Response><Say>1 < 2</Say></Response>', 'unescaped "<" (write &lt;) at line 1, column 18'],
    ['a "<" in an attribute', '<Response><Say voice="<alice>">hi</Say></Response>', 'unescaped "<" in an attribute value in <Say> (write &lt;, or close the value with its quote) at line 1, column 23'],
    ['"]]>" in text', '<Response><Say>a]]>b</Say></Response>', '"]]>" in text (write ]]&gt;) at line 1, column 17'],
    // Attributes.
    ['an unquoted attribute', '<Response><Say loop=2>hi</Say></Response>', 'the value of attribute "loop" in <Say> must be quoted (write loop="...") at line 1, column 21'],
    ['an attribute without a value', '<Response><Record playBeep/></Response>', 'attribute "playBeep" in <Record> has no value (write playBeep="...") at line 1, column 19'],
    ['a repeated attribute', '<Response><Say loop="2" voice="alice" loop="3">hi</Say></Response>', 'attribute "loop" appears twice in <Say> at line 1, column 11'],
    ['attributes run together', '<Response><Say loop="2"voice="alice">hi</Say></Response>', 'attributes in <Say> must be separated by a space at line 1, column 24'],
    ['an attribute value never closed', '<Response><Say voice="alice>hi</Say></Response>', 'unescaped "<" in an attribute value in <Say> (write &lt;, or close the value with its quote) at line 1, column 31'],
    ['"/ >" closing an empty element', '<Response><Hangup/ ></Response>', '"/" in <Hangup> must be followed directly by ">" at line 1, column 18'],
    // Structure.
    ['a mismatched end tag', '<Response><Say>hi</Response>', '<Say> (line 1, column 11) is closed by </Response> at line 1, column 18'],
    ['an end tag in another case', '<Response><Say>hi</say></Response>', '<Say> (line 1, column 11) is closed by </say> at line 1, column 18'],
    [
      'a <Gather> left open, on the line where it opened',
      '<?xml version="1.0"?>\n<Response>\n  <Gather>\n    <Say>Premi 1</Say>\n  </Response>',
      '<Gather> (line 3, column 3) is closed by </Response> at line 5, column 3',
    ],
    ['a document cut short', '<Response><Say>hi</Say>', '<Response> opened at line 1, column 1 is never closed'],
    ['a document cut inside a tag', '<Response><Say voice="a"', 'the document ends inside the tag <Say> at line 1, column 25'],
    ['an end tag that closes nothing', '<Response><Say>hi</Say></Response></Response>', 'end tag </Response> closes no open element at line 1, column 35'],
    ['text after the root element', '<Response><Hangup/></Response>\nthanks', 'text after the root element </Response>: "thanks" at line 2, column 1'],
    ['text before the root element', 'OK <Response/>', 'text before the root element: "OK" at line 1, column 1'],
    ['a second element after the root', '<Response/><Say>hi</Say>', 'a second element <Say> after the root element </Response> at line 1, column 12'],
    ['a root other than <Response>', '<response><Say>hi</Say></response>', 'root element is <response>, not <Response>'],
    ['an empty body', '', 'the document is empty'],
    ['only whitespace', ' \n ', 'the document is empty'],
    ['only a declaration', '<?xml version="1.0"?>', 'no root element'],
    // Declarations, comments, CDATA, PIs.
    ['a DOCTYPE', '<!DOCTYPE Response [<!ENTITY a "aaaa">]><Response/>', 'a DOCTYPE is not accepted (TwiML needs none, and DTD entities are a way to attack XML parsers) at line 1, column 1'],
    ['whitespace before the XML declaration', ' <?xml version="1.0"?><Response/>', 'the XML declaration <?xml ...?> is only allowed at the very start of the document at line 1, column 2'],
    ['an XML declaration in capitals', '<?XML version="1.0"?><Response/>', 'malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8"?>) at line 1, column 1'],
    ['an XML declaration without a version', '<?xml encoding="UTF-8"?><Response/>', 'malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8"?>) at line 1, column 1'],
    ['"--" inside a comment', '<Response><!-- old -- menu --></Response>', '"--" inside a comment (a comment ends at the first "--", which must be followed by ">") at line 1, column 20'],
    ['a comment never closed', '<Response><!-- <Say>hi</Say></Response>', 'comment is never closed with --> at line 1, column 11'],
    ['a comment after the root never closed', '<Response/>\n<!-- end', 'comment is never closed with --> at line 2, column 1'],
    ['CDATA outside the root', '<![CDATA[hi]]><Response/>', 'CDATA outside the root element at line 1, column 1'],
    ['CDATA never closed', '<Response><Say><![CDATA[hi</Say></Response>', 'CDATA section is never closed with ]]> at line 1, column 16'],
    ['"<!" that starts nothing XML knows', '<Response><!ELEMENT Say ANY></Response>', '"<!" starts neither a comment (<!--) nor CDATA (<![CDATA[) at line 1, column 11'],
    ['a processing instruction without a name', '<Response><? ?></Response>', '"<?" must be followed by a processing instruction name at line 1, column 11'],
    ['a processing instruction never closed', '<Response><?php echo 1; </Response>', 'processing instruction is never closed with ?> at line 1, column 11'],
    // Names and characters.
    ['a ":" in a processing instruction name', '<Response><?a:b c?></Response>', '":" is not allowed in a processing instruction name (a name without ":") at line 1, column 14'],
    ['a prefix declared empty', '<Response xmlns:a=""/>', 'a prefix in <Response> cannot be declared with an empty URI in XML 1.0 (write xmlns:prefix="a URI") at line 1, column 1'],
    ['an undeclared prefix on an element', '<Response><Say><amazon:effect name="whispered">psst</amazon:effect></Say></Response>', 'the prefix "amazon" in <amazon:effect> is not declared (add xmlns:amazon="...") at line 1, column 16'],
    ['an undeclared prefix on an attribute', '<Response><Say amazon:x="1">psst</Say></Response>', 'the prefix "amazon" in <Say> is not declared (add xmlns:amazon="...") at line 1, column 11'],
    ['a name with two colons', '<Response><a:b:c xmlns:a="urn:a"/></Response>', '"a:b:c" is not a valid XML name (a name has at most one ":", between a prefix and a local name) at line 1, column 11'],
    ['a name with a character no name has', '<Response><Say×2>hi</Say×2></Response>', '"×" is not allowed in a tag name (after <Say) at line 1, column 15'],
    ['a control character', '<Response><Say>a\u000Bb</Say></Response>', 'character U+000B is not allowed in XML at line 1, column 17'],
    ['half a surrogate pair', '<Response><Say>\uD83D</Say></Response>', 'character U+D83D is not allowed in XML at line 1, column 16'],
    ['bytes that were not UTF-8', '<Response><Say>perch\uFFFD</Say></Response>', 'replacement character U+FFFD: the answer is probably not valid UTF-8 at line 1, column 21'],
  ])('%s', (_case, body, message) => {
    expect(parseTwiml(body)).toEqual(refusal(message));
  });

  it('ends the simulated call with that message as its error', async () => {
    const result = await call({ '/voice': () => new Response('<Response><Say>Fish & chips</Say></Response>', { headers: { 'content-type': 'text/xml' } }) });
    expect(result.outcome).toEqual({
      kind: 'error',
      code: 12100,
      message: 'Document parse failure: unescaped "&" (write &amp;) at line 1, column 21',
      url: 'http://ivr.test/voice',
    });
  });
});
