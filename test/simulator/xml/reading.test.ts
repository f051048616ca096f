// What the simulator reads out of the TwiML real apps send: the element data
// the verbs run on (names, attributes, children, text and ownText).

import { describe, expect, it } from 'vitest';
import { parseTwiml, type TwimlElement } from '../../../src/simulator/twimlDocument';
import { call, eventsOf } from '../fakeApp';

function verbs(body: string): TwimlElement[] {
  const parsed = parseTwiml(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.verbs;
}

const element = (name: string, attributes: Record<string, string> = {}, text = '', children: TwimlElement[] = [], ownText = text): TwimlElement => ({
  name,
  attributes,
  children,
  text,
  ownText,
});

describe('the TwiML parser reads', () => {
  it('a document as twilio-node writes it: declaration, one line, self-closing tags', () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" finishOnKey="" action="/api/voice/menu?lang=it&amp;tries=1" method="POST"><Say language="it-IT">Premi 1</Say></Gather><Redirect method="POST">/api/voice</Redirect><Pause length="2"/></Response>';
    expect(verbs(body)).toEqual([
      element('Gather', { input: 'dtmf', numDigits: '1', finishOnKey: '', action: '/api/voice/menu?lang=it&tries=1', method: 'POST' }, 'Premi 1', [element('Say', { language: 'it-IT' }, 'Premi 1')], ''),
      element('Redirect', { method: 'POST' }, '/api/voice'),
      element('Pause', { length: '2' }),
    ]);
  });

  it('a hand-written document: CR LF line breaks, indentation, comments, a PI, spaces around "=" and in tags', () => {
    const body = "<?xml version='1.0' standalone='yes' ?>\r\n<!-- menu -->\r\n<Response >\r\n  <?app v2?>\r\n  <Say voice = 'alice' loop\r\n=\"2\" >Ciao</Say >\r\n  <Hangup />\r\n</Response>\r\n<!-- end -->\r\n";
    expect(verbs(body)).toEqual([element('Say', { voice: 'alice', loop: '2' }, 'Ciao'), element('Hangup')]);
  });

  it('the five predefined entities and character references, decimal and hex, beyond the BMP too', () => {
    expect(verbs('<Response><Say>&lt;&gt;&amp;&quot;&apos; perch&#233; perch&#xE9; &#x1F4DE;</Say></Response>')[0]?.text).toBe('<>&"\' perché perché 📞');
  });

  it('CDATA as plain text, "&" and "<" included (the old parser refused a "&" even there)', () => {
    expect(verbs('<Response><Say><![CDATA[Fish & chips <3]]></Say></Response>')[0]?.text).toBe('Fish & chips <3');
  });

  it('a "&" in a comment or a processing instruction as nothing at all', () => {
    expect(verbs('<Response><!-- R&D --><?note a&b?><Hangup/></Response>')).toEqual([element('Hangup')]);
  });

  it('a byte order mark before the document, the encoding signature XML allows (the old parser refused it as text)', () => {
    expect(verbs('\uFEFF<?xml version="1.0"?><Response><Hangup/></Response>')).toEqual([element('Hangup')]);
  });

  it('two things XML refuses and saxes lets through, harmless to a call: "?" right after a PI name, and a prefix that is not a name', () => {
    expect(verbs('<Response><?pi??><Hangup/></Response>')).toEqual([element('Hangup')]);
    expect(verbs('<Response xmlns:-a="urn:a"><Hangup/></Response>')).toEqual([element('Hangup')]);
  });

  it('quotes of the other kind inside an attribute value', () => {
    expect(verbs(`<Response><Say a="it's" b='say "hi"'/></Response>`)[0]?.attributes).toEqual({ a: "it's", b: 'say "hi"' });
  });

  it('an attribute value with each line break or tab as one space, and &#10; as a line break', () => {
    expect(verbs('<Response><Play digits="1\r\n2\t3\n4&#10;5"/></Response>')[0]?.attributes).toEqual({ digits: '1 2 3 4\n5' });
  });

  it('SSML inside <Say>: text is everything said, ownText only what is directly inside', () => {
    const [say] = verbs('<Response><Say voice="Polly.Bianca">Ciao <break time="1s"/><emphasis level="strong">Klarna</emphasis>,\n   <prosody rate="slow">come <w>posso</w></prosody> aiutarti?</Say></Response>');
    expect(say?.text).toBe('Ciao Klarna, come posso aiutarti?');
    expect(say?.ownText).toBe('Ciao , aiutarti?');
    expect(say?.children.map((child) => [child.name, child.text])).toEqual([['break', ''], ['emphasis', 'Klarna'], ['prosody', 'come posso']]);
  });

  it('prefixed names as written, once the prefix is declared, and xml:lang without a declaration', () => {
    const [say] = verbs('<Response xmlns:amazon="http://amazon.example/ssml"><Say><amazon:effect name="whispered">psst</amazon:effect><lang xml:lang="it-IT">ciao</lang></Say></Response>');
    expect(say?.children).toEqual([element('amazon:effect', { name: 'whispered' }, 'psst'), element('lang', { 'xml:lang': 'it-IT' }, 'ciao')]);
  });

  it('attribute names that are also Object.prototype names as ordinary attributes', () => {
    expect(verbs('<Response><Say constructor="a" __proto__="b" toString="c"/></Response>')[0]?.attributes).toEqual(
      Object.defineProperty({ constructor: 'a', toString: 'c' }, '__proto__', { value: 'b', enumerable: true }),
    );
  });

  it('a document nested ten thousand levels deep, without running out of stack', () => {
    const depth = 10_000;
    const [say] = verbs(`<Response><Say>${'<p>'.repeat(depth)}deep${'</p>'.repeat(depth)}</Say></Response>`);
    expect(say?.text).toBe('deep');
  });

  it('so a CDATA "&" is said, where it used to end the call with 12100', async () => {
    const result = await call({ '/voice': () => new Response('<Response><Say><![CDATA[Fish & chips]]></Say></Response>', { headers: { 'content-type': 'text/xml' } }) });
    expect(eventsOf(result, 'say').map((say) => say.text)).toEqual(['Fish & chips']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });
});
