// One record per call. A call's CallSid can appear more than once in what a
// user gives: two exports of overlapping weeks joined together, the same
// file given twice (`cat mine.jsonl mine.jsonl`), or Twilio sending a call's
// status callback again. Counted twice, every figure of `ivr report` would
// double and `ivr replay` would run the call twice, so each CallSid after
// the first is left out and counted, for the commands to say so.

import { isCallSid } from '../journal/callJournal';
import type { ReadRecord, RecordItem } from './readRecords';

/** How many records were left out because they repeat a call already read. */
export interface Repeats {
  count: number;
}

/**
 * The items of `items`, each call once: unreadable items and records with no
 * usable CallSid pass as they are (nothing says two of them are one call).
 *
 * When two records of one call differ, the more complete is kept: Twilio may
 * send a call's status callback again, and the app's journal of the call's
 * answers is taken by the first, so the second says outcome "unknown" and
 * path null; an export may hold that one first. So a record that could be
 * bettered (see `completeness`) is held back until the file is read; one
 * that cannot is passed on at once, and only the held-back few stay in memory
 * beside the CallSids seen.
 */
export async function* onePerCall(items: AsyncIterable<RecordItem>, repeats: Repeats): AsyncGenerator<RecordItem> {
  const passed = new Set<string>();
  const heldBack = new Map<string, Extract<RecordItem, { record: unknown }>>();
  for await (const item of items) {
    if (!('record' in item) || !isCallSid(item.record.callSid)) {
      yield item;
      continue;
    }
    // Twilio writes CallSids in lower case; the journal reads them without case too.
    const sid = item.record.callSid.toLowerCase();
    if (passed.has(sid)) {
      repeats.count++;
      continue;
    }
    const held = heldBack.get(sid);
    if (held) {
      repeats.count++;
      if (completeness(item.record) <= completeness(held.record)) continue;
    }
    if (completeness(item.record) < WHOLE) {
      heldBack.set(sid, item);
      continue;
    }
    heldBack.delete(sid);
    passed.add(sid);
    yield item;
  }
  yield* heldBack.values();
}

const WHOLE = 2;

/**
 * How much of its call a record tells: 0 when a completed call's outcome or
 * path is not known (the journal had nothing), 1 when its path misses the
 * call's first answers, else 2. A call that never reached the menu (busy, no
 * answer) has no path in any record of it, so its record is whole.
 */
function completeness(record: ReadRecord): number {
  if (record.outcome === 'unknown' || (record.path === null && record.status === 'completed')) return 0;
  return record.pathMissing === 'partial' ? 1 : WHOLE;
}

/** The line saying how many records were left out as repeats, or undefined when none were. */
export function repeatsNote(repeats: Repeats): string | undefined {
  if (repeats.count === 0) return undefined;
  return `${repeats.count} record${repeats.count === 1 ? ' repeats a call' : 's repeat a call'} already read (same CallSid) and ${repeats.count === 1 ? 'was' : 'were'} left out`;
}
