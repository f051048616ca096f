import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { PlainRequest } from '../../src/http/plainHttp';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { AUTH_TOKEN, ACCOUNT_SID } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, WEEKDAY_OPEN } from '../twilio/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';

// When a transfer ends, Twilio requests the <Dial>'s action URL with DialCallStatus. Besides `completed`, Twilio's
// table of values (https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus) has `answered`: "When calling a
// conference, the called party answered the call and was connected to the caller"; and after hangupOnStar "when
// calling a conference, the DialCallStatus will be answered". Either way the caller spoke with the operator: the
// call ends, as after any transfer that was answered, and they are not told no operator could answer.

const CALL = { AccountSid: ACCOUNT_SID, CallSid: `CA${'a7'.repeat(16)}`, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
// On the fixed copy of the menu, whose node names an editor's rename of the shipped ones does not move.
const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), flow: fixedFlow(), clock: () => instant, logger: { info: () => {}, warn: () => {}, error: () => {} } });

function signed(path: string, params: Record<string, string>): PlainRequest {
  return buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;
}

describe('a transfer that ends with DialCallStatus=answered', () => {
  it("at the operator's dial node: the call ends, with no apology and no other way to get help offered", async () => {
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-operator&lang=en&tries=0', { ...CALL, DialCallStatus: 'answered', DialCallDuration: '240' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<Hangup/>');
    expect(answer.body).not.toContain('<Say');
    expect(answer.body).not.toContain('no operator can answer');
  });

  it('at a dial node a deploy renamed during the transfer: the call ends too, not at the welcome menu again', async () => {
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-operator-old&lang=en&tries=0', { ...CALL, DialCallStatus: 'answered', DialCallDuration: '240' }));
    expect(answer.body).toContain('<Hangup/>');
    expect(answer.body).not.toContain('Welcome to Klarna Italia customer service.');
  });
});
