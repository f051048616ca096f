import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm, type FormParams } from '../../src/webhook/readForm';

// readForm parses Twilio's form with its own fast parser; what the webhook
// reads from a body must stay exactly what URLSearchParams reads, for any
// body at all: same names, values, order, duplicates and oddities.

const pairsOf = (params: FormParams) => params.names.map((name, i) => [name, params.values[i]]);
const reference = (body: string) => [...new URLSearchParams(body)];

const pieces = fc.constantFrom('&', '=', '+', '%', '?', '2', 'B', 'a', 'F', 'è', '😀', '\uD800', '\uDC00', '\uFEFF', ' ', '%2B', '%20', '%E2%82%AC', '%C3', '%ZZ', '%%', '__proto__', 'constructor', 'To', 'Digits');
const formLike = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseForm', () => {
  it('reads a Twilio webhook body as URLSearchParams does', () => {
    const body =
      'AccountSid=AC0123&CallSid=CA4567&Called=%2B390237921240&Caller=%2B393401234567&CallerCity=&Digits=3&FinishedOnKey=&msg=Gather+End&SpeechResult=s%C3%AC%2C+grazie';
    expect(Object.fromEntries(pairsOf(parseForm(body)))).toEqual({
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

  it('gives the last of repeated names, and nothing for names never sent, "__proto__" and "constructor" included', () => {
    const params = parseForm('__proto__=x&To=1&To=2');
    expect(params.get('To')).toBe('2');
    expect(params.get('__proto__')).toBe('x');
    expect(params.get('constructor')).toBeUndefined();
    expect(params.get('toString')).toBeUndefined();
  });

  it('equals URLSearchParams on form-like bodies full of edge cases', () => {
    fc.assert(
      fc.property(formLike, (body) => {
        expect(pairsOf(parseForm(body))).toEqual(reference(body));
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals URLSearchParams on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (body) => {
        expect(pairsOf(parseForm(body))).toEqual(reference(body));
      }),
      { numRuns: 5_000 },
    );
  });
});
