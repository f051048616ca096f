import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { parseFlow } from '../../src/flow/validate';
import type { PlainHandler } from '../../src/http/plainHttp';
import { simulateCall, type CallResult } from '../../src/simulator';
import { FIXED_FLOW_FILE, splitAnswer } from '../support/fixedMenu';
import { promptSaid } from '../support/shippedFlow';
import { memoryJournal } from '../../src/journal/memoryJournal';
import type { ReadRecord } from '../../src/records/readRecords';
import { scriptOf } from '../../src/replay/replayRecord';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SMS_ENV, WEEKDAY_OPEN } from '../twilio/support';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';

// When a request fails during a call (a cold instance, a platform 5xx), Twilio
// requests the number's fallback URL, "in the event of a fatal error while
// executing your call", adding ErrorCode and ErrorUrl, the URL that failed
// (https://www.twilio.com/docs/usage/security/availability-reliability).
// ivr provision sets the fallback to the start URL. A caller who was at a menu
// is asked that menu's question again, in their language, not sent back to
// the Italian welcome; one at the SMS offer goes on as if they had let it
// pass; after a transfer the call starts over in their language, since how
// the transfer ended is not known (unless the fallback says it was answered).

// The calls go through the fixed copy of the menu (test/support/fixedMenu.ts), whose node names a rename in the
// shipped menu does not move, with its complaints answer split as the shipped menu has it since: the procedure said
// (consumer-complaints), the hours checked, then a menu of its choices (consumer-complaints-options). So one lost
// request is at a menu with an intro of its own (consumer-chat), another at a menu reached through a say node.
const FIXED_MENU = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
splitAnswer(FIXED_MENU, 'consumer-complaints', { closed: 'closed', holiday: 'holiday-closed' });
const menu = parseFlow(JSON.stringify(FIXED_MENU), 'fixed-menu-complaints-said.json');

// A weekday morning: the fixed copy's consumer line is open (weekdays 09:00-17:00), the calls reach its menus and operators.
const OPEN = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const app = createApp({ settings: readSettings({ DEST_CONSUMER_OPERATOR_EN: '+390200000002', DEST_CONSUMER_OPERATOR_IT: '+390200000001' }), flow: menu, clock: () => OPEN, logger: quiet });
const BASE = 'http://localhost:7071';

/** The app, but the first request to a URL containing `failing` gets a 502, as from a front end with no instance ready. */
function failingOnce(failing: string): PlainHandler {
  let failed = false;
  return async (request) => {
    if (!failed && request.url.includes(failing)) {
      failed = true;
      return { status: 502, headers: {}, body: '' };
    }
    return app.handle(request);
  };
}

function call(failing: string, keys: Array<string | { silence: true }>, dialStatus: 'completed' | 'busy' = 'completed'): Promise<CallResult> {
  return simulateCall({
    url: `${BASE}/api/voice`,
    fallbackUrl: '/api/voice',
    transport: failingOnce(failing),
    call: { to: '+390237921240', from: '+393401234567' },
    // Then the caller hangs up, so nothing after the keys is theirs.
    caller: [...keys.map((key) => (typeof key === 'string' ? { digits: key } : key)), { hangup: true as const }],
    dial: () => ({ status: dialStatus }),
  });
}

const heardAfterTheFailure = (result: CallResult) => {
  const failedAt = result.transcript.findIndex((event) => event.type === 'fallback');
  expect(failedAt, 'the call went to the fallback').toBeGreaterThan(0);
  return result.transcript.slice(failedAt).flatMap((event) => (event.type === 'say' ? [event.text] : []));
};

describe("a request that fails mid-call: the fallback resumes where the caller was", () => {
  it('a key after the English complaints procedure lost: its choices asked again in English, without the procedure read again', async () => {
    const result = await call('node=consumer-complaints-options', ['1', '3', '2', '2']);
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toBe(promptSaid('consumer-complaints-options', 'en', menu)[0]);
    const procedure = promptSaid('consumer-complaints', 'en', menu);
    expect(procedure.length).toBeGreaterThan(0);
    // Read before the failure, as the flow words it; not again after it.
    expect(result.transcript.some((event) => event.type === 'say' && procedure.includes(event.text))).toBe(true);
    expect(heard.filter((text) => procedure.includes(text))).toEqual([]);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+390200000002' });
  });

  it('a key at the chat menu lost: its keys asked again in English, without the long chat explanation read again', async () => {
    // consumer-chat is the menu with an intro: the explanation comes once, as the caller enters it, never on a retry.
    const result = await call('node=consumer-chat&', ['1', '1', '2', '2']);
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toBe(promptSaid('consumer-chat', 'en', menu)[0]);
    const intro = (menu.nodes['consumer-chat'] as { intro: Array<Record<string, string>> }).intro.map((part) => part.en);
    expect(intro.length).toBeGreaterThan(0);
    // Read before the failure, as the flow words it; not again after it.
    expect(result.transcript.some((event) => event.type === 'say' && intro.includes(event.text))).toBe(true);
    expect(heard.filter((text) => intro.includes(text))).toEqual([]);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+390200000002' });
  });

  it('a key in the English menu lost: the English menu asks again, not the Italian welcome', async () => {
    const result = await call('node=consumer-menu', ['1', '3', '2']);
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toBe(promptSaid('consumer-menu', 'en', menu)[0]);
    expect(heard).not.toContain(promptSaid('consumer-welcome', 'it', menu)[0]);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+390200000002' });
  });

  it('after an English caller\'s transfer: the call starts over at the English welcome, and the operator is not dialled again by itself', async () => {
    const result = await call('node=consumer-operator', ['1', '2'], 'busy');
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toBe(promptSaid('consumer-welcome-en', 'en', menu)[0]);
    expect(heard).not.toContain(promptSaid('consumer-welcome', 'it', menu)[0]);
    expect(result.transcript.filter((event) => event.type === 'dial')).toHaveLength(1);
  });

  it('after an Italian caller\'s transfer: the call starts over at the line\'s welcome, as a call begins', async () => {
    // No key at the welcome (Italian), then 2 for an operator.
    const result = await call('node=consumer-operator', [{ silence: true }, '2'], 'busy');
    expect(heardAfterTheFailure(result)[0]).toBe(promptSaid('consumer-welcome', 'it', menu)[0]);
    expect(result.transcript.filter((event) => event.type === 'dial')).toHaveLength(1);
  });

  it('after a transfer, a fallback that carries how it ended: answered ends the call as the failed request would have; busy starts over', async () => {
    // Twilio's page names only ErrorCode and ErrorUrl among the fallback's parameters; should it pass on the failed
    // request's own, DialCallStatus among them, a caller who spoke with an operator is not welcomed as a new call.
    const params = { CallSid: `CA${'3'.repeat(32)}`, AccountSid: `AC${'2'.repeat(32)}`, From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress' };
    const fallback = (dialStatus: string) =>
      app.handle({
        method: 'POST',
        url: `${BASE}/api/voice`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, DialCallStatus: dialStatus, ErrorCode: '11200', ErrorUrl: `${BASE}/api/voice/continue?line=consumer&node=consumer-operator&lang=en&tries=0` }).toString(),
      });
    const answered = await fallback('completed');
    expect(answered.status).toBe(200);
    expect(answered.body).toContain('<Hangup/>');
    expect(answered.body).not.toContain('<Say');
    const busy = await fallback('busy');
    expect(busy.body).toContain(promptSaid('consumer-welcome-en', 'en', menu)[0]);
    expect(busy.body).not.toContain('<Dial');
  });

  it('at an SMS offer that names the holiday: the call goes on as if the offer passed, never saying "{holiday}"', async () => {
    // A flow lint passes: the offer is reached only through the holiday branch, in the answer that fills the name.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    // In Italian and English as written here; in any other language of the flow, its own offer after the holiday's name.
    const chatOffer = flow.nodes['chat-link-sms'].offer[0] as Record<string, string>;
    const offer = Object.fromEntries(Object.keys(flow.languages).map((language) => [language, `{holiday}. ${chatOffer[language]}`]));
    flow.nodes['holiday-sms'] = { ...flow.nodes['chat-link-sms'], offer: [{ ...offer, it: 'Oggi è {holiday}. Per ricevere i link via SMS, premi 1.', en: 'Today is {holiday}. To receive the links by text message, press 1.' }] };
    flow.nodes['holiday-closed'].next = 'holiday-sms';
    const immacolata = DateTime.fromISO('2026-12-08T10:00', { zone: 'Europe/Rome' });
    const holidayApp = createApp({ settings: readSettings({}), flow: parseFlow(JSON.stringify(flow), 'holiday.json'), clock: () => immacolata, logger: quiet, sendSms: async () => ({ sent: true, sid: `SM${'0'.repeat(32)}`, status: 'queued', elapsedMs: 0 }) });
    const params = { CallSid: `CA${'1'.repeat(32)}`, AccountSid: `AC${'2'.repeat(32)}`, From: '+393401234567', To: '+390237921240', CallStatus: 'in-progress' };
    const post = (path: string, extra: Record<string, string>) => holidayApp.handle({ method: 'POST', url: `${BASE}${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...params, ...extra }).toString() });
    // Past the welcome, the answer through the hours check names the day, then makes the offer.
    expect((await post('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', {})).body).toContain("Oggi è l'Immacolata. Per ricevere i link via SMS, premi 1.");
    const fallback = await post('/api/voice', { ErrorCode: '11200', ErrorUrl: `${BASE}/api/voice/continue?line=consumer&node=holiday-sms&lang=it&tries=0` });
    expect(fallback.body).not.toContain('{holiday}');
    // The offer's next node, as the flow names it.
    const next = flow.nodes[flow.nodes['chat-link-sms'].next];
    expect(fallback.body).toContain(next.prompt[0].it);
  });
});

describe("a call the fallback answered mid-call: its record says so, and ivr replay names it as not replayable", () => {
  /** A call with its ivr.call record (memory journal, the simulator posting the status callback), the first request to `failing` failed. */
  async function recorded(failing: string, keys: string[], dialStatus: 'completed' | 'busy' = 'completed') {
    const logger = recordingLogger();
    const recordingApp = createApp({
      settings: readSettings(SMS_ENV),
      flow: menu,
      clock: () => OPEN,
      logger,
      journal: memoryJournal(),
      sendSms: async () => ({ sent: true, sid: `SM${'0'.repeat(32)}`, status: 'queued', elapsedMs: 0 }),
    });
    let failed = false;
    await simulateCall({
      url: `${ORIGIN}/api/voice`,
      fallbackUrl: '/api/voice',
      statusCallback: `${ORIGIN}/api/voice/status`,
      authToken: AUTH_TOKEN,
      transport: async (request) => {
        if (!failed && request.url.includes(failing)) {
          failed = true;
          return { status: 502, headers: {}, body: '' };
        }
        return recordingApp.handle(request);
      },
      call: { to: CONSUMER_LINE, from: MOBILE, accountSid: ACCOUNT_SID },
      caller: [...keys.map((key) => (key === '-' ? { silence: true as const } : { digits: key })), { hangup: true as const }],
      dial: () => ({ status: dialStatus }),
    });
    const [record] = logger.events('ivr.call');
    return record as ReadRecord & { level: string };
  }

  it('a key at the menu lost, the menu asked again, then 3: the fallback in inputs where the menu comes twice in path', async () => {
    const record = await recorded('node=consumer-menu', ['-', '2', '3']);
    // 11200: the webhook's answer was an HTTP failure (https://www.twilio.com/docs/api/errors/11200).
    expect(record.inputs).toEqual(['none', 'fallback:11200', '3']);
    expect(record.path?.slice(-5)).toEqual(['consumer-menu', 'consumer-menu', 'consumer-complaints', 'consumer-complaints-hours', 'consumer-complaints-options']);
    expect(scriptOf(record, menu)).toBe(`a request failed during the call and Twilio's fallback URL answered it ("fallback:11200"), which a replay cannot make happen`);
  });

  it('the SMS offer accepted, the acceptance lost: the fallback last in inputs, the offer taken as passed', async () => {
    const record = await recorded('node=chat-link-sms', ['-', '2', '1'], 'busy');
    expect(record.inputs).toEqual(['none', '2', 'dial:busy', 'fallback:11200']);
    expect(record.sms).toBe('declined');
    expect(typeof scriptOf(record, menu)).toBe('string');
  });
});
