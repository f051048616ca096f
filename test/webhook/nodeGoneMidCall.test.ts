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
import { promptSaid, shippedLanguages } from '../support/shippedFlow';

// A deploy that renames or removes a node while calls are in progress: a call
// waiting there sends its next request for a node the flow no longer has. The
// call starts over, and says so in the log and its record; a caller who chose
// English is not sent back to the Italian welcome.

const CALL_SID = `CA${'5e'.repeat(16)}`;
const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
const WELCOME_IT = promptSaid('consumer-welcome', 'it')[0] as string;
const WELCOME_EN = promptSaid('consumer-welcome-en', 'en')[0] as string;
const MENU_EN = promptSaid('consumer-menu', 'en')[0] as string;

function signed(path: string, params: Record<string, string>): PlainRequest {
  return buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;
}

function callOnShippedFlow() {
  const logger = recordingLogger();
  const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), clock: () => instant, logger, journal: memoryJournal() });
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
    const { app, logger, record } = callOnShippedFlow();
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
    const { app, logger, record } = callOnShippedFlow();
    await app.handle(signed('/api/voice', CALL));
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu-old&lang=it&tries=0', { ...CALL, Digits: '' }));
    expect(answer.body).toContain(WELCOME_IT);
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('"consumer-menu-old", not in the flow'))).toBe(true);
    expect(await record()).toMatchObject({ language: 'it', path: ['consumer-welcome', 'consumer-welcome'], inputs: ['none'], startedOver: ['consumer-menu-old'] });
  });

  it('a language the flow lacks: the Italian welcome, the flow’s default', async () => {
    const { app } = callOnShippedFlow();
    // A language the shipped flow lacks (German, until an editor adds it; then the next of these it lacks).
    const lacked = ['de', 'fr', 'es', 'nl', 'pt'].find((language) => !shippedLanguages().includes(language));
    const answer = await app.handle(signed(`/api/voice/continue?line=consumer&node=consumer-menu-renamed&lang=${lacked}&tries=0`, { ...CALL, Digits: '2' }));
    expect(answer.body).toContain(WELCOME_IT);
  });
});

describe("Twilio's fallback after a request for a node the flow no longer has failed", () => {
  // When a request fails, Twilio requests the number's fallback URL (ivr provision sets the start URL), adding
  // ErrorUrl, the URL that failed (https://www.twilio.com/docs/usage/security/availability-reliability).
  it('the English caller starts over at the English welcome, with the warning and startedOver in the record', async () => {
    const { app, logger, record } = callOnShippedFlow();
    await app.handle(signed('/api/voice', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '1' }));
    const fallback = await app.handle(signed('/api/voice', { ...CALL, ErrorCode: '11200', ErrorUrl: `${ORIGIN}/api/voice/continue?line=consumer&node=consumer-menu-renamed&lang=en&tries=0` }));
    expect(fallback.body).toContain(WELCOME_EN);
    expect(fallback.body).not.toContain(WELCOME_IT);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      `CallSid=${CALL_SID} Twilio's fallback after a failed continue request for node "consumer-menu-renamed", not in the flow (changed since the call began?): the call starts over at "consumer-welcome-en" in "en"`,
    ]);
    expect(await record()).toMatchObject({ language: 'en', inputs: ['1'], startedOver: ['consumer-menu-renamed'] });
  });
});
