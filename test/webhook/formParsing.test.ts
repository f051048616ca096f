import { describe, expect, it } from 'vitest';
import { parseForm, type FormParams } from '../../src/webhook/readForm';

// What the webhook reads of Twilio's form body: its names and values decoded,
// and of a repeated name the last value, never an object's inherited keys.

const pairsOf = (params: FormParams) => params.names.map((name, i) => [name, params.values[i]]);

describe('parseForm', () => {
  it('reads a Twilio webhook body: + as a space, escapes decoded', () => {
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
});
