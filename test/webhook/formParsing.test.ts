import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/webhook/readForm';

// readForm parses Twilio's form with its own fast parser; what the webhook
// reads from a body must stay exactly what URLSearchParams reads, for any
// body at all: same names, values, order, duplicates and oddities.

const reference = (body: string) => Object.fromEntries(new URLSearchParams(body));
const entries = (params: Record<string, string>) => ({ entries: Object.entries(params), prototype: Object.getPrototypeOf(params) as unknown });

const pieces = fc.constantFrom('&', '=', '+', '%', '?', '2', 'B', 'a', 'F', 'è', '😀', '\uD800', '\uDC00', '\uFEFF', ' ', '%2B', '%20', '%E2%82%AC', '%C3', '%ZZ', '%%', '__proto__', 'constructor', 'To', 'Digits');
const formLike = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseForm', () => {
  it("reads a Twilio webhook body as URLSearchParams does", () => {
    const body =
      'AccountSid=AC0123&CallSid=CA4567&Called=%2B390237921240&Caller=%2B393401234567&CallerCity=&Digits=3&FinishedOnKey=&msg=Gather+End&SpeechResult=s%C3%AC%2C+grazie';
    expect(parseForm(body)).toEqual({
      AccountSid: 'AC0123',
      CallSid: 'CA4567',
      Called: '+390237921240',
      Caller: '+393401234567',
      CallerCity: '',
      Digits: '3',
      FinishedOnKey: '',
      msg: 'Gather End',
      SpeechResult: 'sì, grazie',
    });
  });

  it('keeps "__proto__" as an own parameter and the last of repeated names', () => {
    const params = parseForm('__proto__=x&To=1&To=2');
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.entries(params)).toEqual([['__proto__', 'x'], ['To', '2']]);
  });

  it('equals URLSearchParams on form-like bodies full of edge cases', () => {
    fc.assert(
      fc.property(formLike, (body) => {
        expect(entries(parseForm(body))).toEqual(entries(reference(body)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals URLSearchParams on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (body) => {
        expect(entries(parseForm(body))).toEqual(entries(reference(body)));
      }),
      { numRuns: 5_000 },
    );
  });
});
