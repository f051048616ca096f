import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { readSettings, resolveAgainstFlow } from '../../src/config/settings';
import type { CallState } from '../../src/engine/callState';
import type { Plan } from '../../src/engine/plan';
import { continueCall, speeches, startCall, type CallInput, type StepContext } from '../../src/engine/step';
import { loadFlowFile } from '../../src/flow/load';
import type { Flow } from '../../src/flow/schema';
import { buildTwiml } from '../../src/twiml/buildTwiml';
import { MAX_CACHED_DOCUMENTS, renderPlan } from '../../src/twiml/renderPlan';
import { continueUrl } from '../../src/webhook/voiceWebhook';
import { helperTwiml } from './helperTwiml';

// The webhook writes its TwiML itself (buildTwiml) rather than with twilio's
// VoiceResponse, and serves each distinct answer from memory after writing it
// once. What callers hear must not change for either: for every node of every
// flow, in every language, at every kind of instant and with every input, the
// document served equals the helper's, byte for byte, both when it is first
// written and when it comes from memory, with every other answer in memory
// beside it; and for any text at all, the writer escapes or refuses it exactly
// as the helper does.

const FLOWS_DIR = path.join(__dirname, '../../flows');
const flowFiles = readdirSync(FLOWS_DIR).filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'));

const ROME = 'Europe/Rome';
const INSTANTS = [
  '2026-11-24T10:00', // Tuesday, open
  '2026-11-24T18:30', // Tuesday evening, closed
  '2026-11-28T11:00', // Saturday
  '2026-12-08T10:00', // Immacolata Concezione
  '2026-12-25T10:00', // Christmas
  '2027-03-29T10:00', // Easter Monday
  '2026-03-29T02:30', // the hour that does not exist when clocks go forward
].map((iso) => DateTime.fromISO(iso, { zone: ROME }));
const CALLERS = ['+393401234567', '+441632960123', 'anonymous'];
const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];
const INPUTS: CallInput[] = [
  { kind: 'silence' },
  ...KEYS.map((digits) => ({ kind: 'keys' as const, digits })),
  ...['completed', 'busy', 'no-answer', 'failed', 'canceled'].map((status) => ({ kind: 'dial-ended' as const, status })),
  { kind: 'sms-result', sent: true },
  { kind: 'sms-result', sent: false },
];

/** Every answer the engine can give in this flow, each once. */
function everyPlan(flow: Flow): { plans: Plan[]; nodesVisited: Set<string> } {
  const { destinations } = resolveAgainstFlow(readSettings({}), flow);
  const plans = new Map<string, Plan>();
  const nodesVisited = new Set<string>();
  const keep = (make: () => Plan): void => {
    try {
      const plan = make();
      // A trailing send-sms is performed by the webhook, which renders what the engine answers next.
      if (plan.every((action) => action.kind !== 'send-sms')) plans.set(JSON.stringify(plan), plan);
    } catch {
      // A combination the flow cannot reach (e.g. a destination missing for a language); the webhook apologises then.
    }
  };
  for (const now of INSTANTS) {
    for (const caller of CALLERS) {
      for (const smsAvailable of [true, false]) {
        const ctx: StepContext = { flow, now, destinations, caller, dialled: '+390237921240', smsAvailable, trace: (event) => event.kind === 'enter' && nodesVisited.add(event.node) };
        for (const line of Object.keys(flow.lines)) {
          keep(() => startCall(ctx, line));
          for (const node of Object.keys(flow.nodes)) {
            for (const language of Object.keys(flow.languages)) {
              for (const tries of [0, 1, 2, 3]) {
                for (const smsSent of [false, true]) {
                  const state: CallState = { line, node, language, tries, ...(smsSent ? { smsSent } : {}) };
                  for (const input of INPUTS) keep(() => continueCall(ctx, state, input));
                }
              }
            }
          }
        }
      }
    }
    for (const language of Object.keys(flow.languages)) {
      // The apology the webhook answers when something fails.
      const ctx: StepContext = { flow, now, destinations };
      keep(() => [...speeches(ctx, flow.errorPrompt, language).map((speech) => ({ kind: 'say' as const, speech })), { kind: 'hangup' as const }]);
    }
  }
  return { plans: [...plans.values()], nodesVisited };
}

describe.each(flowFiles)('TwiML served for %s', (file) => {
  const flow = loadFlowFile(path.join(FLOWS_DIR, file));
  const { plans, nodesVisited } = everyPlan(flow);

  it('covers every node of the flow and every verb we answer with', () => {
    expect([...nodesVisited].sort()).toEqual(Object.keys(flow.nodes).sort());
    const kinds = new Set(plans.flatMap((plan) => plan.map((action) => action.kind)));
    for (const kind of ['say', 'gather', 'redirect', 'dial', 'hangup']) expect(kinds).toContain(kind);
    expect(plans.length).toBeLessThan(MAX_CACHED_DOCUMENTS);
  });

  it("equals the twilio helper's document for every answer, written and then from memory", () => {
    const helper = plans.map((plan) => helperTwiml(plan, continueUrl));
    const written = plans.map((plan) => buildTwiml(plan, continueUrl));
    const firstServed = plans.map((plan) => renderPlan(plan, continueUrl));
    // Served again with every answer in memory: a key that confused two answers would show here.
    const servedFromMemory = plans.map((plan) => renderPlan(structuredClone(plan), continueUrl));
    expect(written).toEqual(helper);
    expect(firstServed).toEqual(helper);
    expect(servedFromMemory).toEqual(helper);
    // Distinct answers are distinct documents.
    expect(new Set(helper).size).toBe(plans.length);
  });
});

describe('answers held in memory', () => {
  const say = (text: string): Plan => [{ kind: 'say', speech: { text, language: 'it-IT', voice: 'Polly.Bianca' } }, { kind: 'hangup' }];

  it('stay correct past the limit of documents held, which starts the table afresh', () => {
    const texts = Array.from({ length: MAX_CACHED_DOCUMENTS + 50 }, (_, i) => `Messaggio numero ${i} <&> "citato" l'ultimo`);
    for (const text of texts) renderPlan(say(text), continueUrl);
    for (const text of [texts[0]!, texts.at(-1)!]) expect(renderPlan(say(text), continueUrl)).toBe(helperTwiml(say(text), continueUrl));
  });

  it('are kept apart for a different action URL', () => {
    const plan: Plan = [{ kind: 'redirect', next: { line: 'consumer', node: 'consumer-menu', language: 'it', tries: 0 } }];
    const elsewhere = (state: CallState) => `/other/${state.node}`;
    expect(renderPlan(plan, continueUrl)).toContain('/api/voice/continue?line=consumer&amp;node=consumer-menu');
    expect(renderPlan(plan, elsewhere)).toBe(helperTwiml(plan, elsewhere));
    expect(renderPlan(plan, elsewhere)).toContain('/other/consumer-menu');
  });
});

describe('TwiML written for any text', () => {
  // Characters XML escapes, cannot carry at all, or carries only in pairs, among any others.
  const awkward = fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', '\u0000', '\u0001', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud83d', '\ude00', '😀', ']]>', '&amp;', ' ');
  const anyText = fc.string({ unit: fc.oneof(awkward, fc.nat(0xffff).map((code) => String.fromCharCode(code))), maxLength: 12 });
  const state = (node: string): CallState => ({ line: 'consumer', node, language: 'it', tries: 0 });
  const speech = fc.record({ text: anyText, language: anyText, voice: anyText });
  const action = fc.oneof(
    speech.map((s) => ({ kind: 'say' as const, speech: s })),
    fc.record({ prompts: fc.array(speech, { maxLength: 3 }), timeoutSeconds: fc.integer({ min: 0, max: 600 }), next: anyText.map(state) }).map((g) => ({ kind: 'gather' as const, ...g })),
    anyText.map((node) => ({ kind: 'redirect' as const, next: state(node) })),
    fc
      .record({ number: anyText, timeoutSeconds: fc.integer({ min: 0, max: 600 }), next: anyText.map(state), callerId: anyText }, { requiredKeys: ['number', 'timeoutSeconds', 'next'] })
      .map((d) => ({ kind: 'dial' as const, ...d })),
    fc.constant({ kind: 'hangup' as const }),
  );
  // The URL carries the node as written, so URLs too meet every awkward character.
  const rawUrl = (s: CallState) => `/api/voice/continue?node=${s.node}`;
  const outcome = (write: () => string) => {
    try {
      return { xml: write() };
    } catch (err) {
      return { refused: (err as Error).message };
    }
  };

  it("is the helper's document, or refused with the helper's error, whatever the prompts, voices, numbers and URLs hold", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 5 }), (plan) => {
        expect(outcome(() => buildTwiml(plan, rawUrl))).toEqual(outcome(() => helperTwiml(plan, rawUrl)));
      }),
      { seed: 20261124, numRuns: 5_000 },
    );
  });

  it('refuses text XML cannot hold, as the helper does, and writes an empty text as an empty element', () => {
    const say = (text: string): Plan => [{ kind: 'say', speech: { text, language: 'it-IT', voice: 'Polly.Bianca' } }];
    expect(() => buildTwiml(say('premi \u0001'), continueUrl)).toThrow('Invalid character in string: premi \u0001 at index 6');
    expect(() => helperTwiml(say('premi \u0001'), continueUrl)).toThrow('Invalid character in string: premi \u0001 at index 6');
    expect(buildTwiml(say(''), continueUrl)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="it-IT" voice="Polly.Bianca"/></Response>');
    expect(buildTwiml([], continueUrl)).toBe(helperTwiml([], continueUrl));
  });
});
