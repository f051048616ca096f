import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { Flow } from '../../src/flow/schema';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { expectedSignature } from '../../src/webhook/twilioSignature';
import { ACCOUNT_SID, AUTH_TOKEN } from './fakeTwilio';
import { call, CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SATURDAY, WEEKDAY_OPEN } from './support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';

// Call records: each webhook answer goes to the call journal, and Twilio's
// status callback at the end of the call takes it back to write one `ivr.call`
// line: line, language, path, inputs, outcome, SMS and duration.

const STATUS_URL = `${ORIGIN}/api/voice/status`;
const BASE_ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS };

/** The app with a fixed clock, a weekday with the lines open: the voice requests some tests send must not depend on today. */
function statusApp(env: Record<string, string> = {}) {
  const logger = recordingLogger();
  const clock = () => DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
  // On the fixed copy of the menu, as call() serves it: the paths below name its nodes, which a rename in the shipped
  // menu does not move.
  const app = createApp({ settings: readSettings({ ...BASE_ENV, ...env }), flow: fixedFlow(), logger, journal: memoryJournal(), clock });
  logger.lines.length = 0;
  return { app, logger };
}

/** The status callback Twilio sends when a call to one of our numbers ends. */
function statusCallback(params: Record<string, string>, options: { token?: string; url?: string } = {}): Request {
  const full = {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: `CA${'7e'.repeat(16)}`,
    CallStatus: 'completed',
    CallDuration: '83',
    Called: CONSUMER_LINE,
    Caller: MOBILE,
    Direction: 'inbound',
    From: MOBILE,
    To: CONSUMER_LINE,
    Timestamp: 'Sat, 28 Nov 2026 10:01:23 +0000',
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
    ...params,
  };
  const url = options.url ?? STATUS_URL;
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(options.token ?? AUTH_TOKEN, url, full) },
    body: new URLSearchParams(full),
  });
}

/** A request Twilio signs, as it posts to one of the app's webhooks. */
function signedPost(url: string, params: Record<string, string>): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params),
  });
}

describe('the status callback', () => {
  it('answers 204 and logs one ivr.call line: CallSid, line, status, duration, caller masked; no path for a call it never answered', async () => {
    const { app, logger } = statusApp();
    const res = await app.fetch(statusCallback({}));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.level).toBe('info');
    expect(JSON.parse(logger.lines[0]!.message)).toEqual({
      event: 'ivr.call',
      callSid: `CA${'7e'.repeat(16)}`,
      line: 'consumer',
      status: 'completed',
      outcome: 'unknown',
      language: null,
      path: null,
      inputs: null,
      pathMissing: 'not-recorded',
      durationSeconds: 83,
      // No answer of the call in the journal: it began 83 s before Twilio's Timestamp, in Rome time.
      startedAt: '2026-11-28T11:00:00+01:00',
      from: '+39******4567',
      to: '+39******1240',
      timestamp: 'Sat, 28 Nov 2026 10:01:23 +0000',
    });
  });

  it('with IVR_LOG_PHONE_NUMBERS=full, the caller number in full', async () => {
    const { app, logger } = statusApp({ IVR_LOG_PHONE_NUMBERS: 'full' });
    await app.fetch(statusCallback({}));
    expect(JSON.parse(logger.lines[0]!.message)).toMatchObject({ from: MOBILE, to: CONSUMER_LINE });
  });

  it('names the line from the number called, including a test number mapped by IVR_LINE_NUMBERS', async () => {
    const { app, logger } = statusApp({ IVR_LINE_NUMBERS: '+15005550006=merchant' });
    await app.fetch(statusCallback({ CallSid: `CA${'71'.repeat(16)}`, To: '+390237921250', Called: '+390237921250' }));
    await app.fetch(statusCallback({ CallSid: `CA${'72'.repeat(16)}`, To: '+15005550006', Called: '+15005550006' }));
    expect(logger.lines.map((l) => JSON.parse(l.message).line)).toEqual(['merchant', 'merchant']);
  });

  it.each(['busy', 'no-answer', 'failed', 'canceled'])('a call that ended %s is logged with that status', async (status) => {
    const { app, logger } = statusApp();
    await app.fetch(statusCallback({ CallStatus: status, CallDuration: '0' }));
    expect(JSON.parse(logger.lines[0]!.message)).toMatchObject({ status, outcome: status, durationSeconds: 0 });
  });

  it.each(['ringing', 'in-progress', 'queued', 'initiated'])('a call still %s is not a finished call: 204, no line', async (status) => {
    const { app, logger } = statusApp();
    const res = await app.fetch(statusCallback({ CallStatus: status }));
    expect(res.status).toBe(204);
    expect(logger.lines).toEqual([]);
  });

  it('checks the signature like the voice webhook: a wrong one gets 403 and writes no record', async () => {
    const { app, logger } = statusApp();
    const res = await app.fetch(statusCallback({}, { token: 'not-our-token' }));
    expect(res.status).toBe(403);
    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);
    expect(logger.lines[0]?.message).not.toContain('ivr.call');
  });

  it('a forged CallSid or a missing duration never breaks the line', async () => {
    const { app, logger } = statusApp({ TWILIO_SIGNATURE_VALIDATION: 'off' });
    expect((await app.fetch(statusCallback({ CallSid: 'CA"}\n{"event":"ivr.call' }))).status).toBe(204);
    // No record, and one warning that says so, without what the request sent (statusCallbackRefusal.test.ts).
    expect(logger.events('ivr.call')).toEqual([]);
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^status callback with CallSid=\(not a CallSid\): answered 204, and no ivr\.call line will be written/) }]);
    logger.lines.length = 0;
    const { CallDuration: _d, ...withoutDuration } = Object.fromEntries(new URLSearchParams(await statusCallback({}).text()));
    await app.fetch(new Request(STATUS_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(withoutDuration) }));
    expect(JSON.parse(logger.lines[0]!.message).durationSeconds).toBeNull();
  });

  it('is a route of the app, for POST and GET only', async () => {
    const { app } = statusApp();
    expect((await app.fetch(new Request(STATUS_URL, { method: 'PUT' }))).status).toBe(405);
  });
});

// The fixed copy of the menu, as call() serves it (test/support/fixedMenu.ts).
const KLARNA_FLOW = fixedFlow();

/** The call's `ivr.call` lines, parsed. */
function callLines(c: { logger: ReturnType<typeof recordingLogger> }) {
  return c.logger.events('ivr.call');
}

describe('a whole call, then Twilio\'s status callback: one ivr.call line tells it all', () => {
  it('an English caller (1 at the welcome) put through to an operator', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], env: BASE_ENV });
    expect(c.outcome.kind).toBe('dial');
    expect(callLines(c)).toEqual([
      {
        level: 'info',
        event: 'ivr.call',
        callSid: c.callSid,
        line: 'consumer',
        status: 'completed',
        outcome: 'transferred',
        language: 'en',
        path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'],
        inputs: ['1', '2', 'dial:completed'],
        durationSeconds: Math.ceil(c.virtualSeconds),
        // The instant of the call's first answer, what `ivr replay` and `ivr report` place it by.
        startedAt: '2026-11-24T10:00:00+01:00',
        from: '+39******4567',
        to: '+39******1240',
        // Twilio's time of the status callback: the call's end.
        timestamp: DateTime.fromISO('2026-11-24T09:00:00Z').plus({ seconds: Math.ceil(c.virtualSeconds) }).toUTC().toRFC2822(),
      },
    ]);
  });

  it('no per-answer lines: the journal replaces them', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], env: BASE_ENV });
    expect(c.logger.lines.filter((l) => l.level === 'info').map((l) => JSON.parse(l.message).event)).toEqual(['ivr.call']);
  });

  it('silence at the welcome, then the caller hangs up in the menu: Italian, waiting for a key', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', { hangup: true }], env: BASE_ENV });
    expect(callLines(c)).toEqual([
      expect.objectContaining({
        outcome: 'caller-hung-up-in-menu',
        language: 'it',
        path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'],
        inputs: ['none'],
      }),
    ]);
  });

  it('silence at every prompt: the menu asks three times, then puts the caller through', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: [], env: BASE_ENV });
    expect(callLines(c)).toEqual([
      expect.objectContaining({
        outcome: 'transferred',
        language: 'it',
        path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-menu', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'],
        inputs: ['none', 'none', 'none', 'none', 'dial:completed'],
      }),
    ]);
  });

  it('a busy operator: the apology and goodbye, the dial status among the inputs', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], dialStatus: 'busy', env: BASE_ENV });
    expect(callLines(c)).toEqual([
      expect.objectContaining({
        outcome: 'menu-hung-up',
        language: 'en',
        path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'goodbye'],
        inputs: ['1', '2', 'dial:busy'],
      }),
    ]);
  });

  it('Saturday in English: the closed message, the line named from the number called', async () => {
    const c = await call({ at: SATURDAY, press: ['1'], env: BASE_ENV });
    expect(callLines(c)).toEqual([
      expect.objectContaining({ line: 'consumer', outcome: 'menu-hung-up', language: 'en', path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye'], inputs: ['1'] }),
    ]);
  });

  it('the app fails at the transfer: the apology is the outcome, the error has its own line', async () => {
    const flow = structuredClone(KLARNA_FLOW) as Flow;
    (flow.nodes['consumer-operator'] as { destination: unknown }).destination = { it: 'nowhere', en: 'nowhere' };
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], env: BASE_ENV, flow });
    expect(callLines(c)).toEqual([expect.objectContaining({ outcome: 'app-error', language: 'en', path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'] })]);
    expect(c.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('a status callback on an instance that never saw the call (memory journal): the line goes out, path null, and says why', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], env: BASE_ENV });
    const other = statusApp();
    await other.app.fetch(statusCallback({ CallSid: c.callSid, CallDuration: '95' }));
    expect(other.logger.events('ivr.call')).toEqual([
      expect.objectContaining({ callSid: c.callSid, status: 'completed', outcome: 'unknown', path: null, language: null, pathMissing: 'not-recorded', durationSeconds: 95 }),
    ]);
  });

  // As the table journal: a call taken with nothing kept is remembered taken all the same.
  it('a status callback sent again to an instance that never saw the call writes no second line', async () => {
    const { app, logger } = statusApp();
    const callSid = `CA${'6f'.repeat(16)}`;
    await app.fetch(statusCallback({ CallSid: callSid }));
    await app.fetch(statusCallback({ CallSid: callSid }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ callSid, path: null, pathMissing: 'not-recorded' })]);
    expect(logger.lines.at(-1)?.message).toBe(`CallSid=${callSid} status callback (completed) came again: its ivr.call line was written at the first, so none is written now`);
  });

  // Twilio sends a webhook again when it saw no answer in time: once by default (`rc`), and on read timeouts
  // or 5xx too with `#rp=` in the URL: https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides
  it('a status callback Twilio sends again writes no second ivr.call line: the call is counted once, with its path', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['1', '2'], env: BASE_ENV });
    const again = await c.app.fetch(statusCallback({ CallSid: c.callSid }));
    expect(again.status).toBe(204);
    expect(callLines(c)).toEqual([expect.objectContaining({ callSid: c.callSid, outcome: 'transferred', path: expect.arrayContaining(['consumer-operator']) })]);
    expect(c.logger.lines.at(-1)?.message).toBe(`CallSid=${c.callSid} status callback (completed) came again: its ivr.call line was written at the first, so none is written now`);
  });

  it('a start request Twilio sends again does not double the path: the caller heard the welcome once', async () => {
    const { app, logger } = statusApp();
    const callSid = `CA${'6b'.repeat(16)}`;
    const start = () => signedPost(`${ORIGIN}/api/voice`, { AccountSid: ACCOUNT_SID, CallSid: callSid, CallStatus: 'ringing', From: MOBILE, To: CONSUMER_LINE, Called: CONSUMER_LINE, Caller: MOBILE, Direction: 'inbound' });
    expect((await app.fetch(start())).status).toBe(200);
    expect((await app.fetch(start())).status).toBe(200);
    await app.fetch(statusCallback({ CallSid: callSid }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ path: ['consumer-welcome'], inputs: [], outcome: 'caller-hung-up-in-menu' })]);
  });

  // The fallback URL, the start URL as ivr provision sets it, with ErrorCode and ErrorUrl after a request failed:
  // https://www.twilio.com/docs/usage/security/availability-reliability. Not a start sent again: the caller heard the welcome twice.
  it('a fallback to the start URL that starts the call over stays in the path, though a start sent again does not', async () => {
    const { app, logger } = statusApp();
    const callSid = `CA${'6c'.repeat(16)}`;
    const params = { AccountSid: ACCOUNT_SID, CallSid: callSid, CallStatus: 'in-progress', From: MOBILE, To: CONSUMER_LINE, Called: CONSUMER_LINE, Caller: MOBILE, Direction: 'inbound' };
    await app.fetch(signedPost(`${ORIGIN}/api/voice`, params));
    // A transfer's action URL failed: how the transfer ended is not known, so the call starts over.
    await app.fetch(signedPost(`${ORIGIN}/api/voice`, { ...params, ErrorCode: '11200', ErrorUrl: `${ORIGIN}/api/voice/continue?line=consumer&node=consumer-operator&lang=it&tries=0` }));
    await app.fetch(statusCallback({ CallSid: callSid }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ path: ['consumer-welcome', 'consumer-welcome'] })]);
  });

  // The same fallback when the start request itself failed, e.g. an Azure cold start outlasting Twilio's 15 s
  // (https://www.twilio.com/docs/usage/security/availability-reliability): the caller heard the fallback's
  // welcome, once, though the first request still ran to its end.
  it('a fallback after the start request failed does not double the welcome', async () => {
    const { app, logger } = statusApp();
    const callSid = `CA${'6d'.repeat(16)}`;
    const params = { AccountSid: ACCOUNT_SID, CallSid: callSid, CallStatus: 'in-progress', From: MOBILE, To: CONSUMER_LINE, Called: CONSUMER_LINE, Caller: MOBILE, Direction: 'inbound' };
    await app.fetch(signedPost(`${ORIGIN}/api/voice`, params));
    await app.fetch(signedPost(`${ORIGIN}/api/voice`, { ...params, ErrorCode: '11205', ErrorUrl: `${ORIGIN}/api/voice` }));
    await app.fetch(statusCallback({ CallSid: callSid }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ path: ['consumer-welcome'], inputs: [] })]);
  });

  it('a call whose start request never ran is begun by the fallback: its record keeps the instant the caller was answered', async () => {
    const { app, logger } = statusApp();
    const callSid = `CA${'6e'.repeat(16)}`;
    const params = { AccountSid: ACCOUNT_SID, CallSid: callSid, CallStatus: 'in-progress', From: MOBILE, To: CONSUMER_LINE, Called: CONSUMER_LINE, Caller: MOBILE, Direction: 'inbound' };
    await app.fetch(signedPost(`${ORIGIN}/api/voice`, { ...params, ErrorCode: '11205', ErrorUrl: `${ORIGIN}/api/voice` }));
    // The callback's Timestamp less its duration would be Saturday 11:00; the fallback answered on the app's clock.
    await app.fetch(statusCallback({ CallSid: callSid }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ path: ['consumer-welcome'], startedAt: '2026-11-24T10:00:00+01:00' })]);
  });

  it('a call Twilio reports as not completed keeps Twilio\'s status as its outcome', async () => {
    const journal = memoryJournal();
    const logger = recordingLogger();
    const app = createApp({ settings: readSettings(BASE_ENV), logger, journal });
    const callSid = `CA${'7e'.repeat(16)}`;
    journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
    await app.fetch(statusCallback({ CallSid: callSid, CallStatus: 'canceled', CallDuration: '0' }));
    expect(logger.events('ivr.call')).toEqual([expect.objectContaining({ status: 'canceled', outcome: 'canceled', path: ['consumer-welcome'], inputs: [] })]);
  });

  it('carries no phone number but from and to, which are masked', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'], env: { ...BASE_ENV, IVR_LOG_PHONE_NUMBERS: 'full' } });
    const [line] = callLines(c);
    const { from, to, ...rest } = line;
    expect([from, to]).toEqual([MOBILE, CONSUMER_LINE]);
    expect(JSON.stringify(rest)).not.toMatch(/\+\d{6,}/);
  });
});

describe('the Application Insights queries in docs/call-records.md', () => {
  const page = readFileSync(path.join(__dirname, '../../docs/call-records.md'), 'utf8');
  const queries = [...page.matchAll(/```kusto\n([\s\S]*?)```/g)].map((m) => m[1] as string);

  it('reads ivr.call lines alone', () => {
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query).toContain('ivr.call');
      expect(query).not.toContain('ivr.step');
    }
  });

  it('uses only fields an ivr.call line has, with or without a path', async () => {
    const journal = memoryJournal();
    const logger = recordingLogger();
    const app = createApp({ settings: readSettings(BASE_ENV), logger, journal });
    const withSms = `CA${'5a'.repeat(16)}`;
    journal.record({ callSid: withSms, line: 'consumer', language: 'it', input: '1', nodes: ['chat-link-sms', 'goodbye'], end: 'hangup', sms: 'sent' });
    await app.fetch(statusCallback({ CallSid: withSms }));
    await app.fetch(statusCallback({}));
    const fields = new Set(logger.events('ivr.call').flatMap((line) => Object.keys(line)));
    const used = new Set(queries.flatMap((q) => [...q.matchAll(/\be\.(\w+)/g)].map((m) => m[1] as string)));
    expect(used.size).toBeGreaterThan(5);
    for (const field of used) expect(fields, `e.${field}`).toContain(field);
  });
});
