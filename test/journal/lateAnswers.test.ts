import { TableClient } from '@azure/data-tables';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { CallJournal } from '../../src/journal/callJournal';
import { memoryJournal } from '../../src/journal/memoryJournal';
import { tableJournal, type TableJournal } from '../../src/journal/tableJournal';
import { newSid } from '../../src/simulator/sids';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { AUTH_TOKEN, ACCOUNT_SID } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, SMS_ENV, WEEKDAY_OPEN } from '../twilio/support';
import type { SmsSender } from '../../src/twilio/smsSender';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';
import { azuriteForTheseTests } from './tableStorage';
import { eventually } from '../support/eventually';
import { textBlock } from '../docs/markdown';

// Answers that reach the app after the call's status callback. Twilio requests a <Dial>'s action "when the <Dial>
// call ends" (https://www.twilio.com/docs/voice/twiml/dial#action), the caller hanging up included, and calls the
// status callback when the call ends (https://www.twilio.com/docs/voice/api/call-resource#statuscallback): nothing
// orders the two, so a caller who hangs up while talking to the operator can have the status callback first. It
// waits for the action (a few seconds at most) and the record says `transferred`; an answer later still (a
// request made after the caller hung up carries a final CallStatus, https://www.twilio.com/docs/voice/twiml#callstatus-values)
// is logged and leaves nothing in either journal. The same for both journals; the table's run on Azurite.

const ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS };
const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const azurite = azuriteForTheseTests();

interface Instance {
  app: App;
  journal: CallJournal;
  logger: ReturnType<typeof recordingLogger>;
}

/** An instance of the app; with `sendSms`, one that offers the chat-link SMS and sends it with that. */
function instanceWith(journalOf: (logger: ReturnType<typeof recordingLogger>) => CallJournal, sendSms?: SmsSender): Instance {
  const logger = recordingLogger();
  const journal = journalOf(logger);
  const app = createApp({ settings: readSettings(sendSms ? SMS_ENV : ENV), flow: fixedFlow(), clock: () => instant, logger, journal, ...(sendSms ? { sendSms } : {}) });
  logger.lines.length = 0;
  return { app, journal, logger };
}

/** One call's requests, signed as Twilio signs them, each to the action URL of the answer before. */
class Call {
  readonly callSid = newSid('CA');
  private next = `${ORIGIN}/api/voice`;

  /** Sends the call's next request to `instance`; returns the action URL its answer names (the <Gather>'s or the <Dial>'s). */
  async request(instance: Instance, params: Record<string, string> = {}, url = this.next): Promise<{ url: string; body: string }> {
    const form = { AccountSid: ACCOUNT_SID, CallSid: this.callSid, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'in-progress', Direction: 'inbound', ...params };
    const answer = await instance.app.handle(buildWebhookRequest(url, 'POST', form, AUTH_TOKEN).request);
    const action = /action="([^"]+)"/.exec(answer.body)?.[1]?.replaceAll('&amp;', '&');
    if (action) this.next = new URL(action, ORIGIN).href;
    return { url, body: answer.body };
  }

  /** Start, silence at the welcome's menu, then 2 (an operator): the transfer rings; its action URL. */
  async toOperator(instance: Instance): Promise<string> {
    await this.request(instance);
    await this.request(instance);
    const dialled = await this.request(instance, { Digits: '2' });
    expect(dialled.body).toContain('<Dial');
    return this.next;
  }

  /**
   * To the operator, busy, then 1 at the SMS offer: sent once the offer's answer is kept (`settle`), and resolved with
   * the request still under way once the app has begun to send (`asked`).
   */
  async acceptSms(instance: Instance, settle: () => Promise<void>, asked: Promise<void>): Promise<{ accepted: Promise<unknown> }> {
    const action = await this.toOperator(instance);
    const offer = await this.request(instance, { DialCallStatus: 'busy', DialCallDuration: '0' }, action);
    expect(offer.body).toContain('node=chat-link-sms');
    await settle();
    // Wrapped: an async function's result that is a promise would be waited for, and the send waits for the test.
    const accepted = this.request(instance, { Digits: '1' });
    await asked;
    return { accepted };
  }

  statusCallback(instance: Instance, seconds = 60) {
    return this.request(instance, { CallStatus: 'completed', CallDuration: String(seconds) }, `${ORIGIN}/api/voice/status`);
  }

  /** The <Dial>'s action after the caller hung up during a 40 s talk with the operator. */
  dialEnded(instance: Instance, actionUrl: string) {
    return this.request(instance, { DialCallStatus: 'completed', DialCallDuration: '40', DialCallSid: newSid('CA'), CallStatus: 'completed' }, actionUrl);
  }
}

// Each instance once: the memory journal's fleet is one instance twice.
const callLines = (instances: Instance[]) => [...new Set(instances)].flatMap((i) => i.logger.events('ivr.call'));
const lateLines = (instances: Instance[], callSid: string) =>
  [...new Set(instances)].flatMap((i) => i.logger.lines).filter((l) => l.message.startsWith(`CallSid=${callSid} answered a request`));

let tables = 0;
async function rowsOf(tableName: string, callSid: string): Promise<unknown[]> {
  const client = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
  const rows: unknown[] = [];
  for await (const row of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${callSid}'` } })) rows.push(row);
  return rows;
}

interface FleetOptions {
  lastAnswerWaitMs?: number;
  sendSms?: SmsSender;
  /** Given, each wait of a take for the call's last answer is recorded here (its length), then waited as ever: whether and when a take waits is then seen, not timed. */
  waits?: number[];
}

/** The journal options that record a take's waits in `waits`, each journal's own way to time one (the memory journal's timer, the table journal's sleep). */
const recordingWaits = (waits: number[] | undefined) =>
  waits === undefined
    ? {}
    : {
        timer: (done: () => void, ms: number) => {
          waits.push(ms);
          const timer = setTimeout(done, ms);
          return () => clearTimeout(timer);
        },
        sleep: async (ms: number) => void (waits.push(ms), await pause(ms)),
      };

/** Each journal kind: instances sharing one journal's storage (the memory journal's are one process: one instance). */
const kinds = [
  {
    kind: 'memory journal',
    fleet: ({ sendSms, waits, ...options }: FleetOptions) => {
      const { timer } = recordingWaits(waits);
      const one = instanceWith((logger) => memoryJournal({ logger, ...options, ...(timer ? { timer } : {}) }), sendSms);
      return { instances: [one, one], settle: async () => undefined, rows: async () => [] as unknown[] };
    },
  },
  {
    kind: 'table journal (on Azurite)',
    fleet: ({ sendSms, waits, ...options }: FleetOptions) => {
      const { sleep } = recordingWaits(waits);
      const tableName = `IvrLateAnswers${++tables}`;
      const journals: TableJournal[] = [];
      const instances = [0, 1].map(() =>
        instanceWith((logger) => {
          const journal = tableJournal({ connectionString: azurite.connectionString, tableName, logger, lateAnswerCheckMs: 300, ...options, ...(sleep ? { sleep } : {}) });
          journals.push(journal);
          return journal;
        }, sendSms),
      );
      return { instances, settle: async () => void (await Promise.all(journals.map((j) => j.flush()))), rows: (callSid: string) => rowsOf(tableName, callSid) };
    },
  },
];

describe.each(kinds)('$kind: the status callback before the <Dial> action', ({ fleet }) => {
  it('a caller who hung up while talking to the operator, the action while the status callback waits for it: transferred, with dial:completed last, and nothing left behind', async () => {
    const waits: number[] = [];
    const { instances, settle, rows } = fleet({ waits });
    const call = new Call();
    const action = await call.toOperator(instances[0]!);
    await settle();
    const reported = call.statusCallback(instances[1]!);
    await eventually(() => waits.length > 0, 'the status callback waiting for the action');
    const late = await call.dialEnded(instances[0]!, action);
    await reported;
    // Nothing is run for a caller who is gone.
    expect(late.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(callLines(instances)).toEqual([
      expect.objectContaining({ callSid: call.callSid, outcome: 'transferred', inputs: ['none', '2', 'dial:completed'], path: expect.arrayContaining(['consumer-operator']) }),
    ]);
    expect(lateLines(instances, call.callSid)).toEqual([]);
    await settle();
    expect(await rows(call.callSid)).toEqual([]);
  });

  it('an action later than the status callback waits (here 200 ms): the record goes out without it, one line says so, and no answer stays behind', async () => {
    const { instances, settle, rows } = fleet({ lastAnswerWaitMs: 200 });
    for (const [reportedTo, lateTo] of [[1, 0], [0, 0]] as const) {
      const call = new Call();
      const action = await call.toOperator(instances[0]!);
      await settle();
      await call.statusCallback(instances[reportedTo]!);
      expect(callLines(instances).filter((line) => line.callSid === call.callSid)).toEqual([expect.objectContaining({ callSid: call.callSid, outcome: 'caller-hung-up-during-transfer', inputs: ['none', '2'] })]);
      await call.dialEnded(instances[lateTo]!, action);
      await settle();
      const warning = `CallSid=${call.callSid} answered a request (input "dial:completed") after the call's status callback had written its ivr.call line: the record was written without that answer (Twilio does not order the two: docs/call-records.md, "Late answers")`;
      expect(lateLines(instances, call.callSid)).toEqual([{ level: 'warn', message: warning }]);
      // docs/call-records.md shows the warning, for a call of its own.
      expect(textBlock('docs/call-records.md', 'CallSid=').replace(/^CallSid=CA[0-9a-f]{32}/, `CallSid=${call.callSid}`)).toBe(warning);
      expect(await rows(call.callSid)).toEqual([]);
    }
  });

  it('a menu key made as the caller hung up, arriving after the status callback: logged, not kept', async () => {
    const { instances, settle, rows } = fleet({});
    const call = new Call();
    await call.request(instances[0]!);
    await call.request(instances[0]!);
    await settle();
    await call.statusCallback(instances[1]!, 20);
    expect(callLines(instances)).toEqual([expect.objectContaining({ callSid: call.callSid, outcome: 'caller-hung-up-in-menu', inputs: ['none'] })]);
    await call.request(instances[0]!, { Digits: '3', CallStatus: 'completed' });
    await settle();
    expect(lateLines(instances, call.callSid).map((l) => l.message)).toEqual([expect.stringContaining('(input "3")')]);
    expect(await rows(call.callSid)).toEqual([]);
  });

  it('a call whose latest answer is no transfer is written at once, with no wait', async () => {
    const waits: number[] = [];
    const { instances, settle } = fleet({ lastAnswerWaitMs: 5000, waits });
    const call = new Call();
    await call.request(instances[0]!);
    await call.request(instances[0]!);
    await settle();
    await call.statusCallback(instances[1]!, 20);
    expect(waits).toEqual([]);
    expect(callLines(instances)).toHaveLength(1);
  });
});

/** An SMS sender that says it began (`asked`) and answers "sent" when the test says (`release`). */
function slowSms() {
  let sending: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (sending = resolve));
  let release: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (release = resolve));
  const sendSms: SmsSender = async () => {
    sending();
    await answered;
    return { sent: true, sid: `SM${'5a'.repeat(16)}`, status: 'queued', elapsedMs: 300 };
  };
  return { sendSms, asked, release };
}

// A mobile caller offered the chat links by SMS presses 1 and hangs up at once: the app is still waiting for Twilio's
// Messages API when the call ends, and the status callback can come meanwhile, on another instance. It waits for that
// answer, as for a <Dial>'s action, so the record says the message was sent, not that the offer went unanswered.
describe.each(kinds)('$kind: the status callback while the SMS the caller asked for is sent', ({ fleet }) => {
  it('the answer while the status callback waits for it: sms sent, the key last in inputs, no late answer, nothing left behind', async () => {
    const sms = slowSms();
    const waits: number[] = [];
    const { instances, settle, rows } = fleet({ sendSms: sms.sendSms, waits });
    const call = new Call();
    const { accepted } = await call.acceptSms(instances[0]!, settle, sms.asked);
    const reported = call.statusCallback(instances[1]!);
    await eventually(() => waits.length > 0, 'the status callback waiting for the SMS answer');
    sms.release();
    await accepted;
    await reported;
    expect(callLines(instances)).toEqual([expect.objectContaining({ callSid: call.callSid, sms: 'sent', inputs: ['none', '2', 'dial:busy', '1'] })]);
    expect(lateLines(instances, call.callSid)).toEqual([]);
    await settle();
    expect(await rows(call.callSid)).toEqual([]);
    expect(instances.flatMap((i) => i.logger.lines).filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('an SMS answer later than the wait (a send slower than it): the record goes out without it, one line says so, and nothing stays behind', async () => {
    const sms = slowSms();
    const { instances, settle, rows } = fleet({ lastAnswerWaitMs: 200, sendSms: sms.sendSms });
    const call = new Call();
    const { accepted } = await call.acceptSms(instances[0]!, settle, sms.asked);
    await call.statusCallback(instances[1]!);
    expect(callLines(instances)).toEqual([expect.objectContaining({ callSid: call.callSid, sms: 'unanswered', inputs: ['none', '2', 'dial:busy'] })]);
    sms.release();
    await accepted;
    // The table journal looks again a moment later (lateAnswerCheckMs, 300 ms here; 15 s deployed), clears the answer and the claim, then logs it.
    await eventually(() => lateLines(instances, call.callSid).length > 0, 'the late SMS answer logged');
    await settle();
    expect(lateLines(instances, call.callSid).map((l) => l.message)).toEqual([expect.stringContaining('(input "1")')]);
    expect(await rows(call.callSid)).toEqual([]);
  });

  it('a send that throws after the claim: the status callback does not wait for an answer that came already (the error)', async () => {
    const waits: number[] = [];
    const { instances, settle } = fleet({
      lastAnswerWaitMs: 5000,
      waits,
      sendSms: async () => {
        throw new Error('the Messages API client failed to load');
      },
    });
    const call = new Call();
    const action = await call.toOperator(instances[0]!);
    await call.request(instances[0]!, { DialCallStatus: 'busy', DialCallDuration: '0' }, action);
    await call.request(instances[0]!, { Digits: '1' });
    await settle();
    await call.statusCallback(instances[1]!);
    expect(waits).toEqual([]);
    expect(callLines(instances)).toHaveLength(1);
  });
});

describe('table journal (on Azurite): an SMS settled after its call was taken', () => {
  it('is no storage failure: the claim went with the call, and no request of it is to come', async () => {
    const tableName = `IvrLateSettle${++tables}`;
    const loggers = [recordingLogger(), recordingLogger()];
    const [sending, taking] = loggers.map((logger) => tableJournal({ connectionString: azurite.connectionString, tableName, logger, lastAnswerWaitMs: 0 }));
    const callSid = newSid('CA');
    sending!.record({ callSid, line: 'consumer', language: 'it', input: 'call', nodes: ['chat-link-sms'], end: 'gather', sms: 'offered' });
    await sending!.flush();
    const claim = await sending!.claimSms(callSid);
    expect(claim.first).toBe(true);
    await taking!.take(callSid);
    expect(await rowsOf(tableName, callSid)).toEqual([]);
    if (claim.first) claim.settle(true);
    await sending!.flush();
    expect(loggers.flatMap((l) => l.lines).filter((l) => l.level !== 'info')).toEqual([]);
  });
});
