import { TableClient } from '@azure/data-tables';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { tableJournal, type TableJournal } from '../../src/journal/tableJournal';
import { simulateCall, type CallerAction } from '../../src/simulator';
import { journalFields } from '../../src/webhook/callRecords';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { expectedSignature } from '../../src/webhook/twilioSignature';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SMS_ENV, WEEKDAY_OPEN } from '../twilio/support';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { interruptibleStorage, refusingStorage, silentStorage, slowStorage, azuriteForTheseTests } from './tableStorage';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';
import { eventually } from '../support/eventually';
import type { SmsOutcome } from '../../src/twilio/smsSender';

// The shared journal of a function app on several instances, against Azurite
// (Azure's Table Storage emulator, in this process): answers written by any
// instance, the status callback read on any other, and storage failures that
// a caller never notices.

const ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS };
const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });

const azurite = azuriteForTheseTests();

let tables = 0;
/** A table of its own for each test, so none sees another's calls. */
const freshTable = () => `IvrJournalTest${++tables}`;

interface Instance {
  app: App;
  journal: TableJournal;
  logger: ReturnType<typeof recordingLogger>;
}

/**
 * When an answer that may come after its call's take is looked at again: 15 s deployed (what Twilio waits for an
 * answer), which flush waits out; 300 ms here, still after every take these tests make at once. The look itself is
 * tested in lateAnswers.test.ts.
 */
const LATE_LOOK_MS = 300;

function instances(count: number, journalOptions: Omit<Parameters<typeof tableJournal>[0], 'logger'>): Instance[] {
  return Array.from({ length: count }, () => {
    const logger = recordingLogger();
    const journal = tableJournal({ lateAnswerCheckMs: LATE_LOOK_MS, ...journalOptions, logger });
    // On the fixed copy of the menu, open at WEEKDAY_OPEN (test/support/fixedMenu.ts).
    const app = createApp({ settings: readSettings(ENV), flow: fixedFlow(), clock: () => instant, logger, journal });
    logger.lines.length = 0;
    return { app, journal, logger };
  });
}

/**
 * One simulated call whose webhooks go to the instances in turn, as a load
 * balancer may send them, and whose status callback lands on the instance
 * after the one that gave the last answer. Twilio reports a call seconds
 * after its last answer, by when every write has landed: the flush stands for
 * those seconds.
 */
async function callAcross(fleet: Instance[], press: (string | CallerAction)[], options: { settle: boolean } = { settle: true }) {
  let turn = 0;
  return simulateCall({
    url: `${ORIGIN}/api/voice`,
    statusCallback: `${ORIGIN}/api/voice/status`,
    transport: async (request) => {
      if (new URL(request.url).pathname.endsWith('/status')) {
        if (options.settle) await Promise.all(fleet.map((i) => i.journal.flush()));
        return fleet[turn % fleet.length]!.app.handle(request);
      }
      return fleet[turn++ % fleet.length]!.app.handle(request);
    },
    call: { to: CONSUMER_LINE, from: MOBILE },
    caller: press.map((p) => (typeof p !== 'string' ? p : p === '-' ? { silence: true as const } : { digits: p })),
    authToken: AUTH_TOKEN,
  });
}

/** Instances whose SMS sender is `send`, each keeping who it texted; their journals' clock is `now`. */
function smsFleet(count: number, tableName: string, now: () => number, send: () => Promise<SmsOutcome>) {
  return Array.from({ length: count }, () => {
    const logger = recordingLogger();
    const texted: string[] = [];
    // Each look again at a claim another request holds (the journal's sleep between looks), counted: a test can wait for it.
    const waits = { onClaim: 0 };
    const sleep = () => ((waits.onClaim += 1), new Promise<void>((resolve) => setTimeout(resolve, 50)));
    const journal = tableJournal({ connectionString: azurite.connectionString, tableName, logger, now, sleep, lateAnswerCheckMs: LATE_LOOK_MS });
    const sendSms = async (to: string) => {
      texted.push(to);
      return send();
    };
    const app = createApp({ settings: readSettings(SMS_ENV), flow: fixedFlow(), clock: () => instant, logger, journal, sendSms });
    logger.lines.length = 0;
    return { app, journal, logger, texted, waits };
  });
}

/** A caller's "1" at the SMS offer, signed as Twilio sends it (again, byte for byte). */
function pressAtOffer(callSid: string) {
  const params = { AccountSid: ACCOUNT_SID, CallSid: callSid, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Digits: '1' };
  return buildWebhookRequest(`${ORIGIN}/api/voice/continue?line=consumer&node=chat-link-sms&lang=it&tries=0`, 'POST', params, AUTH_TOKEN).request;
}

/** The status callback Twilio sends at the end of a call, signed. */
function statusCallback(callSid: string): Request {
  const url = `${ORIGIN}/api/voice/status`;
  const params = { AccountSid: ACCOUNT_SID, CallSid: callSid, CallStatus: 'completed', CallDuration: '20', To: CONSUMER_LINE, From: MOBILE, Direction: 'inbound' };
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params),
  });
}

const callLines = (fleet: Instance[]) => fleet.flatMap((i) => i.logger.events('ivr.call'));

async function partition(tableName: string, callSid: string): Promise<unknown[]> {
  const client = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
  const rows: unknown[] = [];
  for await (const row of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${callSid}'` } })) rows.push(row);
  return rows;
}

describe('the table journal, shared by instances', () => {
  it('a call answered by two instances in turn, reported to either: one ivr.call line with the whole path; the table is left empty', async () => {
    const tableName = freshTable();
    // One clock for both instances, as Azure keeps theirs in step: answers sort in the order given.
    let ms = Date.UTC(2026, 10, 24, 9);
    const fleet = instances(2, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const result = await callAcross(fleet, ['1', '2']);
    expect(result.outcome.kind).toBe('dial');
    expect(callLines(fleet)).toEqual([
      expect.objectContaining({
        callSid: result.callSid,
        status: 'completed',
        outcome: 'transferred',
        language: 'en',
        path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'],
        inputs: ['1', '2', 'dial:completed'],
        durationSeconds: Math.ceil(result.virtualSeconds),
      }),
    ]);
    expect(await partition(tableName, result.callSid)).toEqual([]);
    expect(fleet.flatMap((i) => i.logger.lines.filter((l) => l.level !== 'info'))).toEqual([]);
  });

  it('a caller who hangs up in the menu, three instances', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 24, 9);
    const fleet = instances(3, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const result = await callAcross(fleet, ['-', { hangup: true }]);
    expect(callLines(fleet)).toEqual([expect.objectContaining({ outcome: 'caller-hung-up-in-menu', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['none'] })]);
    expect(await partition(tableName, result.callSid)).toEqual([]);
  });

  it('a status callback Twilio sends again to the same instance writes no second line', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 24, 9);
    const fleet = instances(1, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const callSid = `CA${'5e'.repeat(16)}`;
    fleet[0]!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
    await fleet[0]!.journal.flush();
    expect(journalFields('completed', await fleet[0]!.journal.take(callSid)).path).toEqual(['consumer-welcome']);
    expect(await fleet[0]!.journal.take(callSid)).toEqual({ steps: null, takenBefore: true });
  });

  // Twilio retries a callback it got no answer to in time (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
  // the retry can arrive while the first is still reading the table.
  it('a status callback sent twice at once to the same instance writes one line, with the path', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 24, 9);
    const [instance] = instances(1, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const callSid = `CA${'5f'.repeat(16)}`;
    instance!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
    await instance!.journal.flush();
    const answers = await Promise.all([instance!.app.fetch(statusCallback(callSid)), instance!.app.fetch(statusCallback(callSid))]);
    expect(answers.map((a) => a.status)).toEqual([204, 204]);
    expect(instance!.logger.events('ivr.call')).toEqual([expect.objectContaining({ callSid, path: ['consumer-welcome'] })]);
  });

  it('two takes of one call at once: the first gets its answers, the second is told the call was taken', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 24, 9);
    const [instance] = instances(1, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const callSid = `CA${'60'.repeat(16)}`;
    instance!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
    await instance!.journal.flush();
    const [first, second] = await Promise.all([instance!.journal.take(callSid), instance!.journal.take(callSid)]);
    expect(journalFields('completed', first).path).toEqual(['consumer-welcome']);
    expect(second).toEqual({ steps: null, takenBefore: true });
  });

  it('a table deleted while the app runs is made again by the next answer', async () => {
    const tableName = freshTable();
    const [instance] = instances(1, { connectionString: azurite.connectionString, tableName });
    await instance!.journal.flush(); // the table made at start-up
    await TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true }).deleteTable();
    const callSid = `CA${'3c'.repeat(16)}`;
    instance!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
    await instance!.journal.flush();
    expect(await instance!.journal.take(callSid)).toEqual({ steps: [expect.objectContaining({ callSid, nodes: ['consumer-welcome'], end: 'gather' })], omitted: 0 });
    expect(instance!.logger.lines).toEqual([]);
  });

  it('a caller going round the menu 120 times: the first answers and the latest reach the line, and all 120 leave the table', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 24, 9);
    const [instance] = instances(1, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const callSid = `CA${'4d'.repeat(16)}`;
    for (let i = 1; i <= 120; i++) {
      instance!.journal.record({ callSid, line: 'consumer', language: i === 120 ? 'en' : 'it', input: i === 1 ? 'call' : '*', nodes: [`n${i}`], end: i === 120 ? 'hangup' : 'gather' });
    }
    await instance!.journal.flush();
    const taken = journalFields('completed', await instance!.journal.take(callSid));
    expect(taken.path).toEqual([...Array.from({ length: 27 }, (_, i) => `n${i + 1}`), '…', 'n118', 'n119', 'n120']);
    expect(taken).toMatchObject({ outcome: 'menu-hung-up', language: 'en' });
    expect(await partition(tableName, callSid)).toEqual([]);
  });

  it('an SMS offer made on one instance and declined on another: the record says declined; one taken later says sent', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 28, 10);
    const [offering, answering] = instances(2, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const declined = `CA${'6b'.repeat(16)}`;
    const taken = `CA${'6c'.repeat(16)}`;
    for (const callSid of [declined, taken]) {
      offering!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
      offering!.journal.record({ callSid, line: 'consumer', language: 'it', input: 'none', nodes: ['consumer-hours', 'closed', 'chat-link-sms'], end: 'gather', sms: 'offered' });
    }
    answering!.journal.record({ callSid: declined, line: 'consumer', language: 'it', input: '2', nodes: ['goodbye'], end: 'hangup', sms: 'declined' });
    answering!.journal.record({ callSid: taken, line: 'consumer', language: 'it', input: '1', nodes: ['goodbye'], end: 'hangup', sms: 'sent' });
    await Promise.all([offering!.journal.flush(), answering!.journal.flush()]);
    expect(journalFields('completed', await answering!.journal.take(declined))).toMatchObject({ sms: 'declined', inputs: ['none', '2'] });
    expect(journalFields('completed', await offering!.journal.take(taken))).toMatchObject({ sms: 'sent', inputs: ['none', '1'] });
  });

  // Twilio sends a request again when its read timeout passes (connection overrides' retry count, 1 by default:
  // https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides); a load balancer may hand the
  // second try to another instance while the first is still sending the SMS.
  it('a key press at the SMS offer sent again to another instance while the first sends: one SMS, both answers say it was sent, the key once in the record', async () => {
    const tableName = freshTable();
    const callSid = `CA${'6d'.repeat(16)}`;
    let release: () => void = () => undefined;
    const accepted = new Promise<void>((resolve) => (release = resolve));
    const fleet = smsFleet(2, tableName, Date.now, async () => {
      await accepted;
      return { sent: true as const, sid: `SM${'8f'.repeat(16)}`, status: 'queued', elapsedMs: 5000 };
    });
    const answers = Promise.all(fleet.map((instance) => instance.app.handle(pressAtOffer(callSid))));
    // Both presses are in: one instance sends, the other found its claim and waits for what becomes of it.
    await eventually(() => fleet.flatMap((i) => i.texted).length === 1 && fleet.some((i) => i.waits.onClaim > 0), 'one instance sending and the other waiting on its claim');
    release();
    for (const answer of await answers) expect(answer.body).toContain('Ti abbiamo inviato un SMS con i link.');
    expect(fleet.flatMap((i) => i.texted)).toEqual([MOBILE]);
    await Promise.all(fleet.map((i) => i.journal.flush()));
    const taken = await fleet[0]!.journal.take(callSid);
    expect(journalFields('completed', taken)).toMatchObject({ inputs: ['…', '1'], sms: 'sent' });
    // The claim went with the call's answers.
    expect(await partition(tableName, callSid)).toEqual([]);
  });

  it('a caller back at a menu pressing the same key again, on any instance: both presses in the record; a request Twilio sent again, once', async () => {
    const tableName = freshTable();
    let ms = Date.UTC(2026, 10, 28, 10);
    const [one, two] = instances(2, { connectionString: azurite.connectionString, tableName, now: () => (ms += 1000) });
    const callSid = `CA${'6e'.repeat(16)}`;
    const at = Date.UTC(2026, 10, 28, 10);
    // Requests 4 s apart: the menu's "1" (request 2) twice, with the chat's "*" between; then Twilio's retry of the last, to the other instance.
    const step = (input: string, node: string, key: number, atMs: number) => ({ callSid, line: 'consumer', language: 'it', input, nodes: [node], end: 'gather' as const, request: { key, atMs } });
    one!.journal.record(step('call', 'consumer-welcome', 1, at));
    two!.journal.record(step('1', 'consumer-chat', 2, at + 4000));
    one!.journal.record(step('*', 'consumer-menu', 3, at + 8000));
    two!.journal.record(step('1', 'consumer-chat', 2, at + 12_000));
    one!.journal.record(step('1', 'consumer-chat', 2, at + 16_000));
    await Promise.all([one!.journal.flush(), two!.journal.flush()]);
    expect(journalFields('completed', await two!.journal.take(callSid))).toMatchObject({
      inputs: ['1', '*', '1'],
      path: ['consumer-welcome', 'consumer-chat', 'consumer-menu', 'consumer-chat'],
    });
  });

  it('an instance that stopped after claiming the SMS: the request Twilio sends again takes the claim over, sends the SMS, and says it was sent', async () => {
    const tableName = freshTable();
    const callSid = `CA${'6f'.repeat(16)}`;
    let ms = Date.UTC(2026, 10, 28, 10);
    const gone = tableJournal({ connectionString: azurite.connectionString, tableName, logger: recordingLogger(), now: () => ms });
    // Claimed, and never settled: the instance stopped while sending.
    expect((await gone.claimSms(callSid)).first).toBe(true);
    ms += 20_000;
    const [retry] = smsFleet(1, tableName, () => ms, async () => ({ sent: true as const, sid: `SM${'8e'.repeat(16)}`, status: 'queued', elapsedMs: 800 }));
    const answer = await retry!.app.handle(pressAtOffer(callSid));
    expect(retry!.texted).toEqual([MOBILE]);
    expect(answer.body).toContain('Ti abbiamo inviato un SMS con i link.');
    expect(retry!.logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      `call journal: the chat-link SMS of call ${callSid} was claimed 20 s ago and never settled (the instance sending it stopped?): this request took the claim over and sends it`,
    ]);
  });

  it('a claim abandoned, found by two requests at once: one takes it over and sends, the other learns what became of it', async () => {
    const tableName = freshTable();
    const callSid = `CA${'7a'.repeat(16)}`;
    let ms = Date.UTC(2026, 10, 28, 10);
    const opened = () => tableJournal({ connectionString: azurite.connectionString, tableName, logger: recordingLogger(), now: () => ms, sleep: () => new Promise((resolve) => setTimeout(resolve, 10)) });
    expect((await opened().claimSms(callSid)).first).toBe(true);
    ms += 20_000;
    const claims = [opened().claimSms(callSid), opened().claimSms(callSid)];
    // The one that took it over answers at once; the other waits for its result.
    const taker = await Promise.race(claims);
    expect(taker.first).toBe(true);
    if (taker.first) taker.settle(false);
    const both = await Promise.all(claims);
    expect(both.filter((claim) => claim.first)).toHaveLength(1);
    const other = both.find((claim) => !claim.first);
    expect(other && !other.first && (await other.sent)).toBe(false);
  });

  it('the first instance still sending when Twilio sends the key press again, and its send then fails: one try, and neither answer says the SMS was sent', async () => {
    const tableName = freshTable();
    const callSid = `CA${'7b'.repeat(16)}`;
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const fleet = smsFleet(2, tableName, Date.now, async () => {
      await answered;
      return { sent: false as const, failure: { kind: 'rejected' as const, status: 400, code: 21211, detail: 'invalid To' }, elapsedMs: 900 };
    });
    const first = fleet[0]!.app.handle(pressAtOffer(callSid));
    await eventually(() => fleet[0]!.texted.length === 1, 'the first instance sending');
    const again = fleet[1]!.app.handle(pressAtOffer(callSid));
    // The retry found the claim unsettled, and waits.
    await eventually(() => fleet[1]!.waits.onClaim > 0, 'the retry waiting on the claim');
    release();
    for (const answer of await Promise.all([first, again])) expect(answer.body).not.toContain('Ti abbiamo inviato un SMS con i link.');
    expect(fleet.flatMap((i) => i.texted)).toEqual([MOBILE]);
    await Promise.all(fleet.map((i) => i.journal.flush()));
    expect(journalFields('completed', await fleet[1]!.journal.take(callSid))).toMatchObject({ sms: 'failed' });
  });

  it('starts loading the SDK when the journal is opened, before any call', () => {
    let loads = 0;
    tableJournal({
      connectionString: azurite.connectionString,
      logger: recordingLogger(),
      loadSdk: () => {
        loads++;
        return new Promise(() => {});
      },
    });
    expect(loads).toBe(1);
  });
});

describe('storage that fails never breaks a call', () => {
  it('storage refusing every request (a wrong key): calls go on, the lines go out without paths, one warning in all', async () => {
    const storage = await refusingStorage();
    try {
      const fleet = instances(1, { connectionString: storage.connectionString });
      const first = await callAcross(fleet, ['1', '2']);
      const second = await callAcross(fleet, ['-', '3']);
      expect(first.outcome.kind).toBe('dial');
      expect(second.transcript.some((e) => e.type === 'say')).toBe(true);
      expect(callLines(fleet)).toEqual([
        expect.objectContaining({ callSid: first.callSid, outcome: 'unknown', path: null, language: null, pathMissing: 'journal-unavailable', status: 'completed' }),
        expect.objectContaining({ callSid: second.callSid, outcome: 'unknown', path: null, pathMissing: 'journal-unavailable' }),
      ]);
      const warnings = fleet[0]!.logger.lines.filter((l) => l.level !== 'info');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/^call journal \(Azure Table Storage.*\): making the table failed \(403 AuthenticationFailed: Server failed to authenticate the request\.\);/);
      expect(storage.requests).toBeGreaterThan(4);
    } finally {
      await storage.stop();
    }
  });

  it('a refusal as an XML document (Azurite with a wrong key): the warning names the error and its words, not the XML', async () => {
    const storage = await refusingStorage('xml');
    try {
      const fleet = instances(1, { connectionString: storage.connectionString });
      await callAcross(fleet, ['1', '2']);
      const warnings = fleet[0]!.logger.lines.filter((l) => l.level !== 'info');
      expect(warnings[0]!.message).toMatch(/: making the table failed \(403 AuthorizationFailure: Server failed to authenticate the request\. Make sure the value of the Authorization header is formed correctly including the signature\.\);/);
    } finally {
      await storage.stop();
    }
  });

  it('storage that never answers: every webhook is answered at once, and the status callback gives up after takeTimeoutMs', async () => {
    const storage = await silentStorage();
    try {
      // Writes would wait a minute: a webhook that waited for one would not finish within the test's time.
      const fleet = instances(1, { connectionString: storage.connectionString, takeTimeoutMs: 100, writeTimeoutMs: 60_000 });
      const result = await callAcross(fleet, ['1', '2'], { settle: false });
      expect(result.outcome.kind).toBe('dial');
      expect(callLines(fleet)).toEqual([expect.objectContaining({ outcome: 'unknown', path: null, pathMissing: 'journal-unavailable' })]);
    } finally {
      await storage.stop();
    }
  });

  it('storage slower than the read allows: one warning for all the calls, no "works again" until a call keeps its path, which then says how many calls lost theirs; their answers leave the table', async () => {
    // Each request answered after 300 ms: every write (allowed 10 s) works, every read (allowed 200 ms here, 3 s deployed) does not.
    const slow = await slowStorage(azurite, 300);
    try {
      const tableName = freshTable();
      const fleet = instances(1, { connectionString: slow.connectionString, tableName, takeTimeoutMs: 200 });
      const lost = [];
      for (const press of [['1', '2'], ['-', '3'], ['2']]) lost.push(await callAcross(fleet, press));
      expect(callLines(fleet)).toEqual(lost.map((call) => expect.objectContaining({ callSid: call.callSid, path: null, pathMissing: 'journal-unavailable' })));
      const notices = () => fleet[0]!.logger.lines.filter((l) => !l.message.startsWith('{'));
      expect(notices()).toEqual([
        {
          level: 'warn',
          message:
            'call journal (Azure Table Storage; until it works, ivr.call lines may lack paths): reading a finished call failed (DeadlineError: no answer within 200 ms); ' +
            'further failures are counted, not logged, until it works again for a whole call',
        },
      ]);
      // Their answers were deleted in the background, with a write's deadline: nothing of them stays in the table.
      await fleet[0]!.journal.flush();
      for (const call of lost) expect(await partition(tableName, call.callSid)).toEqual([]);

      slow.delayMs = 0;
      const kept = await callAcross(fleet, ['1', '2']);
      expect(callLines(fleet).at(-1)).toEqual(expect.objectContaining({ callSid: kept.callSid, path: expect.arrayContaining(['consumer-welcome']) }));
      expect(notices().slice(1)).toEqual([
        { level: 'info', message: 'call journal (Azure Table Storage; until it works, ivr.call lines may lack paths): works again; meanwhile 3 calls got ivr.call lines without the whole path ("pathMissing")' },
      ]);
    } finally {
      await slow.stop();
    }
  });

  it('storage stopped and started again: the recovery lines count only the calls whose answers really stayed in the table', async () => {
    const storage = await interruptibleStorage(azurite);
    try {
      const tableName = freshTable();
      const fleet = instances(1, { connectionString: storage.connectionString, tableName, takeTimeoutMs: 300, writeTimeoutMs: 500 });
      // One call's answers kept while storage worked; storage stops before its status callback.
      const stopsBeforeItsEnd: Instance = {
        ...fleet[0]!,
        app: {
          ...fleet[0]!.app,
          handle: async (request) => {
            if (new URL(request.url).pathname.endsWith('/status')) {
              await fleet[0]!.journal.flush();
              storage.down = true;
            }
            return fleet[0]!.app.handle(request);
          },
        },
      };
      const stranded = (await callAcross([stopsBeforeItsEnd], ['-', '3'])).callSid;
      // Three calls made while it is down: none of their writes was kept.
      const lost = [];
      for (const press of [['1', '2'], ['-', '3'], ['2']]) lost.push(await callAcross(fleet, press));
      await fleet[0]!.journal.flush();
      storage.down = false;
      await callAcross(fleet, ['1', '2']);
      await fleet[0]!.journal.flush();
      const notices = fleet[0]!.logger.lines.filter((l) => !l.message.startsWith('{')).map((l) => l.message);
      expect(notices.filter((m) => m.includes(': works again;'))).toEqual([
        'call journal (Azure Table Storage; until it works, ivr.call lines may lack paths): works again; meanwhile 4 calls got ivr.call lines without the whole path ("pathMissing")',
        `call journal (Azure Table Storage; until it works, finished calls' answers stay in the table ${tableName}): works again; meanwhile 1 call left its answers in the table (docs/call-records.md says how to clear them)`,
      ]);
      // What the lines say is what the table holds.
      expect((await partition(tableName, stranded)).length).toBeGreaterThan(0);
      for (const call of lost) expect(await partition(tableName, call.callSid)).toEqual([]);
    } finally {
      await storage.stop();
    }
  });

  it('storage slower than the read allows, for calls that send an SMS: the claims work, yet no "works again" while every call still loses its path', async () => {
    // Each request answered after 600 ms: a claim (allowed 2 s) works, every read (allowed 400 ms) does not.
    const slow = await slowStorage(azurite, 600);
    try {
      const logger = recordingLogger();
      const journal = tableJournal({ connectionString: slow.connectionString, tableName: freshTable(), logger, takeTimeoutMs: 400 });
      for (const pair of ['7c', '7d', '7e']) {
        const callSid = `CA${pair.repeat(16)}`;
        journal.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['consumer-welcome'], end: 'gather' });
        const claim = await journal.claimSms(callSid);
        expect(claim.first).toBe(true);
        if (claim.first) claim.settle(true);
        expect((await journal.take(callSid)).steps).toBeNull();
      }
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          message:
            'call journal (Azure Table Storage; until it works, ivr.call lines may lack paths): reading a finished call failed (DeadlineError: no answer within 400 ms); ' +
            'further failures are counted, not logged, until it works again for a whole call',
        },
      ]);
      await journal.flush();
    } finally {
      await slow.stop();
    }
  });

  it('storage refusing the SMS claim: the caller still gets the message, and the warning says what that risks', async () => {
    const storage = await refusingStorage();
    try {
      const logger = recordingLogger();
      const journal = tableJournal({ connectionString: storage.connectionString, logger });
      expect((await journal.claimSms(`CA${'7f'.repeat(16)}`)).first).toBe(true);
      expect(logger.lines.map((l) => l.message)).toContainEqual(
        expect.stringMatching(/^call journal \(Azure Table Storage; until it works, a request Twilio sends again may send a caller a second chat-link SMS\): claiming a call's SMS \(sent without the claim\) failed \(403 /),
      );
    } finally {
      await storage.stop();
    }
  });

  it('an SDK that cannot be loaded: the call goes on, one warning', async () => {
    const fleet = instances(1, { connectionString: azurite.connectionString, loadSdk: () => Promise.reject(new Error("Cannot find module '@azure/data-tables'")) });
    const result = await callAcross(fleet, ['1', '2']);
    expect(result.outcome.kind).toBe('dial');
    expect(callLines(fleet)).toEqual([expect.objectContaining({ path: null, pathMissing: 'journal-unavailable' })]);
    expect(fleet[0]!.logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringMatching(/loading @azure\/data-tables and opening the table failed \(Error: Cannot find module '@azure\/data-tables'\)/),
    ]);
  });
});
