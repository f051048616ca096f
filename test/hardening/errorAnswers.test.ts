import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { maskPhoneNumbers } from '../../src/app/maskingLogger';
import { readSettings, SettingsError } from '../../src/config/settings';
import type { Flow } from '../../src/flow/schema';
import { MAX_BODY_BYTES } from '../../src/http/plainHttp';
import { promptSaid, startOf } from '../support/shippedFlow';
import { fixedFlow } from '../support/fixedMenu';
import { CALL_SID, WEEKDAY_OPEN, at, checkTwiml, formPost, klarnaFlow, recordingLogger, twilioCallParams } from './support';

// Item 1 of the hardening issue, case by case: whatever arrives, the caller
// stays on a sensible path, or the request is refused without TwiML.

const ORIGIN = 'http://localhost:7071';
const MENU = `${ORIGIN}/api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0`;
const numbers = Object.values(klarnaFlow.destinations).map((d) => d.number);
// What a call that starts over on the consumer line hears first, as the flow words it.
const CONSUMER_WELCOME_IT = promptSaid(startOf('consumer'), 'it')[0];

function openApp(flow: Flow = klarnaFlow, env: Record<string, string> = {}, clock = at(WEEKDAY_OPEN)) {
  const logger = recordingLogger();
  const app = createApp({ settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...env }), flow, clock, logger });
  logger.lines.length = 0;
  return { app, logger };
}

async function hear(res: Response, url: string, flow: Flow = klarnaFlow) {
  expect(res.status).toBe(200);
  return checkTwiml(await res.text(), url, flow, numbers);
}

describe('whatever the caller sends, the menu answers sensibly', () => {
  const { app, logger } = openApp();

  it('no Digits at all: "we did not receive a choice", then the menu again', async () => {
    const twiml = await hear(await app.fetch(formPost(MENU, twilioCallParams())), MENU);
    expect(twiml.said[0]).toBe('Non abbiamo ricevuto nessuna scelta.');
    expect(twiml.verbs).toEqual(['Say', 'Gather', 'Redirect']);
    expect(twiml.next[0]?.search).toBe('?line=consumer&node=consumer-menu&lang=it&tries=1');
  });

  it.each(['12', 'abc', '٣', '２', '99999999999999999999', ' ', '\u0000', '<Say>'])('garbage Digits %j: "that choice is not valid", then the menu again', async (digits) => {
    const twiml = await hear(await app.fetch(formPost(MENU, twilioCallParams({ Digits: digits }))), MENU);
    expect(twiml.said[0]).toBe('La scelta non è valida.');
    expect(twiml.verbs).toEqual(['Say', 'Gather', 'Redirect']);
  });

  it.each(['اريد التحدث مع موظف', '我想和接线员说话', 'ऑपरेटर', '😀👍', 'due'])('speech %j where keys were asked for: treated as no choice', async (speech) => {
    const twiml = await hear(await app.fetch(formPost(MENU, twilioCallParams({ SpeechResult: speech, Confidence: '0.9' }))), MENU);
    expect(twiml.said[0]).toBe('Non abbiamo ricevuto nessuna scelta.');
  });

  it.each([
    ['an unknown node', 'line=consumer&node=nope&lang=it&tries=0'],
    ['a node where no call waits', 'line=consumer&node=holiday-closed&lang=it&tries=0'],
    ['an unknown language', 'line=consumer&node=consumer-menu&lang=xx&tries=0'],
    ['tries out of range', 'line=consumer&node=consumer-menu&lang=it&tries=-1'],
    ['an inherited property as the line', 'line=__proto__&node=consumer-menu&lang=it&tries=0'],
    ['no state at all', ''],
  ])('%s in the URL: the call restarts at its line’s welcome', async (_label, query) => {
    const url = `${ORIGIN}/api/voice/continue?${query}`;
    const twiml = await hear(await app.fetch(formPost(url, twilioCallParams({ Digits: '2' }))), url);
    expect(twiml.said[0]).toBe(CONSUMER_WELCOME_IT);
  });

  it.each(['+15005550006', '__proto__', 'constructor', 'client:alice', ''])('To %j, a number no line has: the default (consumer) line answers', async (to) => {
    const twiml = await hear(await app.fetch(formPost(`${ORIGIN}/api/voice`, twilioCallParams({ To: to, Called: to }))), `${ORIGIN}/api/voice`);
    expect(twiml.said[0]).toBe(CONSUMER_WELCOME_IT);
  });

  it('a body of another content type carries no parameters: the call starts at the default line', async () => {
    const url = `${ORIGIN}/api/voice`;
    const res = await app.fetch(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(twilioCallParams({ To: '+390237921250' })) }));
    expect((await hear(res, url)).said[0]).toBe(CONSUMER_WELCOME_IT);
  });

  it('a form that is not valid UTF-8 or percent-encoding still gets the menu', async () => {
    const res = await app.fetch(new Request(MENU, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new Uint8Array([0x44, 0x69, 0x67, 0x69, 0x74, 0x73, 0x3d, 0xff, 0xfe, 0x25, 0x25]) }));
    expect((await hear(res, MENU)).verbs).toEqual(['Say', 'Gather', 'Redirect']);
  });

  it('the Klarna flow logged no internal error for any of the above', () => {
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('refusals carry no TwiML', () => {
  const { app } = openApp();

  it(`a body over ${MAX_BODY_BYTES} bytes: 413`, async () => {
    const res = await app.fetch(formPost(MENU, { Digits: '1'.repeat(MAX_BODY_BYTES) }));
    expect(res.status).toBe(413);
    expect(await res.text()).not.toContain('<Response');
  });

  it('a body that only declares too large a size: 413, before it is read', async () => {
    const res = await app.fetch(new Request(MENU, { method: 'POST', headers: { 'content-length': String(MAX_BODY_BYTES + 1), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Digits=1' }));
    expect(res.status).toBe(413);
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])('%s: 405 naming the methods allowed', async (method) => {
    const res = await app.fetch(new Request(MENU, { method }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(await res.text()).not.toContain('<Response');
  });
});

describe('an internal error: the caller hears an apology, the log gets the CallSid and the cause', () => {
  // On the fixed copy of the menu, at a Tuesday morning it is open (key 2 of its consumer menu: the operators), whose
  // consumer-operator a rename in the shipped menu does not move.
  const FIXED_OPEN = at('2026-11-24T10:00');
  function brokenOperatorFlow(): Flow {
    const flow = structuredClone(fixedFlow()) as Flow;
    (flow.nodes['consumer-operator'] as { destination: unknown }).destination = { it: 'nowhere', en: 'nowhere' };
    return flow;
  }

  it('a flow node that throws: the apology in the caller’s language, then goodbye', async () => {
    const flow = brokenOperatorFlow();
    const { app, logger } = openApp(flow, {}, FIXED_OPEN);
    const url = `${ORIGIN}/api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0`;
    const twiml = await hear(await app.fetch(formPost(url, twilioCallParams({ Digits: '2' }))), url, flow);
    expect(twiml.said).toEqual([(flow.errorPrompt[0] as Record<string, string>).en]);
    expect(twiml.verbs).toEqual(['Say', 'Hangup']);
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(new RegExp(`^CallSid=${CALL_SID} webhook failed: Error: node "consumer-operator" has no destination number for "en"\\n\\s+at `));
  });

  it('a failure outside the engine (here the clock): the apology in the flow’s default language', async () => {
    const { app, logger } = openApp(klarnaFlow, {}, () => {
      throw new Error('clock unavailable');
    });
    const twiml = await hear(await app.fetch(formPost(MENU, twilioCallParams({ Digits: '2' }))), MENU);
    expect(twiml.said).toEqual([(klarnaFlow.errorPrompt[0] as Record<string, string>).it]);
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(new RegExp(`^CallSid=${CALL_SID} webhook failed, answered the last-resort apology: Error: clock unavailable`));
  });

  it('a CallSid that is not one is not written into the log as sent', async () => {
    const { app, logger } = openApp(brokenOperatorFlow(), {}, FIXED_OPEN);
    await app.fetch(formPost(MENU, twilioCallParams({ Digits: '2', CallSid: 'CA1\nERROR forged log line' })));
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(/^CallSid=\(not a CallSid\) webhook failed/);
    expect(JSON.stringify(logger.lines)).not.toContain('forged log line');
  });
});

describe('phone numbers in logs', () => {
  it.each([
    ['+390237921240', '+39******1240'],
    ['From=+393401234567 To=+15005550006', 'From=+39******4567 To=+15*****0006'],
    ['From=%2B393401234567', 'From=%2B39******4567'],
    ['CallSid=CA0123456789abcdef0123456789abcdef', 'CallSid=CA0123456789abcdef0123456789abcdef'],
    ['tries=0 at step.ts:108:41', 'tries=0 at step.ts:108:41'],
  ])('%s is logged as %s', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });

  function failingWith(message: string, env: Record<string, string>) {
    const logger = recordingLogger();
    const app = createApp({
      settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off', ...env }),
      flow: klarnaFlow,
      clock: () => {
        throw new Error(message);
      },
      logger,
    });
    return { app, logger };
  }

  it('are masked by default in whatever the app logs', async () => {
    const { app, logger } = failingWith('lookup failed for +393401234567', {});
    await app.fetch(formPost(MENU, twilioCallParams()));
    expect(logger.lines.find((l) => l.level === 'error')?.message).toContain('lookup failed for +39******4567');
    expect(JSON.stringify(logger.lines)).not.toContain('3401234567');
  });

  it('are logged in full only when IVR_LOG_PHONE_NUMBERS=full', async () => {
    const { app, logger } = failingWith('lookup failed for +393401234567', { IVR_LOG_PHONE_NUMBERS: 'full' });
    await app.fetch(formPost(MENU, twilioCallParams()));
    expect(logger.lines.find((l) => l.level === 'error')?.message).toContain('lookup failed for +393401234567');
  });

  it('an unknown IVR_LOG_PHONE_NUMBERS value stops the app at start-up, with the two it takes', () => {
    expect(() => failingWith('x', { IVR_LOG_PHONE_NUMBERS: 'yes' })).toThrow(expect.objectContaining({ name: 'SettingsError', problem: 'IVR_LOG_PHONE_NUMBERS is "yes"', fix: 'set it to "masked" (the default) or "full"' }));
    expect(() => failingWith('x', { IVR_LOG_PHONE_NUMBERS: 'unmasked' })).toThrow(SettingsError);
  });

  it('"Full", "FULL" or " full " (as SECURITY.md says: any letter case, spaces around it ignored) log numbers in full too', async () => {
    for (const full of ['Full', 'FULL', ' full ']) {
      const { app, logger } = failingWith('lookup failed for +393401234567', { IVR_LOG_PHONE_NUMBERS: full });
      await app.fetch(formPost(MENU, twilioCallParams()));
      expect(logger.lines.find((l) => l.level === 'error')?.message).toContain('lookup failed for +393401234567');
    }
  });
});
