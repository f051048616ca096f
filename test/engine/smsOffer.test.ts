import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { parseFlow } from '../../src/flow/validate';
import { continueCall, startCall, type StepContext } from '../../src/engine/step';
import { decodeCallState, encodeCallState, type CallState } from '../../src/engine/callState';
import { callerKind } from '../../src/engine/callerKind';
import type { Action, Plan } from '../../src/engine/plan';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';

// The SMS offer as the engine sees it: plain data in, plain data out. The
// webhook performs the `send-sms` action and feeds its result back. On the
// fixed copy of the menu (test/support/fixedMenu.ts), whose offer, goodbye
// and hours the texts below quote.

const flow = fixedFlow();
const SATURDAY = DateTime.fromISO('2026-11-28T11:00', { zone: 'Europe/Rome' });
const OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const HOLIDAY = DateTime.fromISO('2026-12-08T10:00', { zone: 'Europe/Rome' });
const MOBILE = '+393401234567';
const destinations = Object.fromEntries(Object.entries(flow.destinations).map(([name, d]) => [name, d.number]));

function ctx(over: Partial<StepContext> = {}): StepContext {
  return { flow, now: SATURDAY, destinations, caller: MOBILE, smsAvailable: true, ...over };
}

const said = (plan: Plan) => plan.flatMap((a) => (a.kind === 'say' ? [a.speech.text] : a.kind === 'gather' ? a.prompts.map((p) => p.text) : []));
const last = (plan: Plan) => plan.at(-1) as Action;
const stateOf = (action: Action): CallState => {
  if (!('next' in action)) throw new Error(`${action.kind} carries no state`);
  return action.next;
};

/** From the start of a call on the consumer line to the offer, silent at the welcome. */
function toOffer(c: StepContext, language: 'it' | 'en' = 'it'): Plan {
  const welcome = startCall(c, 'consumer');
  return continueCall(c, stateOf(last(welcome)), language === 'en' ? { kind: 'keys', digits: '1' } : { kind: 'silence' });
}

describe('the SMS offer on a closed line', () => {
  it('a mobile caller hears the hours and the chat, then the offer, asked in a <Gather> at the sms-offer node', () => {
    const plan = toOffer(ctx());
    expect(said(plan).at(-1)).toBe('Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.');
    expect(said(plan).join(' ')).toContain('Chatta con noi');
    expect(plan.map((a) => a.kind).slice(-2)).toEqual(['gather', 'redirect']);
    expect(stateOf(last(plan))).toMatchObject({ node: 'chat-link-sms', language: 'it' });
  });

  it('pressing the key asks for one SMS to the caller, in Italian, with both links, and marks the state', () => {
    const c = ctx();
    const plan = continueCall(c, stateOf(last(toOffer(c))), { kind: 'keys', digits: '1' });
    expect(plan).toHaveLength(1);
    const action = plan[0] as Extract<Action, { kind: 'send-sms' }>;
    expect(action.kind).toBe('send-sms');
    expect(action.to).toBe(MOBILE);
    expect(action.body).toBe(
      'Klarna Italia. Chat (accedi, Servizio Clienti, Chatta con noi): https://www.klarna.com/it/servizio-clienti/ Modulo di contatto: https://www.klarna.com/it/contatti/',
    );
    expect(action.next).toMatchObject({ node: 'chat-link-sms', smsSent: true });
  });

  it('the message is in English for a caller who chose English', () => {
    const c = ctx();
    const plan = continueCall(c, stateOf(last(toOffer(c, 'en'))), { kind: 'keys', digits: '1' });
    expect((plan[0] as Extract<Action, { kind: 'send-sms' }>).body).toMatch(/^Klarna Italia\. Chat \(log in, Customer Service, Chat with us\): https:\/\/\S+ Contact form: https:\/\/\S+$/);
  });

  it('after a sent message the caller is told so, then goodbye and hang-up', () => {
    const c = ctx();
    const send = continueCall(c, stateOf(last(toOffer(c))), { kind: 'keys', digits: '1' });
    const plan = continueCall(c, stateOf(send[0] as Action), { kind: 'sms-result', sent: true });
    expect(said(plan)).toEqual(['Ti abbiamo inviato un SMS con i link.', 'Grazie per aver chiamato Klarna. Arrivederci.']);
    expect(last(plan).kind).toBe('hangup');
  });

  it('after a failure the caller is told so and where to find the chat, in English too', () => {
    const c = ctx();
    const send = continueCall(c, stateOf(last(toOffer(c, 'en'))), { kind: 'keys', digits: '1' });
    const plan = continueCall(c, stateOf(send[0] as Action), { kind: 'sms-result', sent: false });
    expect(said(plan)).toEqual([
      'We are sorry, we could not send the text message. You can find the chat in the Klarna app, in the Customer Service section.',
      'Thank you for calling Klarna. Goodbye.',
    ]);
  });

  it.each([
    ['silence', { kind: 'silence' } as const],
    ['another key', { kind: 'keys', digits: '2' } as const],
  ])('%s declines: goodbye, no SMS', (_label, input) => {
    const c = ctx();
    const plan = continueCall(c, stateOf(last(toOffer(c))), input);
    expect(plan.some((a) => a.kind === 'send-sms')).toBe(false);
    expect(said(plan)).toEqual(['Grazie per aver chiamato Klarna. Arrivederci.']);
    expect(last(plan).kind).toBe('hangup');
  });

  it('on a holiday the offer follows the holiday message', () => {
    const plan = toOffer(ctx({ now: HOLIDAY }));
    expect(said(plan)[0]).toContain("chiuso per l'Immacolata");
    expect(stateOf(last(plan)).node).toBe('chat-link-sms');
  });

  it('when the operator is busy the offer follows the apology', () => {
    const c = ctx({ now: OPEN });
    const menu = toOffer(c);
    const dialing = continueCall(c, stateOf(last(menu)), { kind: 'keys', digits: '2' });
    expect(last(dialing).kind).toBe('dial');
    const plan = continueCall(c, stateOf(last(dialing)), { kind: 'dial-ended', status: 'busy' });
    expect(said(plan)[0]).toMatch(/^Ci dispiace, in questo momento nessun operatore può rispondere\./);
    expect(said(plan).at(-1)).toBe('Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.');
  });

  it('is not made in an open menu that merely explains the chat', () => {
    const c = ctx({ now: OPEN });
    const plan = continueCall(c, stateOf(last(toOffer(c))), { kind: 'keys', digits: '1' });
    expect(said(plan).join(' ')).not.toContain('SMS');
  });
});

describe('who is not offered the SMS', () => {
  const withoutOffer = (c: StepContext) => {
    const plan = toOffer(c);
    expect(said(plan).join(' ')).not.toContain('SMS');
    expect(said(plan).at(-1)).toBe('Grazie per aver chiamato Klarna. Arrivederci.');
    expect(last(plan).kind).toBe('hangup');
  };

  it.each([
    ['an Italian landline', '+390212345678'],
    ['a withheld number', 'anonymous'],
    ["Twilio's keypad spelling of ANONYMOUS", '+266696687'],
    ['no From at all', undefined],
    ['a UK mobile (other countries are not classified)', '+447700900123'],
    ['a SIP or client caller', 'client:alice'],
  ])('%s', (_label, caller) => withoutOffer(ctx({ caller })));

  it('anyone, when no SMS sender is configured', () => withoutOffer(ctx({ smsAvailable: false })));
  it('anyone, when the engine is not told about SMS at all (older callers of the engine)', () => withoutOffer({ flow, now: SATURDAY, destinations }));

  it('a caller who already got one in this call, even pressing the key at a replayed offer', () => {
    const c = ctx();
    const offered = stateOf(last(toOffer(c)));
    const plan = continueCall(c, { ...offered, smsSent: true }, { kind: 'keys', digits: '1' });
    expect(plan.some((a) => a.kind === 'send-sms')).toBe(false);
    expect(said(plan)).toEqual(['Grazie per aver chiamato Klarna. Arrivederci.']);
  });
});

describe('one SMS per call, carried in the signed call state', () => {
  // A flow where the caller can come back to the offer after it was used.
  const loopFlow = (() => {
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    data.nodes['chat-link-sms'].next = 'consumer-chat';
    data.nodes['consumer-chat'].options.push({ key: '3', next: 'operator-unavailable' });
    // Announced, as ivr lint requires of every key a menu offers.
    data.nodes['consumer-chat'].prompt[0].it += ' Per sapere come contattarci, premi 3.';
    data.nodes['consumer-chat'].prompt[0].en += ' To hear how to reach us, press 3.';
    return parseFlow(JSON.stringify(data));
  })();

  it('the second visit to an offer skips it', () => {
    const c = ctx({ flow: loopFlow });
    const send = continueCall(c, stateOf(last(toOffer(c))), { kind: 'keys', digits: '1' });
    const after = continueCall(c, stateOf(send[0] as Action), { kind: 'sms-result', sent: true });
    expect(stateOf(last(after))).toMatchObject({ node: 'consumer-chat', smsSent: true });
    const again = continueCall(c, stateOf(last(after)), { kind: 'keys', digits: '3' });
    expect(said(again).join(' ')).toContain('Chatta con noi');
    expect(said(again).join(' ')).not.toContain('SMS');
    expect(stateOf(last(again))).toMatchObject({ node: 'consumer-chat', smsSent: true });
  });

  it('the flag survives the action URL and cannot be set to anything but 1', () => {
    const state: CallState = { line: 'consumer', node: 'goodbye', language: 'en', tries: 0, smsSent: true };
    const query = new URLSearchParams(encodeCallState(state));
    expect(query.get('sms')).toBe('1');
    expect(decodeCallState(query, flow)).toEqual(state);
    query.set('sms', '0');
    expect(decodeCallState(query, flow)).toBeUndefined();
    const fresh = new URLSearchParams(encodeCallState({ ...state, smsSent: false }));
    expect(fresh.has('sms')).toBe(false);
    expect(decodeCallState(fresh, flow)?.smsSent).toBeUndefined();
  });
});

describe('callerKind', () => {
  it.each([
    ['+393401234567', 'mobile'],
    ['+393331234567', 'mobile'],
    ['+390237921240', 'other'],
    ['+447700900123', 'other'],
    ['+12025550123', 'other'],
    ['anonymous', 'withheld'],
    ['Restricted', 'withheld'],
    ['+266696687', 'withheld'],
    ['', 'withheld'],
    ['client:alice', 'other'],
  ] as const)('%s is %s', (from, kind) => {
    expect(callerKind(from, ['+393'])).toBe(kind);
  });

  it('follows the prefixes the flow lists', () => {
    expect(callerKind('+447700900123', ['+393', '+447'])).toBe('mobile');
  });
});

describe('flow checks for the sms-offer node', () => {
  const broken = (mutate: (data: any) => void) => {
    const data = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    mutate(data);
    return () => parseFlow(JSON.stringify(data), 'flows/broken.json');
  };

  it('a message naming a link that does not exist', () => {
    expect(broken((d) => (d.nodes['chat-link-sms'].message.en = 'Chat: {chatt}'))).toThrow(/nodes\.chat-link-sms\.message\.en, line \d+: uses link "\{chatt\}", which is not under "links"[\s\S]*use one of: chat, contactForm/);
  });

  it('a message missing a language of the flow', () => {
    expect(broken((d) => delete d.nodes['chat-link-sms'].message.en)).toThrow(/nodes\.chat-link-sms\.message, line \d+: has no "en" text/);
  });

  it('a link that is not https', () => {
    expect(broken((d) => (d.nodes['chat-link-sms'].links.chat.url = 'http://klarna.example'))).toThrow(/nodes\.chat-link-sms\.links\.chat\.url, line \d+: must be an https URL/);
  });

  it('a next node that does not exist', () => {
    expect(broken((d) => (d.nodes['chat-link-sms'].next = 'bye'))).toThrow(/nodes\.chat-link-sms\.next, line \d+: refers to node "bye", which does not exist/);
  });

  it('the links the guide does not give are marked as placeholders', () => {
    const node = flow.nodes['chat-link-sms'];
    expect(node?.type).toBe('sms-offer');
    if (node?.type !== 'sms-offer') return;
    expect(Object.values(node.links).every((link) => link.placeholder)).toBe(true);
  });
});
