// `ivr replay` as a function: every record of a file run again against a
// flow, one at a time (memory grows by the CallSids read, and by the records
// that might be bettered by a later one of the same call, held to the end), with
// the calls that go differently grouped by where they first part from the
// record, the ones that cannot be replayed counted by reason, and the
// unreadable lines named. Each call is replayed once, however often its
// CallSid appears (onePerCall). A call that ended in an app error is told
// apart: its record stops where the app failed, not where the flow sent it.

import type { Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { readRecords } from '../records/readRecords';
import { onePerCall } from '../records/onePerCall';
import type { RecordPlace } from '../records/recordPlace';
import { AS_RECORDED, recordReplayer, type ReplayScript, type ShowRecordValue } from './replayRecord';
import { otherWordsCounter, type OtherWords, type WordsBase } from './otherWords';
import { replayedOutcome, whyTheyPart } from './whyTheyPart';
import { appErrorChange, type AppErrorChange } from './appErrorChange';
import { followingRenames } from './followingRenames';
import { OMITTED } from '../webhook/callRecords';

export interface ReplayGroup {
  /** Where the replay first leaves the recorded path: the last node both share. */
  at: string;
  line: string;
  before: string;
  after: string;
  /** Why its calls part from their records, in a line that follows "N calls" (whyTheyPart): the text sums the groups by it. */
  why: string;
  calls: number;
  /** The CallSid of every call in the group, in the order read. */
  callSids: string[];
  /** The first record of the group: where it is in the file, and the call to hear it (none when the flow lacks the record's line). */
  example: (ReplayScript | { line: string }) & { place: RecordPlace };
}

export interface ReplaySummary {
  records: number;
  replayed: number;
  same: number;
  different: number;
  groups: ReplayGroup[];
  /** Calls that go differently in groups past the first MAX_GROUPS, which are not kept (memory stays bounded): counted, not listed. */
  ungrouped: number;
  /**
   * Calls that ended in an app error and, replayed, went the recorded path to its end and then on: the record stops
   * where the app failed, so it says nothing of where the flow would have sent the call, and they are not counted as
   * going differently (nor in `same`), unless the replay shows the flow changed there (appErrorChange.ts). Grouped as
   * those are, for what they do now (the first MAX_GROUPS groups kept).
   */
  appErrors: { calls: number; groups: ReplayGroup[] };
  /** By reason: how many records, and where the first few are. */
  notReplayable: Map<string, { records: number; places: RecordPlace[] }>;
  unreadable: { place: RecordPlace; reason: string }[];
  unreadableCount: number;
  /** Records left out because they repeat a call already read (the same CallSid). */
  repeated: number;
  /** With a base flow (ReplayOptions.words): the calls that go the same way but would hear other words than on it. */
  words?: OtherWords;
  /** Old id -> new id of each node renamed since the base flow (ReplayOptions.words), which the records name by its old id. */
  renamed: Record<string, string>;
  /** The nodes the records of calls that go differently name and the flow does not have (the first few): renamed, perhaps, where no base flow says so. */
  unknownNodes: string[];
}

export interface ReplayOptions {
  flow: Flow;
  settings: Settings;
  /** Each replayed call (same or different), e.g. to write it as a scenario. */
  onReplayed?: (script: ReplayScript, outcome: string) => void;
  /** How the summary's words (before, after, the reasons a record is not replayed) show the records' values: as they are (default), or for a terminal. */
  show?: ShowRecordValue;
  /** The flow the calls went through, to count the calls that go the same way but would hear other words (otherWords.ts), and to follow the nodes renamed since (followingRenames.ts). */
  words?: WordsBase;
  /** The flow the calls went through as the user gave it (--base): an app-error call that goes on otherwise there than here goes differently (appErrorChange.ts). */
  base?: WordsBase;
}

/** Groups kept: a change that parts calls in more places lists the first (in the order read) and counts the rest. */
export const MAX_GROUPS = 200;
const MAX_NAMED_UNREADABLE = 20;
const MAX_NAMED_PLACES = 5;

export async function replayRecords(file: string, options: ReplayOptions): Promise<ReplaySummary> {
  // The records name nodes as the base flow did: a node renamed since is the same node, by its new id (followingRenames.ts).
  const { renamed, inNewIds, words, base } = followingRenames(options.flow, options.words, options.base);
  const summary: ReplaySummary = { records: 0, replayed: 0, same: 0, different: 0, groups: [], ungrouped: 0, appErrors: { calls: 0, groups: [] }, notReplayable: new Map(), unreadable: [], unreadableCount: 0, repeated: 0, renamed: Object.fromEntries(renamed), unknownNodes: [] };
  const groups = new Map<string, ReplayGroup>();
  const appErrorGroups = new Map<string, ReplayGroup>();
  const show = options.show ?? AS_RECORDED;
  const replayRecord = recordReplayer(options.flow, options.settings, show);
  const repeats = { count: 0 };
  const otherWords = words && otherWordsCounter(words, options.flow, options.settings);
  const changedAtAppError = appErrorChange(options.settings, base);
  for await (const item of onePerCall(readRecords(file), repeats)) {
    if ('unreadable' in item) {
      summary.unreadableCount++;
      if (summary.unreadable.length < MAX_NAMED_UNREADABLE) summary.unreadable.push({ place: item.place, reason: item.unreadable });
      continue;
    }
    summary.records++;
    const record = inNewIds(item.record);
    const replay = await replayRecord(record);
    if (replay.kind === 'not-replayable') {
      const known = summary.notReplayable.get(replay.reason) ?? { records: 0, places: [] };
      known.records++;
      if (known.places.length < MAX_NAMED_PLACES) known.places.push(item.place);
      summary.notReplayable.set(replay.reason, known);
      continue;
    }
    summary.replayed++;
    if (replay.kind === 'no-line') {
      // A flow without the line the call was made to: whatever else, this call cannot go as it went. One group
      // for the line, whatever path each call took: their paths tell nothing of this flow.
      summary.different++;
      const why = `were made to the ${show.value(record.line)} line, which this flow does not have`;
      addTo(groups, { at: '(call start)', line: record.line, before: `every call on the ${show.value(record.line)} line`, after: `the flow has no ${show.quoted(record.line)} line`, why, calls: 1, callSids: [record.callSid], example: { line: record.line, place: item.place } });
      continue;
    }
    if (replay.kind === 'same') {
      summary.same++;
      if (otherWords && replay.heard && replay.playing) await otherWords.add(record.callSid, replay.heard, replay.playing);
      options.onReplayed?.(replay.script, record.outcome);
      continue;
    }
    options.onReplayed?.(replay.script, replay.replayed.outcome);
    const recorded = record.path ?? [];
    for (const id of recorded) if (!Object.hasOwn(options.flow.nodes, id) && id !== OMITTED && !summary.unknownNodes.includes(id) && summary.unknownNodes.length < MAX_NAMED_PLACES) summary.unknownNodes.push(id);
    const shared = sharedStart(recorded, replay.replayed.path);
    // The app failed where the record stops: a replay that gets there and goes on shows where the flow sends the call now, no
    // change of it, unless the key the app failed at is taken otherwise than on the flow the call went through.
    const reachedError = record.outcome === 'app-error' && shared === recorded.length;
    const changed = reachedError && replay.playing ? await changedAtAppError({ record, replayed: replay.replayed, playing: replay.playing }) : undefined;
    const appError = reachedError && changed === undefined;
    if (appError) summary.appErrors.calls++;
    else summary.different++;
    const at = shared > 0 ? (recorded[shared - 1] as string) : '(call start)';
    const before = `${pathAfter(recorded, shared, at, show)}: ${record.outcome}, inputs ${(record.inputs ?? []).map(show.value).join(' ')}${smsNote(record.sms)}${onBaseNote(changed, shared, at, show)}`;
    const after = `${pathAfter(replay.replayed.path, shared, at, show)}: ${replayedOutcome(replay.replayed.outcome)}, inputs ${replay.replayed.inputs.join(' ')}${smsNote(replay.replayed.sms)}${putThroughNote(replay.replayed.putThrough)}`;
    // Where the record stops, the base flow (when it decided) says where the call went from there.
    const was = changed?.base ?? { path: recorded, outcome: record.outcome };
    const why = whyTheyPart({ line: record.line, shared, recorded: was, replayed: replay.replayed }, show);
    addTo(appError ? appErrorGroups : groups, { at, line: record.line, before, after, why, calls: 1, callSids: [record.callSid], example: { ...replay.script, place: item.place } });
  }
  summary.repeated = repeats.count;
  if (otherWords) summary.words = otherWords.summary();
  summary.groups = [...groups.values()].sort((a, b) => b.calls - a.calls);
  summary.appErrors.groups = [...appErrorGroups.values()].sort((a, b) => b.calls - a.calls);
  summary.ungrouped = summary.different - summary.groups.reduce((calls, group) => calls + group.calls, 0);
  return summary;
}

/** Counts a call that went differently in its group (the first MAX_GROUPS groups are kept). */
function addTo(groups: Map<string, ReplayGroup>, call: ReplayGroup): void {
  // As JSON: raw values may hold the line breaks that would join two groups' keys into one.
  const key = JSON.stringify([call.line, call.at, call.before, call.after]);
  const group = groups.get(key);
  if (group) {
    group.calls++;
    group.callSids.push(...call.callSids);
  }
  else if (groups.size < MAX_GROUPS) groups.set(key, call);
}

/**
 * A side's path after the part both share; a side with no node after it ends where they part, and says so:
 * "(same path)" read as "nothing changed" beside a recorded path that went on.
 */
function pathAfter(path: string[], shared: number, at: string, show: ShowRecordValue): string {
  // A hand-edited record's nodes may hold line breaks or escape sequences, which a terminal must not get as they are.
  const rest = path.slice(shared).map(show.value);
  if (rest.length > 0) return rest.join(' > ');
  return shared > 0 ? `(ends at ${show.value(at)})` : '(no node)';
}

/** Where an app-error call goes on the base flow from where the app failed, when that showed the flow changed there. */
function onBaseNote(changed: AppErrorChange | undefined, shared: number, at: string, show: ShowRecordValue): string {
  const base = changed?.base;
  return base ? `; on ${show.value(base.label)}: ${pathAfter(base.path, shared, at, show)}: ${replayedOutcome(base.outcome)}` : '';
}

/** Why a transfer the record's app refused is made now: a call may differ in nothing else. */
function putThroughNote(settings: string[] | undefined): string {
  return settings ? ` (the transfer refused in the record is made now: ${settings.join(' and ')} ${settings.length === 1 ? 'is' : 'are'} set here)` : '';
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
