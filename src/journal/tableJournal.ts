import { randomBytes } from 'node:crypto';
import type { Logger } from '../app/logger';
import { isCallSid, LATEST_STEPS_KEPT, loggableCallSid, MAX_STEPS_PER_CALL, type CallJournal, type CallStep, type SmsClaim, type StepEnd, type StepSms, type TakenSteps } from './callJournal';
import { answersSms, awaitsLastAnswer, LAST_ANSWER_WAIT_MS, lateAnswerMessage, withoutRepeats } from './answerOrder';
import { FailureNotice } from './failureNotice';
import { DeadlineError, withDeadline } from '../twilio/deadline';
import { JOURNAL_TABLE_NAME } from './journalSetting';
import { MEMORY_JOURNAL_DEFAULTS } from './memoryJournal';
import { recentCallSids } from './recentCallSids';
import { DEFAULT_SMS_TIMEOUT_MS } from '../twilio/smsSettings';
import { deleteRows, findOldCalls, LEFTOVER_AGE_MS, MAX_CALLS_PER_SWEEP, timeKey } from './tableSweep';
import { counted } from '../text/counted';

// The journal a function app shares across its instances: Azure Table
// Storage, in the storage account every function app already has
// (AzureWebJobsStorage). One entity per answer, PartitionKey = CallSid and
// RowKey sortable in answer order, so an answer is one insert with no
// read-modify-write, and the status callback reads one partition and deletes
// it. Answers of one call come seconds apart (the caller listens, then
// presses), so instances' clocks order them well enough.

// Loaded by import() only when a table journal is opened: the CLI, the tests
// and a memory-journal host never pay for the SDK.
const loadTablesSdk = () => import('@azure/data-tables');
type TablesSdk = Awaited<ReturnType<typeof loadTablesSdk>>;
type TableClient = InstanceType<TablesSdk['TableClient']>;

export interface TableJournalOptions {
  connectionString: string;
  logger: Logger;
  tableName?: string;
  /** Longest a status callback waits for the journal, reading and again deleting (default 3000 ms). */
  takeTimeoutMs?: number;
  /** Longest one answer's write may take, retries included, before it counts as failed (default 10000 ms). */
  writeTimeoutMs?: number;
  /** Milliseconds since the epoch, for the RowKey and how long a taken call is remembered. */
  now?: () => number;
  /** How the SDK is loaded; tests may make it fail. */
  loadSdk?: () => Promise<TablesSdk>;
  /** IVR_SMS_TIMEOUT_MS: the longest a send may take, so a claim unsettled well past it was abandoned (default 3000 ms). */
  smsTimeoutMs?: number;
  /** How a request that found the call's SMS claimed waits before it looks again (tests make it short); a take waiting for the call's last answer waits so too. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest a take waits for the action of a <Dial> the call's latest answer started or for the answer of an SMS being sent (awaitsLastAnswer); default LAST_ANSWER_WAIT_MS. */
  lastAnswerWaitMs?: number;
  /**
   * How long after an answer made after the caller hung up was written this instance looks whether its call was taken
   * meanwhile, by any instance, and deletes it if so (default LATE_ANSWER_CHECK_MS).
   */
  lateAnswerCheckMs?: number;
  /**
   * Runs `sweep` (the look for calls older than 6 h that no status callback took) after `ms`: first soon after
   * start-up, then an hour after each sweep ends. Default an unref'd setTimeout; tests run it when they choose.
   */
  sweepTimer?: (sweep: () => void, ms: number) => void;
}

interface StepEntity {
  partitionKey: string;
  rowKey: string;
  line: string;
  language: string;
  input: string;
  /** Node ids, space-separated (ids are lower-case letters, digits and dashes). */
  nodes: string;
  end: StepEnd;
  sms?: StepSms;
  dialRefused?: boolean;
  startedAtMs?: number;
  requestKey?: number;
  requestAtMs?: number;
  startedOver?: string;
  afterHangUp?: boolean;
}

/**
 * The call's SMS claim (claimSms): in the call's partition, so the status callback's take deletes it with the
 * answers, under a RowKey no answer has (theirs begin with digits). `sent` is written once the message was tried.
 */
const SMS_CLAIM_ROW = 'sms-claim';
interface SmsClaimEntity {
  partitionKey: string;
  rowKey: typeof SMS_CLAIM_ROW;
  /** Who inserted it: an insert the SDK retried after it went through finds its own claim, not another's. */
  claimant: string;
  /** When it was claimed (epoch ms): one unsettled long past the send's timeout was abandoned by an instance that stopped. */
  claimedAtMs: number;
  sent?: boolean;
}

/** Longest one storage operation of claiming a call's SMS (claimSms) may take before the request sends without the claim. */
const CLAIM_TIMEOUT_MS = 2000;
/** How long past IVR_SMS_TIMEOUT_MS a claim may stay unsettled before it counts as abandoned: the settle's own write, and clocks apart. */
const CLAIM_MARGIN_MS = 2000;
/** What Twilio waits for one request's answer, all its tries included (`tt`, 15 s at most: https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides). */
const TWILIO_WAIT_MS = 15_000;
/** How often a request that found the call's SMS claimed, and not settled, looks again. */
const CLAIM_POLL_MS = 250;
/** How often a take waiting for the call's last answer (a <Dial>'s action, an SMS's) reads the call again. */
const LAST_ANSWER_POLL_MS = 200;
/**
 * When an answer that may come after its call's take (made after the caller hung up, or an SMS's) is looked at again
 * (lateAnswerCheckMs): past any take that read the call before it landed, as a take ends within what Twilio waits for
 * the status callback's answer (its read, its wait for the last answer and its delete, each bounded).
 */
const LATE_ANSWER_CHECK_MS = TWILIO_WAIT_MS;

/** When an instance sweeps the table first (sweepLeftovers): soon after start-up, yet not during it. */
const FIRST_SWEEP_AFTER_MS = 60_000;
/** How often an instance sweeps again: at most once an hour, as a sweep reads the whole table. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Longest a sweep's look through the table may take. */
const SWEEP_SCAN_TIMEOUT_MS = 60_000;

/**
 * How many calls, and for how long, this instance remembers by CallSid (recentCallSids): as many, and as
 * long, as the memory journal keeps calls. The calls it took are remembered so a status callback Twilio
 * sends again (on this instance) writes no second line; one that lands on another instance finds the
 * partition empty and writes a line without a path, which `ivr report` and the queries in
 * docs/call-records.md count once. So are the calls with an answer this instance wrote or could not
 * write, and those a failure notice counted.
 */
const CALLS_REMEMBERED = { calls: MEMORY_JOURNAL_DEFAULTS.maxCalls, ageMs: MEMORY_JOURNAL_DEFAULTS.maxAgeMs } as const;

export interface TableJournal extends CallJournal {
  /** Resolves when the start-up work, every write under way and every delete and look at a late answer have finished (or failed): before a test reads the table. */
  flush(): Promise<void>;
}

export function tableJournal(options: TableJournalOptions): TableJournal {
  const { logger } = options;
  const takeTimeoutMs = options.takeTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const smsTimeoutMs = options.smsTimeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const lastAnswerWaitMs = options.lastAnswerWaitMs ?? LAST_ANSWER_WAIT_MS;
  const lateAnswerCheckMs = options.lateAnswerCheckMs ?? LATE_ANSWER_CHECK_MS;
  // Two notices, as the two cost different things: a call's record (writes and the read), and the table's size (deletes).
  // Each says "works again" only when storage did that job for a whole call: a write that took 3.5 s worked, yet the read
  // of the same call, allowed 3 s, still lost its record.
  // "until it works, …": what the failure costs meanwhile; `lost`: what it did to each call, as the recovery line counts them.
  const noticeOf = (until: string, lost: (calls: number) => string) => new FailureNotice(logger, `call journal (Azure Table Storage; until it works, ${until})`, lost, CALLS_REMEMBERED, now);
  const notice = noticeOf('ivr.call lines may lack paths', (calls) => `got ${calls === 1 ? 'an ivr.call line' : 'ivr.call lines'} without the whole path ("pathMissing")`);
  const leftovers = noticeOf(
    `finished calls' answers stay in the table ${options.tableName ?? JOURNAL_TABLE_NAME}`,
    (calls) => `left ${calls === 1 ? 'its' : 'their'} answers in the table (docs/call-records.md says how to clear them)`,
  );
  // A third, as a claim's failure costs no path: the call's SMS goes out unclaimed, and a request Twilio sends again may send it again.
  const smsClaims = noticeOf(
    'a request Twilio sends again may send a caller a second chat-link SMS',
    (calls) => `had ${calls === 1 ? 'its' : 'their'} chat-link SMS sent or settled without the journal (one Twilio request sent again could send another)`,
  );
  // Started here, at app start-up: the SDK loads and the table is made in the
  // background, so no caller waits for either on a first key press.
  const client: Promise<TableClient> = (options.loadSdk ?? loadTablesSdk)().then(async (sdk) => {
    const table = sdk.TableClient.fromConnectionString(options.connectionString, options.tableName ?? JOURNAL_TABLE_NAME, {
      // Only an http:// endpoint (Azurite) needs this; Azure's are https.
      allowInsecureConnection: /(^|;)\s*(DefaultEndpointsProtocol=http|TableEndpoint=http:)/i.test(options.connectionString),
      retryOptions: { maxRetries: 2 },
    });
    try {
      await table.createTable({ abortSignal: AbortSignal.timeout(writeTimeoutMs) });
    } catch (err) {
      // Each write makes the table again if it is still missing.
      notice.failed('making the table', err);
    }
    return table;
  });
  client.catch((err) => notice.failed('loading @azure/data-tables and opening the table', err));
  // This instance's writes still under way, by CallSid: a status callback on the same instance waits for them.
  const pending = new Map<string, Promise<unknown>>();
  const taken = recentCallSids(CALLS_REMEMBERED, now);
  // Takes under way, by CallSid: a status callback sent again while the first is still reading must not read too.
  const taking = new Map<string, Promise<TakenSteps>>();
  // Calls an answer of which could not be written: their record lacks it, so their take proves nothing works again.
  const unkept = recentCallSids(CALLS_REMEMBERED, now);
  // Calls an answer of which this instance wrote: rows of theirs may be in the table.
  const kept = recentCallSids(CALLS_REMEMBERED, now);
  // Deletes after a read that timed out, under way: flush waits for them too.
  const clearing = new Set<Promise<void>>();
  let sequence = 0;
  const sweepTimer = options.sweepTimer ?? ((sweep: () => void, ms: number) => void setTimeout(sweep, ms).unref());
  scheduleSweep(FIRST_SWEEP_AFTER_MS);

  /** Inserts the entity, making the table again if it is missing; each storage request allowed `timeoutMs`. Its ETag, for a later conditional update. */
  async function write(entity: StepEntity | SmsClaimEntity, timeoutMs = writeTimeoutMs): Promise<string | undefined> {
    const table = await client;
    const insert = () => table.createEntity(entity, { abortSignal: AbortSignal.timeout(timeoutMs) });
    try {
      return (await insert()).etag;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      await table.createTable({ abortSignal: AbortSignal.timeout(timeoutMs) });
      return (await insert()).etag;
    }
  }

  /** Keeps a write of the call's under way in `pending`, so a status callback on this instance waits for it (and flush). */
  function track(callSid: string, done: Promise<unknown>): void {
    const previous = pending.get(callSid);
    const all = previous ? Promise.all([previous, done]) : done;
    pending.set(callSid, all);
    void all.then(() => {
      if (pending.get(callSid) === all) pending.delete(callSid);
    });
  }

  async function read(callSid: string, timeoutMs: number): Promise<StepEntity[]> {
    const table = await client;
    const entities: StepEntity[] = [];
    try {
      const query = { queryOptions: { filter: `PartitionKey eq '${callSid}'` }, abortSignal: AbortSignal.timeout(timeoutMs) };
      for await (const entity of table.listEntities<Omit<StepEntity, 'partitionKey' | 'rowKey'>>(query)) entities.push(entity as StepEntity);
    } catch (err) {
      // No table yet: nothing was ever recorded.
      if (statusOf(err) === 404) return [];
      throw err;
    }
    return entities.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
  }

  async function forget(entities: StepEntity[], timeoutMs: number): Promise<void> {
    await deleteRows(await client, entities, timeoutMs);
  }

  return {
    async flush() {
      await client.then(
        () => undefined,
        () => undefined,
      );
      await Promise.all(pending.values());
      await Promise.all(clearing);
    },

    record(step) {
      try {
        if (!isCallSid(step.callSid)) return;
        const callSid = step.callSid;
        // This instance wrote the call's line already (the status callback came first): a row kept now would stay forever.
        if (taken.has(callSid)) {
          logger.warn(lateAnswerMessage(step));
          return;
        }
        const entity = toEntity(step, rowKey());
        // A write that worked says nothing of the call's record, which its read at the end makes: no "works again" here.
        track(
          callSid,
          write(entity).then(
            () => {
              kept.add(callSid);
              // A request made after the hang-up, or the SMS answer of a caller who hung up while it was sent, may land
              // after another instance took the call (past its wait for it): looked at again later, as nothing else would.
              if (step.afterHangUp || answersSms(step)) lookAgainLater(step, entity.rowKey);
            },
            (err) => {
              unkept.add(callSid);
              notice.failed('keeping an answer', err, callSid);
            },
          ),
        );
      } catch (err) {
        notice.failed('keeping an answer', err);
      }
    },

    async claimSms(callSid): Promise<SmsClaim> {
      const unclaimed: SmsClaim = { first: true, settle() {} };
      if (!isCallSid(callSid)) return unclaimed;
      try {
        const result = await claim(callSid);
        // A request that learned what became of the call's SMS: the claim did its whole job (the first's, once it settles).
        if (!result.first) smsClaims.succeeded();
        return result;
      } catch (err) {
        // Not covered: storage failing or slower than the deadline. The caller gets the message; a request sent again may send another.
        smsClaims.failed('claiming a call\'s SMS (sent without the claim)', err, callSid);
        return unclaimed;
      }
    },

    async take(callSid) {
      if (!isCallSid(callSid)) return { steps: [], omitted: 0 };
      if (taken.has(callSid)) return { steps: null, takenBefore: true };
      // Set before the first await: two callbacks that arrive together both get past taken.has otherwise.
      const under = taking.get(callSid);
      if (under) {
        await under;
        return { steps: null, takenBefore: true };
      }
      const once = takeOnce(callSid);
      taking.set(callSid, once);
      try {
        return await once;
      } finally {
        taking.delete(callSid);
      }
    },
  };

  /**
   * An insert that fails with 409 when the entity is there: of two requests of a call that get here together,
   * on any instances, exactly one inserts it and sends. The other waits for what became of the message, looking
   * again every CLAIM_POLL_MS, and tells its caller "sent" only if the first's send worked. A claim still unsettled
   * CLAIM_MARGIN_MS past the send's own timeout was abandoned (its instance stopped mid-send): taken over, by one
   * instance only (an update conditional on the ETag read), and the message sent. The wait ends where Twilio
   * would stop waiting for this request, leaving time for a send: then the caller is told it was not sent.
   * Each storage request is allowed CLAIM_TIMEOUT_MS; one that fails or is late throws (claimSms: sent unclaimed).
   */
  async function claim(callSid: string): Promise<SmsClaim> {
    const within = <T>(promise: Promise<T>) => withDeadline(promise, CLAIM_TIMEOUT_MS);
    // The SDK still loading counts as storage slower than the deadline.
    const table = await within(client);
    const signal = () => AbortSignal.timeout(CLAIM_TIMEOUT_MS);
    const mine: SmsClaimEntity = { partitionKey: callSid, rowKey: SMS_CLAIM_ROW, claimant: randomBytes(8).toString('hex'), claimedAtMs: now() };
    try {
      const inserted = write(mine, CLAIM_TIMEOUT_MS);
      // Tracked as the answers' writes are: a status callback on this instance reads the call once the claim has landed.
      track(callSid, inserted.catch(() => undefined));
      return claimed(mine, await within(inserted));
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    const abandonedAfterMs = smsTimeoutMs + CLAIM_MARGIN_MS;
    const looks = Math.max(0, Math.floor((TWILIO_WAIT_MS - smsTimeoutMs - CLAIM_MARGIN_MS) / CLAIM_POLL_MS));
    for (let look = 0; ; look++) {
      const known = await within(table.getEntity<Omit<SmsClaimEntity, 'partitionKey' | 'rowKey'>>(callSid, SMS_CLAIM_ROW, { abortSignal: signal() }));
      // An insert the SDK retried after it went through finds its own claim.
      if (known.claimant === mine.claimant) return claimed(mine, known.etag);
      if (typeof known.sent === 'boolean') return { first: false, sent: Promise.resolve(known.sent) };
      // A claim without its instant (written before claims had one) counts as old.
      const age = now() - (typeof known.claimedAtMs === 'number' ? known.claimedAtMs : 0);
      if (age >= abandonedAfterMs) {
        const takeover: SmsClaimEntity = { ...mine, claimedAtMs: now() };
        try {
          const etag = (await within(table.updateEntity(takeover, 'Replace', { etag: known.etag, abortSignal: signal() }))).etag;
          logger.warn(
            `call journal: the chat-link SMS of call ${loggableCallSid(callSid)} was claimed ${Math.round(age / 1000)} s ago and never settled (the instance sending it stopped?): this request took the claim over and sends it`,
          );
          return claimed(takeover, etag);
        } catch (err) {
          // 412: another request took it over first; look again at what it did.
          if (statusOf(err) !== 412) throw err;
          continue;
        }
      }
      // Still sending when Twilio would give up on this request: not "sent", as nothing says it was.
      if (look >= looks) return { first: false, sent: Promise.resolve(false) };
      await sleep(CLAIM_POLL_MS);
    }
  }

  /** The claim this request holds: it sends, then settles what became of the message, unless another request took the claim over meanwhile. */
  function claimed(mine: SmsClaimEntity, etag: string | undefined): SmsClaim {
    const callSid = mine.partitionKey;
    return {
      first: true,
      settle(sent) {
        const update = (async () => {
          const table = await client;
          await table.updateEntity({ partitionKey: callSid, rowKey: SMS_CLAIM_ROW, sent }, 'Merge', { ...(etag ? { etag } : {}), abortSignal: AbortSignal.timeout(writeTimeoutMs) });
        })();
        track(
          callSid,
          update.then(
            () => smsClaims.succeeded(),
            (err) => {
              // 412: this request was taken for gone and its claim taken over; the request that took it says what became of the message.
              // 404: the call's status callback took the call (its claim went with its answers) first: no request of it is to come.
              if (statusOf(err) !== 412 && statusOf(err) !== 404) smsClaims.failed('keeping whether a call\'s SMS was sent', err, callSid);
            },
          ),
        );
      },
    };
  }

  /** The answers of a finished call, once this instance's own writes for it have landed, within takeTimeoutMs. */
  function readFinished(callSid: string): Promise<StepEntity[]> {
    return withDeadline(
      (async () => {
        await pending.get(callSid);
        return read(callSid, takeTimeoutMs);
      })(),
      takeTimeoutMs,
    );
  }

  /** Reads the call's answers and deletes them; never rejects. */
  async function takeOnce(callSid: string): Promise<TakenSteps> {
    let entities: StepEntity[];
    try {
      entities = await readFinished(callSid);
      const waited = await awaitAnswer(callSid, entities);
      entities = waited.entities;
      // The whole record, unless one of its answers was never written, or a read while waiting failed.
      if (!unkept.has(callSid) && !waited.readFailed) notice.succeeded();
    } catch (err) {
      notice.failed('reading a finished call', err, callSid);
      // Storage that refuses (a wrong key) refused the writes too; storage too slow for the read may yet delete.
      if (timedOut(err)) clearLater(callSid);
      return { steps: null };
    }
    taken.add(callSid);
    if (entities.length > 0) {
      try {
        await withDeadline(forget(entities, takeTimeoutMs), takeTimeoutMs);
        leftovers.succeeded();
      } catch (err) {
        // The line still goes out; the entities stay behind in the table.
        leftovers.failed('deleting a finished call', err, callSid);
      }
    }
    // The SMS claim is deleted with the answers but is none; a request Twilio sent again counts once.
    const steps = withoutRepeats(entities.filter((entity) => entity.rowKey !== SMS_CLAIM_ROW).map(toStep));
    // As the memory journal keeps them: the first answers and the latest.
    const kept = steps.length > MAX_STEPS_PER_CALL ? [...steps.slice(0, MAX_STEPS_PER_CALL - LATEST_STEPS_KEPT), ...steps.slice(-LATEST_STEPS_KEPT)] : steps;
    return { steps: kept, omitted: steps.length - kept.length } satisfies TakenSteps;
  }

  /**
   * The call's answers once the one still to come is among them, read again every LAST_ANSWER_POLL_MS for at most
   * lastAnswerWaitMs (awaitsLastAnswer): the action of the <Dial> its latest answer started (the caller who hung up
   * while talking to the operator is then `transferred`, not `caller-hung-up-during-transfer`), or the answer of
   * the SMS its claim row says is being sent, on any instance (the caller who pressed the key and hung up at once
   * is then `sms: sent`). Any other call (nearly all) is not read again. A read that fails ends the
   * wait with what was read before, and is a storage failure like any other (the record may lack that answer):
   * storage is not said to work again on its account.
   */
  async function awaitAnswer(callSid: string, entities: StepEntity[]): Promise<{ entities: StepEntity[]; readFailed: boolean }> {
    const until = Date.now() + lastAnswerWaitMs;
    let latest = entities;
    while (awaitsAnswerIn(latest) && Date.now() < until) {
      await sleep(Math.min(LAST_ANSWER_POLL_MS, Math.max(0, until - Date.now())));
      try {
        latest = await readFinished(callSid);
      } catch (err) {
        notice.failed('reading a finished call again for its last answer', err, callSid);
        return { entities: latest, readFailed: true };
      }
    }
    return { entities: latest, readFailed: false };
  }

  /**
   * An answer made after the caller hung up (CallStep.afterHangUp), or an SMS answer later than the take's wait for
   * it, may land after the status callback took its call, on any instance: nothing would ever read or delete it.
   * Looked at again once any take that read the call before it landed has ended: if the partition holds none of the
   * call's other answers, the call was taken without it, and it is deleted (with the SMS claim, written as late) and
   * logged (lateAnswerMessage). An instance that failed to write one of the call's answers leaves it to the take: its
   * partition lacks those answers anyway.
   */
  function lookAgainLater(step: CallStep, rowKey: string): void {
    const callSid = step.callSid;
    const looked = (async () => {
      // Unref'd: a host stopping need not wait for it (the answer then stays, as any an instance leaves when it stops).
      await new Promise((resolve) => setTimeout(resolve, lateAnswerCheckMs).unref());
      if (unkept.has(callSid)) return;
      const entities = await read(callSid, writeTimeoutMs);
      if (!entities.some((entity) => entity.rowKey === rowKey)) return; // taken with its call
      if (entities.some((entity) => entity.rowKey !== rowKey && entity.rowKey !== SMS_CLAIM_ROW && entity.afterHangUp !== true)) return; // the call's take is yet to come
      const table = await client;
      for (const late of entities.filter((entity) => entity.rowKey === rowKey || entity.rowKey === SMS_CLAIM_ROW)) {
        await table.deleteEntity(callSid, late.rowKey, { abortSignal: AbortSignal.timeout(writeTimeoutMs) });
      }
      logger.warn(lateAnswerMessage(step));
    })().then(
      () => undefined,
      (err) => leftovers.failed('deleting an answer that came after its call\'s record was written', err, callSid),
    );
    clearing.add(looked);
    void looked.then(() => clearing.delete(looked));
  }

  /**
   * Deletes the answers of a call whose read timed out, in the background and with a write's deadline: its line
   * went out without them, and Table Storage has no expiry, so nobody else would ever delete them. Slow storage
   * (an answer in 3.5 s against the read's 3 s) keeps growing the table otherwise. What this cannot delete
   * either (storage down) stays, counted by the leftovers notice; docs/call-records.md says how to clear it.
   * Counted only if rows of the call may be there: a call every write of which on this instance failed (storage
   * down all through it) left nothing, and the recovery line must not send anyone to clear an empty table.
   * One whose answers were all written by other instances may have left rows: counted.
   */
  function clearLater(callSid: string): void {
    const cleared = (async () => {
      await pending.get(callSid);
      const entities = await read(callSid, writeTimeoutMs);
      if (entities.length > 0) await withDeadline(forget(entities, writeTimeoutMs), writeTimeoutMs);
    })().then(
      () => leftovers.succeeded(),
      (err) => {
        if (kept.has(callSid) || !unkept.has(callSid)) leftovers.failed('deleting the answers of a call whose read timed out', err, callSid);
      },
    );
    clearing.add(cleared);
    void cleared.then(() => clearing.delete(cleared));
  }

  /**
   * The next sweep, `ms` from now, off every caller's path: a timer, not a request, runs it, and no answer or take
   * waits for it. The one after is scheduled when it ends, so one instance never sweeps twice at once.
   */
  function scheduleSweep(ms: number): void {
    sweepTimer(() => {
      const swept = sweepLeftovers()
        .catch((err) => leftovers.failed('sweeping calls that no status callback took', err))
        .finally(() => {
          clearing.delete(swept);
          scheduleSweep(SWEEP_EVERY_MS);
        });
      clearing.add(swept);
    }, ms);
  }

  /**
   * Deletes the answers of calls older than LEFTOVER_AGE_MS (by the rows' own instants, from `now`) that no status
   * callback took, at most MAX_CALLS_PER_SWEEP calls a time, one call's partition after another; says so in one
   * info line. A failure goes to the leftovers notice (one warning, then counted) and ends this sweep: the next
   * one, an hour later, tries again. Never rejects.
   */
  async function sweepLeftovers(): Promise<void> {
    // An SDK that did not load, or a table not made, was reported already; each sweep tries again.
    const table = await client.catch(() => undefined);
    if (!table) return;
    const hours = LEFTOVER_AGE_MS / 3_600_000;
    let old;
    try {
      old = await findOldCalls(table, { beforeMs: now() - LEFTOVER_AGE_MS, claimRow: SMS_CLAIM_ROW, maxCalls: MAX_CALLS_PER_SWEEP, timeoutMs: SWEEP_SCAN_TIMEOUT_MS });
    } catch (err) {
      // 404: no table yet, so nothing to sweep.
      if (statusOf(err) !== 404) leftovers.failed(`looking for calls older than ${hours} h that no status callback took`, err);
      return;
    }
    let removed = 0;
    for (const callSid of old.callSids) {
      try {
        // The call's rows as a take reads and deletes them: answers and SMS claim alike.
        await forget(await read(callSid, writeTimeoutMs), writeTimeoutMs);
      } catch (err) {
        // 404: a row another instance's sweep deleted meanwhile; what is left, if anything, goes next time.
        if (statusOf(err) !== 404) {
          leftovers.failed(`deleting the answers of a call older than ${hours} h that no status callback took`, err, callSid);
          break;
        }
      }
      removed++;
    }
    if (removed === 0) return;
    logger.info(
      `call journal (Azure Table Storage): removed the answers of ${counted(removed, 'call')} older than ${hours} h that no status callback took: ` +
        `their status callback failed or was refused, or their number has none (docs/call-records.md, "The status callback")` +
        (old.more && removed === old.callSids.length ? `; more remain, for the next sweep in an hour` : ''),
    );
    leftovers.succeeded();
  }

  /**
   * Milliseconds, zero-padded, then this instance's count: sorts in answer
   * order as text. The random tail keeps two instances that write in the same
   * millisecond from colliding on one RowKey.
   */
  function rowKey(): string {
    sequence = (sequence + 1) % 1_000_000;
    return `${timeKey(now())}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
  }
}

function toEntity(step: CallStep, rowKey: string): StepEntity {
  return {
    partitionKey: step.callSid,
    rowKey,
    line: step.line,
    language: step.language,
    input: step.input,
    nodes: step.nodes.join(' '),
    end: step.end,
    ...(step.sms ? { sms: step.sms } : {}),
    ...(step.dialRefused ? { dialRefused: true } : {}),
    ...(step.startedAtMs !== undefined ? { startedAtMs: step.startedAtMs } : {}),
    ...(step.request ? { requestKey: step.request.key, requestAtMs: step.request.atMs } : {}),
    ...(step.startedOver !== undefined ? { startedOver: step.startedOver } : {}),
    ...(step.afterHangUp ? { afterHangUp: true } : {}),
  };
}

function toStep(entity: StepEntity): CallStep {
  return {
    callSid: entity.partitionKey,
    line: String(entity.line ?? ''),
    language: String(entity.language ?? ''),
    input: String(entity.input ?? ''),
    nodes: String(entity.nodes ?? '').split(' ').filter(Boolean),
    end: entity.end,
    ...(entity.sms ? { sms: entity.sms } : {}),
    ...(entity.dialRefused === true ? { dialRefused: true as const } : {}),
    ...(typeof entity.startedAtMs === 'number' ? { startedAtMs: entity.startedAtMs } : {}),
    ...(typeof entity.requestKey === 'number' && typeof entity.requestAtMs === 'number' ? { request: { key: entity.requestKey, atMs: entity.requestAtMs } } : {}),
    ...(typeof entity.startedOver === 'string' ? { startedOver: entity.startedOver } : {}),
    ...(entity.afterHangUp === true ? { afterHangUp: true as const } : {}),
  };
}

/** Whether a call's rows (the SMS claim's among them) still lack an answer to come: its <Dial>'s action, or its SMS's. */
function awaitsAnswerIn(entities: readonly StepEntity[]): boolean {
  const answers = entities.filter((entity) => entity.rowKey !== SMS_CLAIM_ROW);
  const last = answers.at(-1);
  return last !== undefined && awaitsLastAnswer(last, { claimed: answers.length < entities.length, answered: answers.some(answersSms) });
}

/** The read's deadline passed (withDeadline's, or the SDK's abort signal), rather than storage saying no. */
function timedOut(err: unknown): boolean {
  return err instanceof DeadlineError || (err as Error | null)?.name === 'AbortError';
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}
