import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { clockOfCall } from '../../src/app/clockOfCall';
import { createApp } from '../../src/app/createApp';
import { twilioView } from '../../src/app/twilioView';
import { readSettings } from '../../src/config/settings';
import type { PlainRequest } from '../../src/http/plainHttp';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { scriptOf } from '../../src/replay/replayRecord';
import { fromText } from '../../src/records/readRecords';
import { isCallLine } from '../../src/webhook/callRecords';
import { dialScript, simulateCall, VirtualClock, type CallerAction, type DialStatus } from '../../src/simulator';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { simulateSms } from '../../src/twilio/simulatedSms';
import { STATUS_CALLBACK_PATH } from '../../src/webhook/statusCallback';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, WEEKDAY_OPEN } from '../twilio/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';

// A caller who hangs up while a transfer rings. Twilio still requests the <Dial>'s action "when the <Dial> call
// ends" (https://www.twilio.com/docs/voice/twiml/dial#action), with DialCallStatus (the simulator says
// `canceled`: Twilio's table of values, https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus, does not say
// which it sends then) and a CallStatus that says the call is over, `completed` ("the call was answered and has
// ended", https://www.twilio.com/docs/voice/twiml#callstatus-values; a call still on the line is `in-progress`).
// Nothing answered to it runs (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends),
// so the app answers an empty <Response/>, the answer Twilio documents for requests that control no call
// (https://www.twilio.com/docs/voice/twiml#status-callbacks-in-your-response), and records the call as ended at the
// transfer: not as having heard "no operator" and the SMS offer that its TwiML would have held. A caller who spoke
// with the operator and then hung up gets the same request with DialCallStatus completed: put through, as ever.
//
// And the chat-link SMS: `declined` only when the caller answered the offer (another key, or silence until it timed
// out); a call that ended before any answer to it says `unanswered` (docs/call-records.md).
//
// On the fixed copy of the menu (test/support/fixedMenu.ts), so an editor's change of the shipped one does not
// reach these tests; and each hang-up second is read from the same call made without one (when the transfer's
// words begin, when it rings, when the closed message begins), not counted from how long the prompts take to say.

const LANDLINE = '+390212345678';
const CLOSED = '2026-11-24T20:05'; // a Tuesday evening
const flow = fixedFlow();

interface HangUpCall {
  at: string;
  press: string[];
  hangupAt?: number;
  dialStatus?: DialStatus;
  from?: string;
  /** How long the status callback waits for a <Dial>'s action still to come (the journal's lastAnswerWaitMs; real time). */
  lastAnswerWaitMs?: number;
}

/** A call on the consumer line through the real webhook, the simulator playing Twilio (hang-up included, as `ivr call --hangup-at`), with an SMS sender. */
async function callAndRecord({ at, press, hangupAt, dialStatus = 'completed', from = MOBILE, lastAnswerWaitMs }: HangUpCall) {
  const logger = recordingLogger();
  const sms = simulateSms(readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), 'sent', CONSUMER_LINE);
  const instant = DateTime.fromISO(at, { zone: 'Europe/Rome' });
  const clock = new VirtualClock();
  const app = createApp({ settings: sms.settings, flow, clock: clockOfCall(instant, clock), logger, sendSms: sms.sendSms, journal: memoryJournal(lastAnswerWaitMs === undefined ? {} : { lastAnswerWaitMs }) });
  const { voiceUrl, authToken } = twilioView(sms.settings);
  // What the app answered to each request, by its URL.
  const answers: { url: string; body: string }[] = [];
  const result = await simulateCall({
    url: voiceUrl,
    transport: async (request) => {
      const response = await app.handle(request);
      answers.push({ url: request.url, body: response.body });
      return response;
    },
    call: { to: CONSUMER_LINE, from, accountSid: sms.accountSid },
    caller: press.map((key): CallerAction => (key === '-' ? { silence: true } : { digits: key })),
    dial: dialScript(dialStatus),
    ...(authToken ? { authToken } : {}),
    clock,
    statusCallback: new URL(STATUS_CALLBACK_PATH, voiceUrl).href,
    startedAt: instant.toJSDate(),
    ...(hangupAt !== undefined ? { hangupAt } : {}),
  });
  const lines = logger.lines.filter((l) => isCallLine(l.message)).map((l) => l.message);
  expect(lines).toHaveLength(1);
  // Read back as ivr replay and ivr report read the app's lines: a record they refuse would be no record.
  const read = fromText(lines[0]!, { line: 1 });
  if (!read || !('record' in read)) throw new Error(`the call's record cannot be read: ${JSON.stringify(read)}`);
  return { result, record: read.record, answers, messages: sms.messages };
}

const TO_OPERATOR = ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'];

/** The second of the call at which the first event of `type` after the `after`-th one (0: from the start) begins, as the simulator timed it. */
function secondOf(transcript: { type: string; at: number }[], type: string, after = 0): number {
  const event = transcript.slice(after).find((e) => e.type === type);
  if (!event) throw new Error(`the call had no ${type} event to time a hang-up by: ${transcript.map((e) => e.type).join(', ')}`);
  return event.at;
}

/** When, on a call that presses 2 at the menu and whose operator does not answer, the words before the transfer begin, and its <Dial> begins to ring. */
let transferWordsAt: number;
let ringsAt: number;
beforeAll(async () => {
  const { result } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'no-answer' });
  ringsAt = secondOf(result.transcript, 'dial');
  // The transfer's words ("Ti mettiamo in contatto…") are the last <Say> before the <Dial>.
  transferWordsAt = result.transcript.filter((e) => e.type === 'say' && e.at < ringsAt).at(-1)!.at;
  expect(ringsAt - transferWordsAt, 'the words before the transfer take a second or more to say').toBeGreaterThan(1);
});

describe('a caller who hangs up while the transfer rings (ivr call --press - --press 2 --dial-status no-answer --hangup-at, a few seconds after it began to ring)', () => {
  it('is recorded as caller-hung-up-during-transfer at the dial node: no "no operator", no SMS offer', async () => {
    const { result, record, answers, messages } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'no-answer', hangupAt: ringsAt + 5 });
    // The call as the simulator played it: the dial canceled by the hang-up, its action requested after it.
    expect(result.outcome.kind).toBe('caller-hangup');
    expect(result.transcript.filter((e) => e.type === 'dial').map((e) => e.type === 'dial' && e.status)).toEqual(['canceled']);
    expect(record).toMatchObject({ status: 'completed', outcome: 'caller-hung-up-during-transfer', path: TO_OPERATOR, inputs: ['none', '2', 'dial:canceled'] });
    expect(record).not.toHaveProperty('sms');
    expect(messages).toEqual([]);
    // The action's answer: valid TwiML, and nothing in it (no apology, no offer for a caller who is gone).
    const action = answers.find((a) => a.url.includes('node=consumer-operator&'));
    expect(action?.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('from a landline too: not "menu-hung-up" at the goodbye', async () => {
    const { record } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'no-answer', hangupAt: ringsAt + 5, from: LANDLINE });
    expect(record).toMatchObject({ outcome: 'caller-hung-up-during-transfer', path: TO_OPERATOR, inputs: ['none', '2', 'dial:canceled'] });
    expect(record).not.toHaveProperty('sms');
  });

  it('ivr replay names it as a call it cannot replay, with the reason docs/cli.md gives', async () => {
    const { record } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'no-answer', hangupAt: ringsAt + 5 });
    expect(scriptOf(record, flow)).toBe(HUNG_UP_DURING_TRANSFER);
  });
});

const HUNG_UP_DURING_TRANSFER = 'the caller hung up during a transfer (while it rang, or during the words before it), and the record does not say when, so a replay cannot hang up at that moment';

// The transfer's answer says "Ti mettiamo in contatto…" before its <Dial>. Twilio requests a <Dial>'s action "when
// the <Dial> call ends" (https://www.twilio.com/docs/voice/twiml/dial#action), and stops executing TwiML when the
// call ends (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends): a caller who
// hangs up during those words is gone before the <Dial> runs, so no transfer rings and no action is requested. The
// record ends at the transfer all the same, with no `dial:` status: there is none to record (docs/call-records.md).
describe('a caller who hangs up during the words before the transfer (ivr call --press - --press 2 --hangup-at, a second into them)', () => {
  it('is recorded as caller-hung-up-during-transfer at the dial node, with no dial: status: the transfer never rang', async () => {
    // The status callback waits for the <Dial>'s action, which never comes: a short wait keeps the test quick.
    const { result, record, answers } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], hangupAt: transferWordsAt + 1, lastAnswerWaitMs: 50 });
    expect(result.outcome.kind).toBe('caller-hangup');
    expect(result.transcript.filter((e) => e.type === 'dial')).toEqual([]);
    expect(answers.some((a) => a.url.includes('node=consumer-operator&'))).toBe(false);
    expect(record).toMatchObject({ status: 'completed', outcome: 'caller-hung-up-during-transfer', path: TO_OPERATOR, inputs: ['none', '2'] });
    expect(record).not.toHaveProperty('sms');
    expect(scriptOf(record, flow)).toBe(HUNG_UP_DURING_TRANSFER);
  });
});

describe('a caller who spoke with the operator, then hung up', () => {
  it('is put through, as before: the action after the hang-up (DialCallStatus completed) records no more nodes', async () => {
    // Answered at once, a 60 s conversation; the caller hangs up 5 s into it.
    const { result, record, answers } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'completed', hangupAt: ringsAt + 5 });
    expect(result.transcript.some((e) => e.type === 'callback' && e.name === '<Dial> action, after the caller hung up')).toBe(true);
    expect(record).toMatchObject({ outcome: 'transferred', path: TO_OPERATOR, inputs: ['none', '2', 'dial:completed'] });
    expect(answers.find((a) => a.url.includes('node=consumer-operator&'))?.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('and one whose operator hung up first (the caller still on the line) is put through too, with a <Hangup/>', async () => {
    const { record, answers } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'completed' });
    expect(record).toMatchObject({ outcome: 'transferred', path: TO_OPERATOR, inputs: ['none', '2', 'dial:completed'] });
    expect(answers.find((a) => a.url.includes('node=consumer-operator&'))?.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });
});

describe('a transfer whose operator did not answer, the caller still on the line', () => {
  it('hears the apology and is offered the SMS, as ever: declined by silence', async () => {
    // Silent at the offer, which leads on to the goodbye.
    const { record } = await callAndRecord({ at: WEEKDAY_OPEN, press: ['-', '2', '-'], dialStatus: 'no-answer' });
    expect(record).toMatchObject({ outcome: 'menu-hung-up', path: [...TO_OPERATOR, 'operator-unavailable', 'chat-link-sms', 'goodbye'], inputs: ['none', '2', 'dial:no-answer', 'none'], sms: 'declined' });
  });
});

describe('the chat-link SMS offer in the record', () => {
  it('a caller who hangs up during the "closed" message (ivr call --press - --hangup-at, a second into it): unanswered, not declined', async () => {
    // The closed message is the first <Say> after the silence at the welcome.
    const whole = await callAndRecord({ at: CLOSED, press: ['-'] });
    const closedAt = secondOf(whole.result.transcript, 'say', whole.result.transcript.findIndex((e) => e.type === 'input'));
    const { result, record, messages } = await callAndRecord({ at: CLOSED, press: ['-'], hangupAt: closedAt + 1 });
    expect(result.outcome.kind).toBe('caller-hangup');
    // The offer's TwiML went with the closed message; the caller left before a word of the offer.
    expect(result.transcript.filter((e) => e.type === 'say').map((e) => e.type === 'say' && e.text).join(' ')).not.toContain('SMS');
    expect(record).toMatchObject({ outcome: 'caller-hung-up-in-menu', path: ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms'], inputs: ['none'], sms: 'unanswered' });
    expect(messages).toEqual([]);
  });

  it('a caller who answers the offer with another key, or stays silent until it times out: declined', async () => {
    for (const answer of ['2', '-']) {
      // The offer leads on to the goodbye.
      const { record } = await callAndRecord({ at: CLOSED, press: ['-', answer] });
      expect(record, answer).toMatchObject({ outcome: 'menu-hung-up', inputs: ['none', answer === '-' ? 'none' : answer], sms: 'declined' });
    }
  });

  it('a caller who takes it: sent', async () => {
    const { record, messages } = await callAndRecord({ at: CLOSED, press: ['-', '1'] });
    expect(record).toMatchObject({ inputs: ['none', '1'], sms: 'sent' });
    expect(messages).toHaveLength(1);
  });
});

describe('a <Dial> action after the hang-up at a dial node a deploy renamed during the transfer', () => {
  const CALL_SID = `CA${'6d'.repeat(16)}`;
  const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
  const signed = (path: string, params: Record<string, string>): PlainRequest => buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;

  it('does not start the call over for a caller who is gone: recorded at the transfer, with a warning that says so', async () => {
    const logger = recordingLogger();
    const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), flow, clock: () => instant, logger, journal: memoryJournal() });
    await app.handle(signed('/api/voice', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0', { ...CALL, Digits: '2' }));
    const answer = await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-operator-renamed&lang=it&tries=0', { ...CALL, CallStatus: 'completed', DialCallStatus: 'canceled' }));
    expect(answer.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      `CallSid=${CALL_SID} continue request for node "consumer-operator-renamed", not in the flow (changed since the call began?): the caller had hung up while the transfer from there rang, so the call is over`,
    ]);
    await app.handle(signed('/api/voice/status', { ...CALL, CallStatus: 'completed', CallDuration: '40' }));
    const [record] = logger.events('ivr.call');
    expect(record).toMatchObject({ outcome: 'caller-hung-up-during-transfer', path: TO_OPERATOR, inputs: ['none', '2', 'dial:canceled'] });
    expect(record).not.toHaveProperty('startedOver');
  });
});

describe('a key Twilio reports once the caller has hung up (CallStatus completed on the request)', () => {
  const CALL_SID = `CA${'7e'.repeat(16)}`;
  const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
  const signed = (path: string, params: Record<string, string>): PlainRequest => buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;

  /** A call through the real webhook, by hand: each request in order, then the status callback; the record and the answers. */
  async function byHand(at: string, requests: [string, Record<string, string>][]) {
    const logger = recordingLogger();
    const sms = simulateSms(readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS }), 'sent', CONSUMER_LINE);
    const instant = DateTime.fromISO(at, { zone: 'Europe/Rome' });
    const app = createApp({ settings: sms.settings, flow, clock: () => instant, logger, sendSms: sms.sendSms, journal: memoryJournal() });
    const answers: string[] = [];
    for (const [path, params] of requests) answers.push((await app.handle(signed(path, { ...CALL, ...params }))).body);
    await app.handle(signed('/api/voice/status', { ...CALL, CallStatus: 'completed', CallDuration: '30' }));
    return { record: logger.events('ivr.call')[0], answers, messages: sms.messages };
  }

  it('2 at the menu: no transfer rings for a caller who is gone; the record ends in the menu, not "hung up while a transfer rang"', async () => {
    const { record, answers } = await byHand(WEEKDAY_OPEN, [
      ['/api/voice', {}],
      ['/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', {}],
      ['/api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0', { Digits: '2', CallStatus: 'completed' }],
    ]);
    expect(answers.at(-1)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(record).toMatchObject({ outcome: 'caller-hung-up-in-menu', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['none', '2'] });
  });

  it('1 at the SMS offer: no message is sent, and the record says none was', async () => {
    const { record, messages } = await byHand(CLOSED, [
      ['/api/voice', {}],
      ['/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', {}],
      ['/api/voice/continue?line=consumer&node=chat-link-sms&lang=it&tries=0', { Digits: '1', CallStatus: 'completed' }],
    ]);
    expect(messages).toEqual([]);
    expect(record).toMatchObject({ outcome: 'caller-hung-up-in-menu', inputs: ['none', '1'], sms: 'unanswered' });
  });
});
