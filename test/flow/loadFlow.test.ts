import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { loadFlowFile } from '../../src/flow/load';
import { parseFlow } from '../../src/flow/validate';
import { FlowError } from '../../src/flow/problem';
import { flowJsonSchema } from '../../src/flow/jsonSchema';
import { SCHEMA_FILE } from '../../src/cli/commands/schema';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// The wrong flows are the fixed copy of the menu, broken on purpose: their messages name its keys, nodes and
// lines of text, which an editor's change of the shipped menu must not move (test/support/fixedMenu.ts).
const goodText = readFileSync(FIXED_FLOW_FILE, 'utf8');
const good = () => JSON.parse(goodText);

function errorFor(mutate: (flow: any) => void): FlowError {
  const flow = good();
  mutate(flow);
  try {
    parseFlow(JSON.stringify(flow, null, 2), 'flows/broken.json');
  } catch (err) {
    if (err instanceof FlowError) return err;
    throw err;
  }
  throw new Error('the broken flow was accepted');
}

describe('the Klarna Italia flow file', () => {
  it('loads and offers both lines with the documented numbers', () => {
    const flow = loadFlowFile(DEFAULT_FLOW_FILE);
    expect(flow.lines.consumer?.number).toBe('+390237921240');
    expect(flow.lines.merchant?.number).toBe('+390237921250');
  });

  it('matches the committed JSON Schema that editors use (regenerate with `npx ivr schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(flowJsonSchema());
  });
});

describe('a wrong flow file is refused with the file, the JSON path and the fix', () => {
  it('invalid JSON: line and column', () => {
    const text = goodText.replace('"defaultLanguage": "it",', '"defaultLanguage": "it"');
    expect(() => parseFlow(text, 'flows/broken.json')).toThrow(/flows\/broken\.json[\s\S]*not valid JSON at line 10, column 3/);
  });

  it('a missing node reference', () => {
    const err = errorFor((f) => (f.nodes['consumer-menu'].options[1].next = 'operatore'));
    expect(err.message).toContain('flows/broken.json');
    expect(err.message).toContain('at nodes.consumer-menu.options[1].next, line 180: refers to node "operatore", which does not exist');
    expect(err.message).toMatch(/fix: add a node "operatore" under "nodes"/);
  });

  it('a phone number that is not E.164', () => {
    const err = errorFor((f) => (f.lines.merchant.number = '02 3792 1250'));
    expect(err.message).toContain('at lines.merchant.number, line 23: must be an E.164 phone number');
    expect(err.message).toContain('(found "02 3792 1250")');
  });

  it('a prompt missing one of the languages', () => {
    const err = errorFor((f) => delete f.nodes.goodbye.prompt[0].en);
    expect(err.message).toContain('at nodes.goodbye.prompt[0], line 726: has no "en" text');
  });

  it('a key offered twice in one menu: where the key already leads, and the keys still free', () => {
    const err = errorFor((f) => (f.nodes['merchant-menu'].options[1].key = '1'));
    expect(err.message).toContain('at nodes.merchant-menu.options[1].key, line 483: key "1" is already offered by options[0], which leads to "merchant-operator-hours"');
    expect(err.message).toContain('fix: give each option of a menu its own key; keys not yet offered here: 2, 3, 4, 5, 6, 7, 8, 0, #');
  });

  it('an option added to the consumer menu with a key it already offers: the key, where it leads, the keys free', () => {
    const err = errorFor((f) => f.nodes['consumer-menu'].options.push({ key: '4', next: 'goodbye' }));
    expect(err.message).toMatch(/at nodes\.consumer-menu\.options\[7\]\.key, line 203: key "4" is already offered by options\[3\], which leads to "consumer-written"\n\s+fix: give each option of a menu its own key; keys not yet offered here: 6, 7, 8, 0, #/);
  });

  it('a misspelt property', () => {
    const err = errorFor((f) => {
      f.nodes.goodbye.promt = f.nodes.goodbye.prompt;
      delete f.nodes.goodbye.prompt;
    });
    expect(err.message).toMatch(/at nodes\.goodbye, line 723: has "promt", which does not belong here[\s\S]*fix: rename "promt" to "prompt", or remove it: the names allowed here are "type" and "prompt"/);
  });

  it('a misspelt property beside the one it would be renamed to: removed, not renamed (that would give "prompt" twice)', () => {
    const err = errorFor((f) => (f.nodes.goodbye.promt = f.nodes.goodbye.prompt));
    expect(err.message).toMatch(/at nodes\.goodbye, line 723: has "promt", which does not belong here\n\s+fix: remove "promt" \("prompt" is there already\): the names allowed here are "type" and "prompt"/);
  });

  it('an unknown time zone and an inverted opening range', () => {
    const err = errorFor((f) => {
      f.hours.timeZone = 'Europe/Roma';
      f.hours.weekly.mon = [{ open: '17:00', close: '09:00' }];
    });
    expect(err.message).toContain('at hours.timeZone, line 30: "Europe/Roma" is not a known time zone');
    expect(err.message).toContain('at hours.weekly.mon[0], line 33: opens at 17:00 but closes at 09:00');
  });

  it('a node no call can reach', () => {
    const err = errorFor((f) => (f.nodes.orphan = { type: 'hangup' }));
    expect(err.message).toContain('at nodes.orphan, line 732: no call can reach node "orphan"');
  });

  it('a file that does not exist', () => {
    expect(() => loadFlowFile('flows/nope.json')).toThrow(/flows\/nope\.json[\s\S]*cannot be read[\s\S]*IVR_FLOW_FILE/);
  });
});

describe('what Twilio and JSON would silently get wrong is refused at load', () => {
  // Twilio documents the most text one <Say> takes, per kind of voice, in its
  // warning 13521 (https://www.twilio.com/docs/api/errors/13521): Polly voices
  // 3,000 UTF-8 single-byte characters. The flow's voices are Polly ones.
  const sentence = (bytes: number, letter = 'a') => letter.repeat(bytes / Buffer.byteLength(letter));
  it('a sentence of exactly 3,000 bytes passes; 3,002 (an accented letter counts twice) is refused', () => {
    expect(() =>
      parseFlow(JSON.stringify({ ...good(), errorPrompt: [{ it: sentence(3000), en: 'Sorry.' }] }), 'flows/broken.json'),
    ).not.toThrow();
    const err = errorFor((f) => (f.errorPrompt = [{ it: sentence(3002, 'è'), en: 'Sorry.' }]));
    expect(err.message).toContain(`at errorPrompt[0].it, line 122: is 3,002 bytes long, more than Twilio's <Say> takes with Polly voices such as "Polly.Bianca": 3,000 (Twilio warning 13521)`);
  });

  // The same page: "The URL-encoded string cannot exceed 4500 characters", whatever the voice. It does not say how
  // a space is encoded, so the longer form counts: "%20", three characters.
  it('a sentence of 4,500 characters once URL-encoded passes; 4,501 is refused, though under 3,000 bytes', () => {
    expect(() =>
      parseFlow(JSON.stringify({ ...good(), errorPrompt: [{ it: 'a '.repeat(1125), en: 'Sorry.' }] }), 'flows/broken.json'),
    ).not.toThrow();
    const err = errorFor((f) => (f.errorPrompt = [{ it: `${'a '.repeat(1125)}a`, en: 'Sorry.' }]));
    expect(err.message).toContain(
      `at errorPrompt[0].it, line 122: is 4,501 characters long once URL-encoded (a space is 3, an accented letter 6), more than Twilio's <Say> takes: 4,500 (Twilio warning 13521)`,
    );
    expect(err.message).toContain('split it into several sentences of the prompt');
  });

  it('a name spelt with escapes is still the name: "\\u005f_proto__" is refused like "__proto__"', () => {
    const text = goodText.replace('"goodbye": {', '"\\u005f_proto__": {');
    expect(() => parseFlow(text, 'flows/broken.json')).toThrow(/at nodes\.__proto__: uses the name "__proto__" \(at line \d+, column 5\)/);
  });

  it('a name given twice at the top level: both places', () => {
    const text = goodText.replace('"defaultLanguage": "it",', '"defaultLanguage": "it",\n  "defaultLanguage": "en",');
    expect(() => parseFlow(text, 'flows/broken.json')).toThrow(
      /at defaultLanguage: "defaultLanguage" is given twice in the same object, at line 9, column 3 and at line 10, column 3: JSON keeps only the second, silently/,
    );
  });
});
