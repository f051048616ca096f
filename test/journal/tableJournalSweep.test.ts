import { TableClient } from '@azure/data-tables';
import { createServer, request } from 'node:http';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { tableJournal } from '../../src/journal/tableJournal';
import { simulateCall } from '../../src/simulator';
import { AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger, WEEKDAY_OPEN } from '../twilio/support';
import { connectionStringFor, interruptibleStorage, azuriteForTheseTests } from './tableStorage';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { fixedFlow } from '../support/fixedMenu';
import { eventually } from '../support/eventually';

// The table journal's sweep of calls that no status callback took (refused with 403 while the auth token is
// rotated, the app down as the call ended, a number without a status callback): their answers would otherwise
// stay in the table for ever. Against Azurite, on a clock the test sets (the journal's `now`).

const ENV = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: ORIGIN, ...OPERATOR_NUMBERS };
const instant = DateTime.fromISO(WEEKDAY_OPEN, { zone: 'Europe/Rome' });
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

const azurite = azuriteForTheseTests();

let tables = 0;
const freshTable = () => `IvrJournalSweepTest${++tables}`;

/** One instance whose journal's clock is `clock.ms` and whose sweeps run when the test says (`sweeps`, each with its delay). */
function instance(connectionString: string, tableName: string, clock: { ms: number }) {
  const logger = recordingLogger();
  const sweeps: { run: () => void; ms: number }[] = [];
  const journal = tableJournal({ connectionString, tableName, logger, now: () => clock.ms, sweepTimer: (run, ms) => void sweeps.push({ run, ms }) });
  const app = createApp({ settings: readSettings(ENV), flow: fixedFlow(), clock: () => instant, logger, journal });
  logger.lines.length = 0;
  /** Runs the sweep the journal scheduled, and waits for it to end. */
  const sweep = async () => {
    sweeps.shift()!.run();
    await journal.flush();
  };
  return { app, journal, logger, sweeps, sweep };
}

type Instance = ReturnType<typeof instance>;

/**
 * A call whose status callback never reaches the app (it was down as the call ended: Twilio's 15002), or, with
 * `atStatus`, one that does after `atStatus` ran, while the call is still in progress. Its writes have landed by
 * then (flush), unless `settle` is false: the instance's own take still waits for them.
 */
async function call(fleet: Instance, press: string[], atStatus?: () => Promise<void>, settle = true) {
  return simulateCall({
    url: `${ORIGIN}/api/voice`,
    statusCallback: `${ORIGIN}/api/voice/status`,
    transport: async (req) => {
      if (new URL(req.url).pathname.endsWith('/status')) {
        if (settle) await fleet.journal.flush();
        if (!atStatus) return { status: 503, headers: {}, body: '' };
        await atStatus();
      }
      return fleet.app.handle(req);
    },
    call: { to: CONSUMER_LINE, from: MOBILE },
    caller: press.map((digits) => ({ digits })),
    authToken: AUTH_TOKEN,
  });
}

async function rows(connectionString: string, tableName: string, callSid: string): Promise<unknown[]> {
  const client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  const found: unknown[] = [];
  for await (const row of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${callSid}'` } })) found.push(row);
  return found;
}

describe('the table journal sweeps calls no status callback took', () => {
  it('answers of a call older than 6 h go, at the first sweep soon after start-up; a call in progress and one younger than 6 h stay; one info line', async () => {
    const tableName = freshTable();
    const sweepAt = Date.UTC(2026, 10, 24, 18);
    const clock = { ms: sweepAt - 6 * HOUR - MINUTE };
    const fleet = instance(azurite.connectionString, tableName, clock);
    // Soon after start-up, then (below) an hour after each sweep: never more often.
    expect(fleet.sweeps.map((s) => s.ms)).toEqual([MINUTE]);

    const old = await call(fleet, ['1', '2']);
    clock.ms = sweepAt - 6 * HOUR + MINUTE;
    const younger = await call(fleet, ['1', '2']);
    expect(await rows(azurite.connectionString, tableName, old.callSid)).not.toEqual([]);

    // A call that began 3 h 59 min before the sweep (Twilio ends one at 4 h) and is still going when it runs.
    clock.ms = sweepAt - 4 * HOUR + MINUTE;
    const live = await call(fleet, ['1', '2'], async () => {
      clock.ms = sweepAt;
      await fleet.sweep();
      expect(await rows(azurite.connectionString, tableName, old.callSid)).toEqual([]);
    });

    // The call in progress keeps its whole record; the younger one's answers wait for a later sweep.
    expect(fleet.logger.events('ivr.call')).toEqual([expect.objectContaining({ callSid: live.callSid, path: expect.arrayContaining(['consumer-menu']) })]);
    expect(fleet.logger.events('ivr.call')[0]!.pathMissing).toBeUndefined();
    expect(await rows(azurite.connectionString, tableName, younger.callSid)).not.toEqual([]);
    expect(fleet.logger.lines.filter((l) => !l.message.startsWith('{'))).toEqual([
      {
        level: 'info',
        message:
          'call journal (Azure Table Storage): removed the answers of 1 call older than 6 h that no status callback took: ' +
          'their status callback failed or was refused, or their number has none (docs/call-records.md, "The status callback")',
      },
    ]);
    expect(fleet.sweeps.map((s) => s.ms)).toEqual([HOUR]);

    // An hour later the younger call is 6 h old too.
    clock.ms = sweepAt + HOUR;
    await fleet.sweep();
    expect(await rows(azurite.connectionString, tableName, younger.callSid)).toEqual([]);
  });

  it('at most 500 calls a sweep, the rest at the next; an SMS claim is swept by its own instant', async () => {
    const tableName = freshTable();
    const clock = { ms: Date.UTC(2026, 10, 24, 9) };
    const old = clock.ms - 7 * HOUR;
    const table = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
    await table.createTable();
    const sid = (n: number) => `CA${String(n).padStart(32, '0')}`;
    // 501 answers left 7 h ago, as the journal writes them (the RowKey begins with when), and two SMS claims without answers.
    for (let n = 1; n <= 501; n++) await table.createEntity({ partitionKey: sid(n), rowKey: `${String(old).padStart(15, '0')}-000001-abcdef`, line: 'consumer', input: 'call' });
    await table.createEntity({ partitionKey: sid(900), rowKey: 'sms-claim', claimant: 'x', claimedAtMs: old });
    await table.createEntity({ partitionKey: sid(901), rowKey: 'sms-claim', claimant: 'y', claimedAtMs: clock.ms - MINUTE });
    const fleet = instance(azurite.connectionString, tableName, clock);
    const left = async () => {
      const sids = new Set<string>();
      for await (const row of table.listEntities()) sids.add(row.partitionKey!);
      return sids;
    };

    await fleet.sweep();
    expect((await left()).size).toBe(503 - 500);
    await fleet.sweep();
    expect([...(await left())]).toEqual([sid(901)]);
    expect(fleet.logger.lines.map((l) => l.message.replace(/: their status callback.*?\)/, ''))).toEqual([
      'call journal (Azure Table Storage): removed the answers of 500 calls older than 6 h that no status callback took; more remain, for the next sweep in an hour',
      'call journal (Azure Table Storage): removed the answers of 2 calls older than 6 h that no status callback took',
    ]);
  }, 60_000);

  it('storage failing at each sweep: one warning, then counted; when it works again, the old answers go', async () => {
    const storage = await interruptibleStorage(azurite);
    try {
      const tableName = freshTable();
      const clock = { ms: Date.UTC(2026, 10, 24, 9) };
      const fleet = instance(storage.connectionString, tableName, clock);
      const old = await call(fleet, ['1', '2']);
      clock.ms += 7 * HOUR;
      storage.down = true;
      await fleet.sweep();
      await fleet.sweep();
      const warnings = fleet.logger.lines.filter((l) => l.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(
        /^call journal \(Azure Table Storage; until it works, finished calls' answers stay in the table IvrJournalSweepTest\d+\): looking for calls older than 6 h that no status callback took failed \(.+\); further failures are counted/,
      );
      storage.down = false;
      await fleet.sweep();
      expect(await rows(azurite.connectionString, tableName, old.callSid)).toEqual([]);
      expect(fleet.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      expect(fleet.logger.lines.some((l) => l.message.includes('removed the answers of 1 call older than 6 h'))).toBe(true);
    } finally {
      await storage.stop();
    }
  });

  it('a sweep stuck on slow storage: a call meanwhile is answered and recorded whole, never waiting for it', async () => {
    // Storage that holds the sweep's look through the table (its filter asks for old RowKeys) until released, and passes the rest.
    const origin = /TableEndpoint=(http:\/\/[^/;]+)/.exec(azurite.connectionString)![1]!;
    const held: (() => void)[] = [];
    const server = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => {
        const pass = () => {
          const forward = request(`${origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
          forward.on('error', () => res.destroy());
          forward.end(Buffer.concat(body));
        };
        if (decodeURIComponent(req.url ?? '').includes('RowKey lt')) held.push(pass);
        else pass();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    try {
      const tableName = freshTable();
      const clock = { ms: Date.UTC(2026, 10, 24, 9) };
      const fleet = instance(connectionStringFor(`http://127.0.0.1:${address.port}`), tableName, clock);
      await fleet.journal.flush();
      fleet.sweeps.shift()!.run();
      await eventually(() => held.length > 0, 'the sweep reached storage');

      // Not settled by flush, which waits for the sweep too.
      const during = await call(fleet, ['1', '2'], async () => {}, false);
      expect(during.transcript.some((e) => e.type === 'say')).toBe(true);
      expect(fleet.logger.events('ivr.call')).toEqual([expect.objectContaining({ callSid: during.callSid, path: expect.arrayContaining(['consumer-menu']) })]);
      expect(fleet.logger.events('ivr.call')[0]!.pathMissing).toBeUndefined();
      // The sweep is still held: the call did not wait for it.
      expect(fleet.sweeps).toEqual([]);

      held.splice(0).forEach((pass) => pass());
      await fleet.journal.flush();
      expect(fleet.sweeps.map((s) => s.ms)).toEqual([HOUR]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
