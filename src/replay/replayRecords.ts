// `ivr replay` as a function: every record of a file run again against a
// flow, one at a time (memory stays bounded however many there are), with
// the calls that go differently grouped by where they first part from the
// record, the ones that cannot be replayed counted by reason, and the
// unreadable lines named.

import type { Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { readRecords } from '../records/readRecords';
import { recordReplayer, type ReplayScript } from './replayRecord';

export interface ReplayGroup {
  /** Where the replay first leaves the recorded path: the last node both share. */
  at: string;
  line: string;
  before: string;
  after: string;
  calls: number;
  example: ReplayScript & { lineNumber: number };
}

export interface ReplaySummary {
  records: number;
  replayed: number;
  same: number;
  different: number;
  groups: ReplayGroup[];
  notReplayable: Map<string, number>;
  unreadable: { lineNumber: number; reason: string }[];
  unreadableCount: number;
}

export interface ReplayOptions {
  flow: Flow;
  settings: Settings;
  /** Each replayed call (same or different), e.g. to write it as a scenario. */
  onReplayed?: (script: ReplayScript, outcome: string) => void;
}

const MAX_GROUPS = 200;
const MAX_NAMED_UNREADABLE = 20;

export async function replayRecords(file: string, options: ReplayOptions): Promise<ReplaySummary> {
  const summary: ReplaySummary = { records: 0, replayed: 0, same: 0, different: 0, groups: [], notReplayable: new Map(), unreadable: [], unreadableCount: 0 };
  const groups = new Map<string, ReplayGroup>();
  const replayRecord = recordReplayer(options.flow, options.settings);
  for await (const item of readRecords(file)) {
    if ('unreadable' in item) {
      summary.unreadableCount++;
      if (summary.unreadable.length < MAX_NAMED_UNREADABLE) summary.unreadable.push({ lineNumber: item.lineNumber, reason: item.unreadable });
      continue;
    }
    summary.records++;
    const { record } = item;
    const replay = await replayRecord(record);
    if (replay.kind === 'not-replayable') {
      summary.notReplayable.set(replay.reason, (summary.notReplayable.get(replay.reason) ?? 0) + 1);
      continue;
    }
    summary.replayed++;
    if (replay.kind === 'same') {
      summary.same++;
      options.onReplayed?.(replay.script, record.outcome);
      continue;
    }
    summary.different++;
    options.onReplayed?.(replay.script, replay.replayed.outcome);
    const recorded = record.path ?? [];
    const shared = sharedStart(recorded, replay.replayed.path);
    const before = `${recorded.slice(shared).join(' > ') || '(same path)'}: ${record.outcome}, inputs ${(record.inputs ?? []).join(' ')}${smsNote(record.sms)}`;
    const after = `${replay.replayed.path.slice(shared).join(' > ') || '(same path)'}: ${replay.replayed.outcome}, inputs ${replay.replayed.inputs.join(' ')}${smsNote(replay.replayed.sms)}`;
    const at = shared > 0 ? (recorded[shared - 1] as string) : '(call start)';
    const key = [record.line, at, before, after].join('\n');
    const group = groups.get(key);
    if (group) group.calls++;
    else if (groups.size < MAX_GROUPS) groups.set(key, { at, line: record.line, before, after, calls: 1, example: { ...replay.script, lineNumber: item.lineNumber } });
  }
  summary.groups = [...groups.values()].sort((a, b) => b.calls - a.calls);
  return summary;
}

/** The SMS, when the chat-link SMS was offered: a call may differ in nothing else. */
function smsNote(sms: string | undefined): string {
  return sms ? `, SMS ${sms}` : '';
}

function sharedStart(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
