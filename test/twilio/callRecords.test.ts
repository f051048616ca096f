import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { expectedSignature } from '../../src/webhook/twilioSignature';
import { ACCOUNT_SID, AUTH_TOKEN } from './fakeTwilio';
import { call, CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SATURDAY, WEEKDAY_OPEN } from './support';

// Call records: Twilio's status callback at the end of a call gives one
// `ivr.call` line; each webhook answer gave an `ivr.step` line; joined on
// CallSid they tell a call's line, language, path, outcome and duration.

const STATUS_URL = `${ORIGIN}/api/voice/status`;
const BASE_ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN };

function statusApp(env: Record<string, string> = {}) {
  const logger = recordingLogger();
  const app = createApp({ settings: readSettings({ ...BASE_ENV, ...env }), logger });
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

describe('the status callback', () => {
  it('answers 204 and logs one ivr.call line: CallSid, line, status, duration, caller masked', async () => {
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
      durationSeconds: 83,
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
    await app.fetch(statusCallback({ To: '+390237921250', Called: '+390237921250' }));
    await app.fetch(statusCallback({ To: '+15005550006', Called: '+15005550006' }));
    expect(logger.lines.map((l) => JSON.parse(l.message).line)).toEqual(['merchant', 'merchant']);
  });

  it.each(['busy', 'no-answer', 'failed', 'canceled'])('a call that ended %s is logged with that status', async (status) => {
    const { app, logger } = statusApp();
    await app.fetch(statusCallback({ CallStatus: status, CallDuration: '0' }));
    expect(JSON.parse(logger.lines[0]!.message)).toMatchObject({ status, durationSeconds: 0 });
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
    expect(logger.lines).toEqual([]);
    const { CallDuration: _d, ...withoutDuration } = Object.fromEntries(new URLSearchParams(await statusCallback({}).text()));
    await app.fetch(new Request(STATUS_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(withoutDuration) }));
    expect(JSON.parse(logger.lines[0]!.message).durationSeconds).toBeNull();
  });

  it('is a route of the app, for POST and GET only', async () => {
    const { app } = statusApp();
    expect((await app.fetch(new Request(STATUS_URL, { method: 'PUT' }))).status).toBe(405);
  });
});

/** What the README's Application Insights query does, in a few lines: join on CallSid, path in order. */
function record(lines: { message: string }[], callSid: string) {
  const parsed = lines.flatMap((l) => (l.message.startsWith('{"event":"ivr.') ? [JSON.parse(l.message)] : [])).filter((e) => e.callSid === callSid);
  const steps = parsed.filter((e) => e.event === 'ivr.step');
  const end = parsed.find((e) => e.event === 'ivr.call');
  return {
    line: end?.line,
    language: steps.at(-1)?.language,
    path: steps.flatMap((s) => s.nodes).join(' > '),
    lastEnd: steps.at(-1)?.end,
    sms: steps.find((s) => s.sms)?.sms,
    status: end?.status,
    durationSeconds: end?.durationSeconds,
  };
}

describe('a whole call, as the records tell it', () => {
  it('Saturday, English, SMS declined: path, language and duration joined on CallSid', async () => {
    const c = await call({ at: SATURDAY, press: ['1', '-'], env: { ...BASE_ENV } });
    await c.app.fetch(statusCallback({ CallSid: c.callSid, CallDuration: '41' }));
    expect(record(c.logger.lines, c.callSid)).toEqual({
      line: 'consumer',
      language: 'en',
      path: 'consumer-welcome > consumer-hours > closed > chat-link-sms > goodbye',
      lastEnd: 'hangup',
      sms: undefined,
      status: 'completed',
      durationSeconds: 41,
    });
  });

  it('an operator who answered: the last step says transferred', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', '2'], env: { ...BASE_ENV } });
    await c.app.fetch(statusCallback({ CallSid: c.callSid }));
    expect(record(c.logger.lines, c.callSid)).toMatchObject({
      language: 'it',
      path: 'consumer-welcome > consumer-hours > consumer-menu > consumer-operator',
      lastEnd: 'transferred',
    });
  });

  it('a caller who hangs up in the menu: the last step was waiting for keys', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', { hangup: true }], env: { ...BASE_ENV } });
    await c.app.fetch(statusCallback({ CallSid: c.callSid, CallDuration: '12' }));
    expect(record(c.logger.lines, c.callSid)).toMatchObject({ path: 'consumer-welcome > consumer-hours > consumer-menu', lastEnd: 'gather', durationSeconds: 12 });
  });

  it('step lines carry no phone number', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'], env: { ...BASE_ENV, IVR_LOG_PHONE_NUMBERS: 'full' } });
    const steps = c.logger.lines.filter((l) => l.message.startsWith('{"event":"ivr.step"'));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.map((l) => l.message).join('\n')).not.toMatch(/\+\d{6,}/);
  });
});
