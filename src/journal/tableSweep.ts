import type { TableClient as SdkTableClient } from '@azure/data-tables';
import { MEMORY_JOURNAL_DEFAULTS } from './memoryJournal';

// The table journal's answers of calls no status callback took: refused (403
// while the auth token is rotated), failed (the app down or overloaded as the
// call ended: Twilio's 15002/15003), or never sent (a number without a status
// callback). Table Storage has no expiry, so without this sweep a caller's
// answers would stay for ever. Only the storage operations are here; when to
// sweep, and what to say, is the journal's (tableJournal.ts).

/**
 * How old a call's rows must be to be swept: 6 hours, as long as the memory journal keeps a call. No call in
 * progress is that old: Twilio ends a call after 4 hours unless the account raised its limit ("Historically, Twilio
 * has had a hard-coded four-hour call limit", and the 24-hour maximum is an account setting, off by default:
 * https://www.twilio.com/en-us/blog/introducing-configurable-call-limits-for-programmable-voice).
 */
export const LEFTOVER_AGE_MS = MEMORY_JOURNAL_DEFAULTS.maxAgeMs;

/** The most calls one sweep deletes, so a sweep's work stays bounded however much was left; the rest wait for the next. */
export const MAX_CALLS_PER_SWEEP = 500;

/** A table transaction holds at most 100 operations, all in one partition. */
export const TRANSACTION_LIMIT = 100;

/** What a sweep uses of the SDK's client (whichever of its builds, ESM or CommonJS, was loaded). */
type TableClient = Pick<SdkTableClient, 'listEntities' | 'submitTransaction'>;

type RowKeys = { partitionKey: string; rowKey: string };

/** An instant as an answer's RowKey begins (epoch ms, zero-padded): sorts as text in time order. */
export function timeKey(ms: number): string {
  return String(ms).padStart(15, '0');
}

/** Deletes the rows of one partition, in transactions of at most TRANSACTION_LIMIT operations, each request allowed `timeoutMs`. */
export async function deleteRows(table: TableClient, rows: readonly RowKeys[], timeoutMs: number): Promise<void> {
  for (let i = 0; i < rows.length; i += TRANSACTION_LIMIT) {
    const deletes = rows.slice(i, i + TRANSACTION_LIMIT).map((row) => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }] as ['delete', RowKeys]);
    await table.submitTransaction(deletes, { abortSignal: AbortSignal.timeout(timeoutMs) });
  }
}

export interface OldCalls {
  /** CallSids (partitions) with a row written before the cutoff, at most `maxCalls` of them. */
  callSids: string[];
  /** More such calls are in the table than `maxCalls`. */
  more: boolean;
}

/**
 * The calls with a row written before `beforeMs`, by the rows' own instant (not the server's Timestamp): an
 * answer's RowKey begins with when it was written (timeKey), and the SMS claim (`claimRow`) keeps `claimedAtMs`.
 * One row that old is enough: its call began before it, so ended long ago.
 */
export async function findOldCalls(table: TableClient, options: { beforeMs: number; claimRow: string; maxCalls: number; timeoutMs: number }): Promise<OldCalls> {
  const callSids = new Set<string>();
  // Answers' RowKeys begin with digits, so the claim's sorts after every one of them: asked for by name.
  const filter = `RowKey lt '${timeKey(options.beforeMs)}' or RowKey eq '${options.claimRow}'`;
  const rows = table.listEntities<{ claimedAtMs?: unknown }>({ queryOptions: { filter }, abortSignal: AbortSignal.timeout(options.timeoutMs) });
  for await (const row of rows) {
    // A claim without its instant (written before claims had one) counts as old.
    if (row.rowKey === options.claimRow && typeof row.claimedAtMs === 'number' && row.claimedAtMs >= options.beforeMs) continue;
    if (callSids.size === options.maxCalls && !callSids.has(row.partitionKey!)) return { callSids: [...callSids], more: true };
    callSids.add(row.partitionKey!);
  }
  return { callSids: [...callSids], more: false };
}
