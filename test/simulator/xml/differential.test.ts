// The simulator's TwiML reading (saxes) must accept and refuse what the
// xmldom-based parser of the first simulator did, and read the same element
// data, except where one of them is not XML: those few known differences are
// listed in knownDifferences.ts, each with the new behaviour pinned by a test in
// refusals.test.ts or reading.test.ts.
//
// A fixed seed: the same documents every run, so a failure can be replayed.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTwiml } from '../../../src/simulator/twimlDocument';
import { knownDifference } from './knownDifferences';
import { markupSoup, twimlLikeDocument } from './twimlLike';
import { xmldomParseTwiml } from './xmldomTwiml';

/** 20,000 documents through both parsers: seconds on a busy machine, more than vitest's default 5. */
const PROPERTY_TIMEOUT = 60_000;
const CORPUS = path.resolve(__dirname, '../../fixtures/twiml-corpus');

/** What a caller of parseTwiml can observe, less the failure's wording, which is new. */
function observable(body: string, parse: typeof parseTwiml) {
  const parsed = parse(body);
  return parsed.ok ? { ok: true, verbs: parsed.verbs } : { ok: false, code: parsed.code };
}

describe('the TwiML parser agrees with the xmldom-based one it replaced', () => {
  it('on generated TwiML-like documents, well-formed and broken', () => {
    const seen = { accepted: 0, refused: 0, leftOut: 0 };
    fc.assert(
      fc.property(twimlLikeDocument, (body) => {
        if (knownDifference(body)) {
          seen.leftOut++;
          return;
        }
        const expected = observable(body, xmldomParseTwiml);
        expect(observable(body, parseTwiml), JSON.stringify(body)).toEqual(expected);
        seen[expected.ok ? 'accepted' : 'refused']++;
      }),
      { seed: 20261124, numRuns: 20_000 },
    );
    // The comparison means something only if both outcomes are common and few documents are left out.
    expect(seen.accepted).toBeGreaterThan(4_000);
    expect(seen.refused).toBeGreaterThan(4_000);
    expect(seen.leftOut).toBeLessThan(2_000);
  }, PROPERTY_TIMEOUT);

  it('on markup soup, nearly all of it refused', () => {
    let compared = 0;
    fc.assert(
      fc.property(markupSoup, (body) => {
        if (knownDifference(body)) return;
        expect(observable(body, parseTwiml), JSON.stringify(body)).toEqual(observable(body, xmldomParseTwiml));
        compared++;
      }),
      { seed: 20261124, numRuns: 20_000 },
    );
    expect(compared).toBeGreaterThan(10_000);
  }, PROPERTY_TIMEOUT);

  it.each(readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.twiml')))(
    'on Twilio documentation corpus file %s',
    (file) => {
      const body = readFileSync(path.join(CORPUS, file), 'utf8');
      expect(observable(body, parseTwiml)).toEqual(observable(body, xmldomParseTwiml));
    },
  );

  it('leaves a generated document out only for a listed difference, where the two parsers do disagree', () => {
    for (const [reason, body] of [
      ['"&" in CDATA', '<Response><Say><![CDATA[Fish & chips]]></Say></Response>'],
      ['"]]>" outside CDATA', '<Response><Say>a]]>b</Say></Response>'],
      ['&#0;', '<Response><Say>&#0;</Say></Response>'],
      ['"/ >"', '<Response><Hangup/ ></Response>'],
      ['"//>"', '<Response><Hangup//></Response>'],
      ['"/" before "="', '<Response><Say loop /="2"/></Response>'],
      ['a no-break space after the root', '<Response/>\u00a0'],
      ['a repeated end tag', '<Response></Response></Response>'],
      ['an end tag after a self-closed root', '<Response/></Response>'],
      ['NEL', '<Response/>\u0085'],
      ['DOCTYPE', '<!DOCTYPE Response><Response/>'],
      ['half an emoji', '<Response><Say>\ud83d</Say></Response>'],
      ['a ":" in a PI target', '<Response><?a:b c?></Response>'],
      ['"?" right after a PI target', '<Response><?pi??></Response>'],
      ['a prefix that is not a name', '<Response xmlns:-a="urn:a"/>'],
      ['a byte order mark', '\uFEFF<Response/>'],
    ] as const) {
      expect(knownDifference(body), reason).toBeDefined();
      expect(observable(body, parseTwiml).ok, reason).not.toBe(observable(body, xmldomParseTwiml).ok);
    }
  });
});
