import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { PlainRequest } from '../../src/http/plainHttp';
import type { CallJournal, SmsClaim } from '../../src/journal/callJournal';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import type { SmsOutcome } from '../../src/twilio/smsSender';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SATURDAY, SMS_ENV, WEEKDAY_OPEN } from '../twilio/support';
import { fixedFlow } from '../support/fixedMenu';
import { eventually } from '../support/eventually';
import { recordReplayer } from '../../src/replay/replayRecord';
import type { ReadRecord } from '../../src/records/readRecords';
import { clockOfCall } from '../../src/app/clockOfCall';
import { simulateCall, VirtualClock } from '../../src/simulator';

// Twilio sends a webhook request again when its connection to the app failed:
// once by default (retry count `rc`, default 1, within the total time `tt`, 15 s
// at most), and after a read timeout or an error answer when the URL asks for it
// (`#rp=`): https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides.
// Both tries carry the same URL (the call state) and the same body (CallSid,
// Digits). A key press at the SMS offer sent again must not text the caller
// again (SECURITY.md: one SMS per call), and no request sent again may put a
// step twice into the call's ivr.call record. Twilio's answer to the caller is
// the one to the last try, so each try must say what the caller is to hear.

const CALL_SID = `CA${'4d'.repeat(16)}`;
const CALL = { AccountSid: ACCOUNT_SID, CallSid: CALL_SID, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound' };
const OFFER = '/api/voice/continue?line=consumer&node=chat-link-sms&lang=it&tries=0';
// The calls go through the fixed copy of the menu, whose node names a rename in the shipped menu does not move.
// The offer's words once sent, as it has them ("Ti abbiamo inviato un SMS con i link.").
const SENT_IT = (fixedFlow().nodes['chat-link-sms'] as { sent: Array<Record<string, string>> }).sent[0]!.it as string;

/** A request as Twilio signs it; the same arguments build the same request, as Twilio's retry is. */
function signed(path: string, params: Record<string, string>): PlainRequest {
  return buildWebhookRequest(`${ORIGIN}${path}`, 'POST', params, AUTH_TOKEN).request;
}

/** An app whose SMS sender answers when the test says (`release`), counting each message it was asked to send. */
function appWithSlowSms(at: string, outcome: SmsOutcome = { sent: true, sid: `SM${'7e'.repeat(16)}`, status: 'queued', elapsedMs: 4000 }) {
  const logger = recordingLogger();
  const sent: string[] = [];
  const claims: SmsClaim[] = [];
  let release: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (release = resolve));
  const instant = DateTime.fromISO(at, { zone: 'Europe/Rome' });
  const app = createApp({
    settings: readSettings(SMS_ENV),
    flow: fixedFlow(),
    clock: () => instant,
    logger,
    journal: claimsSeen(memoryJournal(), claims),
    sendSms: async (to) => {
      sent.push(to);
      await answered;
      return outcome;
    },
  });
  return { app, logger, sent, claims, release };
}

/** `journal`, each SMS claim it answers also put in `claims`: a test can wait until a request found the claim of another. */
function claimsSeen(journal: CallJournal, claims: SmsClaim[]): CallJournal {
  return {
    ...journal,
    claimSms: async (callSid) => {
      const claim = await journal.claimSms(callSid);
      claims.push(claim);
      return claim;
    },
  };
}

/** The call's ivr.call record, after Twilio's status callback. */
async function recordOf(app: ReturnType<typeof createApp>, logger: ReturnType<typeof recordingLogger>) {
  const status = await app.handle(signed('/api/voice/status', { ...CALL, CallStatus: 'completed', CallDuration: '40' }));
  expect(status.status).toBe(204);
  const records = logger.events('ivr.call');
  expect(records).toHaveLength(1);
  return records[0] as { path: string[]; inputs: string[]; sms?: string };
}

/** The record of a call that presses `*` at the English menu twice, `apartMs` apart, then `then` there at once. */
async function starAtTheMenuTwice(apartMs: number, then?: string) {
  let instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
  const logger = recordingLogger();
  const app = createApp({ settings: readSettings(SMS_ENV), flow: fixedFlow(), clock: () => instant, logger, journal: memoryJournal() });
  await app.handle(signed('/api/voice', CALL));
  await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '1' }));
  const menu = '/api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0';
  await app.handle(signed(menu, { ...CALL, Digits: '*' }));
  instant = instant.plus({ milliseconds: apartMs });
  await app.handle(signed(menu, { ...CALL, Digits: '*' }));
  if (then !== undefined) await app.handle(signed(menu, { ...CALL, Digits: then }));
  return recordOf(app, logger);
}

describe('a key press at the SMS offer that Twilio sends again', () => {
  it('sent again after the first answered: one SMS; both answers say it was sent; one ivr.sms line with a message sid', async () => {
    const { app, logger, sent, release } = appWithSlowSms(SATURDAY);
    release();
    const first = await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    const again = await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    expect(sent).toEqual([MOBILE]);
    for (const answer of [first, again]) expect(answer.body).toContain(SENT_IT);
    const smsLines = logger.events('ivr.sms');
    expect(smsLines.filter((line) => line.result === 'sent')).toHaveLength(1);
    expect(smsLines.filter((line) => line.result === 'not-sent')).toMatchObject([{ reason: 'sent-before', callSid: CALL_SID }]);
  });

  it('sent again while the first is still sending (its read timeout passed): one SMS, and the second answer waits to say it was sent', async () => {
    const { app, sent, claims, release } = appWithSlowSms(SATURDAY);
    const first = app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    const again = app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    // Both requests are in: the first is sending, the second found the call's claim.
    await eventually(() => sent.length > 0 && claims.some((claim) => !claim.first), 'the first request sending and the second finding its claim');
    expect(sent).toEqual([MOBILE]);
    release();
    for (const answer of await Promise.all([first, again])) expect(answer.body).toContain(SENT_IT);
    expect(sent).toEqual([MOBILE]);
  });

  it('when the first try failed to send, the second does not send either, and says it was not sent', async () => {
    const failed: SmsOutcome = { sent: false, failure: { kind: 'rejected', status: 400, code: 21211, detail: 'invalid To' }, elapsedMs: 300 };
    const { app, sent, release } = appWithSlowSms(SATURDAY, failed);
    release();
    await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    const again = await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    expect(sent).toHaveLength(1);
    expect(again.body).not.toContain(SENT_IT);
  });
});

describe('the ivr.call record of a call whose requests Twilio sent again', () => {
  it('a key press at the welcome sent again: once in the path and the inputs', async () => {
    const { app, logger, release } = appWithSlowSms(WEEKDAY_OPEN);
    release();
    await app.handle(signed('/api/voice', CALL));
    const press = '/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0';
    await app.handle(signed(press, { ...CALL, Digits: '1' }));
    await app.handle(signed(press, { ...CALL, Digits: '1' }));
    const record = await recordOf(app, logger);
    expect(record.inputs).toEqual(['1']);
    expect(record.path).toEqual(['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu']);
  });

  it('the SMS offer accepted, the request sent again: the record says sent, with the key once', async () => {
    const { app, logger, release } = appWithSlowSms(SATURDAY);
    release();
    await app.handle(signed('/api/voice', CALL));
    await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0', { ...CALL, Digits: '' }));
    await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    await app.handle(signed(OFFER, { ...CALL, Digits: '1' }));
    const record = await recordOf(app, logger);
    expect(record).toMatchObject({ inputs: ['none', '1'], sms: 'sent' });
    // The node the offer goes on to, entered once.
    const next = (fixedFlow().nodes['chat-link-sms'] as { next: string }).next;
    expect(record.path.filter((node) => node === next)).toHaveLength(1);
  });

  it('the same key at the same menu pressed again later (the caller heard it out again): both presses stay', async () => {
    // Past the 15 s within which Twilio makes every try of a request.
    expect((await starAtTheMenuTwice(40_000)).inputs).toEqual(['1', '*', '*']);
  });
  it('a caller who goes back to a menu and presses the same key again within 15 s: both presses stay, and a retry of the last is still kept once', async () => {
    let instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
    const logger = recordingLogger();
    const app = createApp({ settings: readSettings(SMS_ENV), flow: fixedFlow(), clock: () => instant, logger, journal: memoryJournal() });
    // Requests 4 s apart, as a caller who knows the menu presses: the menu's "1" and the chat's "*", twice each, each with the other between.
    const press = async (node: string, digits: string) => {
      instant = instant.plus({ seconds: 4 });
      return app.handle(signed(`/api/voice/continue?line=consumer&node=${node}&lang=it&tries=0`, { ...CALL, Digits: digits }));
    };
    await app.handle(signed('/api/voice', CALL));
    await press('consumer-welcome', '');
    await press('consumer-menu', '1');
    await press('consumer-chat', '*');
    await press('consumer-menu', '1');
    const last = await press('consumer-chat', '*');
    // Twilio's retry of the last request, 4 s on: kept once.
    instant = instant.plus({ seconds: 4 });
    expect((await app.handle(signed('/api/voice/continue?line=consumer&node=consumer-chat&lang=it&tries=0', { ...CALL, Digits: '*' }))).body).toBe(last.body);
    const record = await recordOf(app, logger);
    expect(record.inputs).toEqual(['none', '1', '*', '1', '*']);
    expect(record.path.filter((node) => node === 'consumer-chat')).toHaveLength(2);
    // `ivr replay` of the record against the same flow: the call goes the same way.
    const replay = await recordReplayer(fixedFlow(), readSettings(SMS_ENV))(record as unknown as ReadRecord);
    expect(replay.kind === 'not-replayable' ? replay.reason : replay.kind).toBe('same');
  });
});

describe('how long after a request the same one is Twilio sending it again (15 s, its total time at most)', () => {
  it('15 s after the first try: a retry, kept once; 15.001 s after: the caller pressing again, kept twice', async () => {
    expect((await starAtTheMenuTwice(15_000)).inputs).toEqual(['1', '*']);
    expect((await starAtTheMenuTwice(15_001)).inputs).toEqual(['1', '*', '*']);
  });

  it('another key at once at the same menu (the same URL, other Digits) is no retry: both keys stay', async () => {
    expect((await starAtTheMenuTwice(60_000, '2')).inputs).toEqual(['1', '*', '*', '2']);
  });
});

describe('the simulator sends I-Twilio-Idempotency-Token, as Twilio does', () => {
  it('one per request: two requests carry two tokens', () => {
    const token = (request: PlainRequest) => request.headers['i-twilio-idempotency-token'] as string;
    const one = buildWebhookRequest(`${ORIGIN}${OFFER}`, 'POST', { ...CALL, Digits: '1' }, AUTH_TOKEN).request;
    const two = buildWebhookRequest(`${ORIGIN}${OFFER}`, 'POST', { ...CALL, Digits: '1' }, AUTH_TOKEN).request;
    expect(token(one)).toMatch(/^[0-9a-f-]{36}$/);
    expect(token(two)).not.toBe(token(one));
  });
});

describe('a simulated call pressing the same key twice at the same menu (docs/call-records.md, "A request sent again")', () => {
  /** `* ` twice at the English menu, the simulator playing Twilio on its own clock; the app's clock is `appClock` of it. */
  async function starTwice(appClock: (simulated: VirtualClock) => () => DateTime) {
    const logger = recordingLogger();
    const clock = new VirtualClock();
    const app = createApp({ settings: readSettings(SMS_ENV), flow: fixedFlow(), clock: appClock(clock), logger, journal: memoryJournal() });
    const result = await simulateCall({
      url: `${ORIGIN}/api/voice`,
      statusCallback: `${ORIGIN}/api/voice/status`,
      transport: (request) => app.handle(request),
      call: { to: CONSUMER_LINE, from: MOBILE },
      caller: [{ digits: '1' }, { digits: '*' }, { digits: '*' }, { hangup: true }],
      authToken: AUTH_TOKEN,
      clock,
    });
    return { record: logger.events('ivr.call')[0], result };
  }

  it('in process (ivr call, ivr replay): the app reads the simulator\'s clock, the menu said out between the presses, and both stay', async () => {
    const { record } = await starTwice((clock) => clockOfCall(DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' }), clock));
    expect(record.inputs).toEqual(['1', '*', '*']);
  });

  it('over HTTP (ivr call --url): the server reads real time, the two requests come milliseconds apart, and one stays', async () => {
    // A server's clock: real time, from an instant the line is open.
    const open = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
    const since = Date.now();
    const { record, result } = await starTwice(() => () => open.plus({ milliseconds: Date.now() - since }));
    // The simulator's own clock says the menu was said out between them, past the 15 s window.
    const stars = result.transcript.flatMap((event) => (event.type === 'input' && 'digits' in event.action && event.action.digits === '*' ? [event.at] : []));
    expect(stars[1]! - stars[0]!).toBeGreaterThan(15);
    expect(record.inputs).toEqual(['1', '*']);
  });
});
