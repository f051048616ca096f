import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { PlainRequest } from '../../src/http/plainHttp';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, WEEKDAY_OPEN } from '../twilio/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';
import { promptSaid } from '../support/shippedFlow';

// A deploy that renames or removes a node while calls are in progress: a call
// waiting there sends its next request for a node the flow no longer has. The
// call starts over, and says so in the log and its record; a caller who chose
// English is not sent back to the Italian welcome.

const CALL_SID = `CA${'5e'.repeat(16)}`;
const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
const WELCOME_IT = promptSaid('consumer-welcome', 'it', fixedFlow())[0] as string;
const WELCOME_EN = promptSaid('consumer-welcome-en', 'en', fixedFlow())[0] as string;
const MENU_EN = promptSaid('consumer-menu', 'en', fixedFlow())[0] as string;

function signed(path: string, params: Record<string, string>): PlainRequest {
  return buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;
}

/** A call on the fixed copy of the menu, whose node names a rename in the shipped one does not move (these tests rename them themselves). */
function callOnFixedMenu(flow = fixedFlow()) {
  const logger = recordingLogger();
  const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), flow, clock: () => instant, logger, journal: memoryJournal() });
  const record = async () => {
    await app.handle(signed('/api/voice/status', { ...CALL, CallStatus: 'completed', CallDuration: '50' }));
    const records = logger.events('ivr.call');
    expect(records).toHaveLength(1);
    return records[0];
  };
  return { app, logger, record };
}

describe('a request for a node the flow no longer has (changed by a deploy during the call)', () => {
  it('an English caller starts over at the English welcome; a warning names the CallSid and the node; the record shows it', async () => {
    const { app, logger, record } = callOnFixedMenu();
    await app.handle(signed('/api/voice', CALL));
    expect((await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '1' }))).body).toContain(MENU_EN);
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu-renamed&lang=en&tries=0', { ...CALL, Digits: '2' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(WELCOME_EN);
    expect(answer.body).toContain(MENU_EN);
    expect(answer.body).not.toContain(WELCOME_IT);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      `CallSid=${CALL_SID} continue request for node "consumer-menu-renamed", not in the flow (changed since the call began?): the call starts over at "consumer-welcome-en" in "en"`,
    ]);
    expect(await record()).toMatchObject({
      language: 'en',
      path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu'],
      inputs: ['1', '2'],
      startedOver: ['consumer-menu-renamed'],
    });
  });

  it('an Italian caller hears the Italian welcome again, as every call begins', async () => {
    const { app, logger, record } = callOnFixedMenu();
    await app.handle(signed('/api/voice', CALL));
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu-old&lang=it&tries=0', { ...CALL, Digits: '' }));
    expect(answer.body).toContain(WELCOME_IT);
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('"consumer-menu-old", not in the flow'))).toBe(true);
    expect(await record()).toMatchObject({ language: 'it', path: ['consumer-welcome', 'consumer-welcome'], inputs: ['none'], startedOver: ['consumer-menu-old'] });
  });

  it('an Italian caller hears the welcome again even where it has a key for Italian', async () => {
    // Only a caller who chose another language at the welcome skips it; one in the default language never chose.
    const flow = structuredClone(fixedFlow());
    const welcome = flow.nodes['consumer-welcome'];
    if (welcome?.type !== 'menu') throw new Error('the fixed menu has no welcome menu');
    welcome.options.push({ key: '2', language: 'it', next: 'consumer-hours' });
    const { app } = callOnFixedMenu(flow);
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu-old&lang=it&tries=0', { ...CALL, Digits: '' }));
    expect(answer.body).toContain(WELCOME_IT);
  });

  it('a language the flow lacks: the Italian welcome, the flow’s default', async () => {
    const { app } = callOnFixedMenu();
    // A language the menu lacks.
    const lacked = ['de', 'fr', 'es', 'nl', 'pt'].find((language) => !Object.keys(fixedFlow().languages).includes(language));
    const answer = await app.handle(signed(`/api/voice/continue?line=consumer&node=consumer-menu-renamed&lang=${lacked}&tries=0`, { ...CALL, Digits: '2' }));
    expect(answer.body).toContain(WELCOME_IT);
  });
});

describe("Twilio's fallback after a request for a node the flow no longer has failed", () => {
  // When a request fails, Twilio requests the number's fallback URL (ivr provision sets the start URL), adding
  // ErrorUrl, the URL that failed (https://www.twilio.com/docs/usage/security/availability-reliability).
  it('the English caller starts over at the English welcome, with the warning and startedOver in the record', async () => {
    const { app, logger, record } = callOnFixedMenu();
    await app.handle(signed('/api/voice', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '1' }));
    const fallback = await app.handle(signed('/api/voice', { ...CALL, ErrorCode: '11200', ErrorUrl: `${ORIGIN}/api/voice/continue?line=consumer&node=consumer-menu-renamed&lang=en&tries=0` }));
    expect(fallback.body).toContain(WELCOME_EN);
    expect(fallback.body).not.toContain(WELCOME_IT);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      `CallSid=${CALL_SID} Twilio's fallback after a failed continue request for node "consumer-menu-renamed", not in the flow (changed since the call began?): the call starts over at "consumer-welcome-en" in "en"`,
    ]);
    // The fallback is in inputs: the key of the request that failed was lost (docs/call-records.md, `inputs`).
    expect(await record()).toMatchObject({ language: 'en', inputs: ['1', 'fallback:11200'], startedOver: ['consumer-menu-renamed'] });
  });
});

describe('a transfer that ends at a dial node the flow no longer has (a deploy renamed it during the operator call)', () => {
  // When the <Dial> ends, Twilio requests its action URL, our continue URL naming the dial node, with
  // DialCallStatus (completed, busy, no-answer, failed, canceled) and DialCallDuration
  // (https://twilio.com/docs/api/twiml/dial).
  const ENDED = '/api/voice/continue?line=consumer&node=consumer-operator-old&lang=en&tries=0';

  async function putThroughInEnglish(app: ReturnType<typeof callOnFixedMenu>['app']) {
    await app.handle(signed('/api/voice', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '1' }));
    const dial = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0', { ...CALL, Digits: '2' }));
    expect(dial.body).toContain('<Dial');
  }

  it('answered and over after 5 minutes: the call ends, as at the dial node itself, not at the welcome menu again; the warning names the node; the record says transferred', async () => {
    const { app, logger, record } = callOnFixedMenu();
    await putThroughInEnglish(app);
    const ended = { ...CALL, DialCallStatus: 'completed', DialCallDuration: '300' };
    const answer = await app.handle(signed(ENDED, ended));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Hangup/>');
    expect(answer.body).not.toContain(WELCOME_EN);
    expect(answer.body).not.toContain(MENU_EN);
    // The very answer the same request gets at the dial node under its new name.
    const atNode = await callOnFixedMenu().app.handle(signed(ENDED.replace('consumer-operator-old', 'consumer-operator'), ended));
    expect(answer.body).toBe(atNode.body);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      `CallSid=${CALL_SID} continue request for node "consumer-operator-old", not in the flow (changed since the call began?): the transfer from there was answered (DialCallStatus=completed), so the call ends, as after any transfer`,
    ]);
    const written = await record();
    expect(written).toMatchObject({ outcome: 'transferred', language: 'en', inputs: ['1', '2', 'dial:completed'] });
    expect(written).not.toHaveProperty('startedOver');
  });

  it('not answered (busy, no-answer, failed): the caller, still on the line, starts over at the English menu, and the record says so', async () => {
    for (const status of ['busy', 'no-answer', 'failed']) {
      const { app, logger, record } = callOnFixedMenu();
      await putThroughInEnglish(app);
      const answer = await app.handle(signed(ENDED, { ...CALL, DialCallStatus: status, DialCallDuration: '0' }));
      expect(answer.body, status).toContain(WELCOME_EN);
      expect(answer.body, status).toContain(MENU_EN);
      expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
        `CallSid=${CALL_SID} continue request for node "consumer-operator-old", not in the flow (changed since the call began?): the call starts over at "consumer-welcome-en" in "en"`,
      ]);
      expect(await record()).toMatchObject({ outcome: 'caller-hung-up-in-menu', inputs: ['1', '2', `dial:${status}`], startedOver: ['consumer-operator-old'] });
    }
  });
});
