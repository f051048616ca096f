import { describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { ACCOUNT_SID, AUTH_TOKEN, fakeTwilioDuringSuite } from './fakeTwilio';
import { call, MOBILE, ORIGIN, SATURDAY, SMS_ENV } from './support';

// The caller hears "sent" as soon as Twilio accepts the chat-link SMS
// (queued). Whether it reached the phone, Twilio tells later at the message's
// status callback, with each status after the first and ErrorCode on a
// failure (https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks).
// The app names that callback with each message and logs what it hears.

const { twilio } = fakeTwilioDuringSuite();

/** Twilio's POST to the message's status callback, signed with the account's token (or not). */
function statusPost(url: string, params: Record<string, string>, signed = true): Request {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signed) headers['x-twilio-signature'] = getExpectedTwilioSignature(AUTH_TOKEN, url, params);
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

describe("the chat-link SMS's delivery", () => {
  it('the message names the status callback, with the call; an undelivered message is logged as a warning with its error', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    const create = twilio.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
    const callback = `${ORIGIN}/api/sms/status?callSid=${c.callSid}`;
    expect(create?.form.get('StatusCallback')).toBe(callback);

    const sid = twilio.messages[0]!.sid;
    const message = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, To: MOBILE, From: '+390212345678', ApiVersion: '2010-04-01' };
    const answers = [
      await c.app.fetch(statusPost(callback, { ...message, MessageStatus: 'sent', SmsStatus: 'sent' })),
      await c.app.fetch(statusPost(callback, { ...message, MessageStatus: 'undelivered', SmsStatus: 'undelivered', ErrorCode: '30007' })),
      // No Twilio error code: left out, as a number is what a query of `code` compares.
      await c.app.fetch(statusPost(callback, { ...message, MessageStatus: 'failed', SmsStatus: 'failed', ErrorCode: '30007x' })),
    ];
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    // `code` a number, as in the ivr.sms line (`"code":21610`), though Twilio's form sends it as text.
    expect(c.logger.events('ivr.sms-status')).toEqual([
      { level: 'info', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'sent', to: '+39******4567' },
      { level: 'warn', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'undelivered', code: 30007, to: '+39******4567' },
      { level: 'warn', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'failed', to: '+39******4567' },
    ]);
  });

  it('deployed behind Azure’s front end, which ends TLS, the callback is on the https origin Twilio called, and its reports are logged', async () => {
    // The function sees http, Twilio signed https (https://github.com/Azure/azure-functions-host/issues/6602):
    // the callback must be the public https origin, never left out as for a local host.
    const { PUBLIC_BASE_URL: _unset, ...deployed } = SMS_ENV;
    const c = await call({ at: SATURDAY, press: ['-', '1'], env: deployed, behindTlsFrontEnd: true });
    const create = twilio.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
    const callback = `${ORIGIN}/api/sms/status?callSid=${c.callSid}`;
    expect(create?.form.get('StatusCallback')).toBe(callback);

    const sid = twilio.messages[0]!.sid;
    const report = statusPost(callback, { AccountSid: ACCOUNT_SID, MessageSid: sid, MessageStatus: 'delivered', To: MOBILE });
    const seenAsHttp = new Request(callback.replace(/^https:/, 'http:'), { method: 'POST', headers: report.headers, body: await report.text() });
    expect((await c.app.fetch(seenAsHttp)).status).toBe(204);
    expect(c.logger.events('ivr.sms-status')).toEqual([{ level: 'info', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'delivered', to: '+39******4567' }]);
  });

  it('sent from a webhook reached over plain http (a local host), the message names no callback Twilio could not reach', async () => {
    await call({ at: SATURDAY, press: ['-', '1'], env: { ...SMS_ENV, PUBLIC_BASE_URL: 'http://127.0.0.1:7071' } });
    const create = twilio.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
    expect(create?.form.get('To')).toBe(MOBILE);
    expect(create?.form.has('StatusCallback')).toBe(false);
  });

  it('an unsigned report is refused with 403 and logs no status', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    const sid = twilio.messages[0]!.sid;
    const answer = await c.app.fetch(statusPost(`${ORIGIN}/api/sms/status?callSid=${c.callSid}`, { MessageSid: sid, MessageStatus: 'delivered', To: MOBILE }, false));
    expect(answer.status).toBe(403);
    expect(c.logger.events('ivr.sms-status')).toEqual([]);
  });
});

describe('the SMS status reports the app logs, and those it does not', () => {
  it('a status still on the way out (accepted, scheduled, queued, sending), none, or of no message sid: answered 204, no line', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    const callback = `${ORIGIN}/api/sms/status?callSid=${c.callSid}`;
    const sid = twilio.messages[0]!.sid;
    const reports: Array<Record<string, string>> = [
      ...['accepted', 'scheduled', 'queued', 'sending'].map((status) => ({ MessageSid: sid, MessageStatus: status, SmsStatus: status })),
      { MessageSid: sid },
      { MessageSid: `${sid}0`, MessageStatus: 'delivered' },
      { MessageSid: `XX${sid}`, MessageStatus: 'delivered' },
      { MessageStatus: 'delivered' },
    ];
    for (const report of reports) {
      expect((await c.app.fetch(statusPost(callback, { AccountSid: ACCOUNT_SID, To: MOBILE, ...report }))).status).toBe(204);
    }
    expect(c.logger.events('ivr.sms-status')).toEqual([]);
  });

  it('an MMS sid, a status given only as SmsStatus, and a callSid that is no CallSid (left out of the line) are logged', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    const mms = `MM${'ab'.repeat(16)}`;
    const post = (callSid: string, params: Record<string, string>) =>
      c.app.fetch(statusPost(`${ORIGIN}/api/sms/status?callSid=${callSid}`, { AccountSid: ACCOUNT_SID, To: MOBILE, ...params }));
    expect((await post(c.callSid, { MessageSid: mms, SmsStatus: 'delivered' })).status).toBe(204);
    expect((await post('not-a-call', { MessageSid: mms, MessageStatus: 'read' })).status).toBe(204);
    expect(c.logger.events('ivr.sms-status')).toEqual([
      { level: 'info', event: 'ivr.sms-status', callSid: c.callSid, sid: mms, status: 'delivered', to: '+39******4567' },
      { level: 'info', event: 'ivr.sms-status', sid: mms, status: 'read', to: '+39******4567' },
    ]);
  });

  it('a failure whose ErrorCode is no number is logged without code; a status past 32 characters is cut; no To, an empty one', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    const callback = `${ORIGIN}/api/sms/status?callSid=${c.callSid}`;
    const sid = twilio.messages[0]!.sid;
    const post = (params: Record<string, string>) => c.app.fetch(statusPost(callback, { AccountSid: ACCOUNT_SID, MessageSid: sid, ...params }));
    expect((await post({ MessageStatus: 'failed', ErrorCode: 'x30007', To: MOBILE })).status).toBe(204);
    expect((await post({ MessageStatus: 'delivered'.repeat(5), To: MOBILE })).status).toBe(204);
    expect((await post({ MessageStatus: 'delivered' })).status).toBe(204);
    expect(c.logger.events('ivr.sms-status')).toEqual([
      { level: 'warn', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'failed', to: '+39******4567' },
      { level: 'info', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'delivered'.repeat(5).slice(0, 32), to: '+39******4567' },
      { level: 'info', event: 'ivr.sms-status', callSid: c.callSid, sid, status: 'delivered', to: '' },
    ]);
  });

  it('with IVR_LOG_PHONE_NUMBERS=full, the To in full, cut at 64 characters', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'], env: { ...SMS_ENV, IVR_LOG_PHONE_NUMBERS: 'full' } });
    const sid = twilio.messages[0]!.sid;
    const post = (to: string) => c.app.fetch(statusPost(`${ORIGIN}/api/sms/status?callSid=${c.callSid}`, { AccountSid: ACCOUNT_SID, MessageSid: sid, MessageStatus: 'delivered', To: to }));
    expect((await post(MOBILE)).status).toBe(204);
    expect((await post('9'.repeat(100))).status).toBe(204);
    expect(c.logger.events('ivr.sms-status').map((line) => line.to)).toEqual([MOBILE, '9'.repeat(64)]);
  });
});
