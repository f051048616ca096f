// Counts a day (or any stretch) of `ivr.call` records for `ivr report`, one
// record at a time: memory grows with the flow (its nodes, edges, the 168
// hours of a week, the days covered), never with the number of calls, so a
// million records fit. Only the most common paths are kept by name; the
// rest are counted together.

import { DateTime } from 'luxon';
import type { Flow } from '../flow/schema';
import { onePerCall, repeatsNote } from '../records/onePerCall';
import type { ReadRecord, RecordItem } from '../records/readRecords';
import type { RecordPlace } from '../records/recordPlace';
import { lineNodeId } from '../diagram';
import { nodesOfLine } from '../engine/callState';
import { lineOpenAt } from './closedDays';
import { counted, grouped } from '../text/counted';
import { DIAL_REFUSED, OMITTED } from '../webhook/callRecords';
import { dialsOnPath } from '../records/dialsOnPath';
import { isFallback, isLastTry, menuChoices, sendsTo, type MenuChoice } from './keysPressed';
import { countKeys, newKeyCounts, type KeyCounts } from './keyCounts';
import { endedBeforeAnswering, isSmsOffer, NOT_OFFERED, OFFER_NOT_KNOWN, offerAt } from './smsOffers';

interface NodeTraffic {
  /** Calls that entered the node (once per call, however often they came back). */
  passed: number;
  /** Calls whose path ended here. */
  ended: number;
  /**
   * Calls that hung up at this node before pressing a key: while it spoke or waited. Not a call that ended at an SMS offer its record says
   * was unanswered: it may have hung up during the message before the offer (smsOffers), counted in `unanswered`.
   */
  gaveUp: number;
  /**
   * At an SMS offer node, of the calls that passed: those the record says were offered the SMS and went past it
   * (`sms` sent, failed, declined), those offered it whose call ended before any answer (`unanswered`: perhaps
   * before hearing it), and those it says were not offered (a landline caller passes the node without an offer);
   * the rest the record cannot place (smsOffers). 0 at any other node.
   */
  offered: number;
  unanswered: number;
  notOffered: number;
}

export interface CallTally {
  calls: number;
  byOutcome: Map<string, number>;
  byLine: Map<string, number>;
  byLanguage: Map<string, number>;
  transferred: number;
  endedInMenu: number;
  afterHours: number;
  holiday: number;
  /** The chat-link SMS: tried (sent, failed), offered and declined, or offered to a call that ended before any answer (unanswered). */
  sms: { sent: number; failed: number; declined: number; unanswered: number };
  noPath: number;
  /** Calls the menu ended (menu-hung-up) after a transfer on their path that no operator answered, or that was not made. */
  menuEndedAfterTransfer: number;
  /** Calls whose path misses their first answers (pathMissing "partial": the journal missed the start): it begins with "…". */
  partialPaths: number;
  /** Per line, the calls at each node: a node two lines share (closed, goodbye) is counted on each line's map apart. */
  nodes: Map<string, Map<string, NodeTraffic>>;
  /** Per line, the calls that took each edge ("from to"), once per call. */
  edges: Map<string, Map<string, number>>;
  /** Per line, of the edges out of a menu ("from to"), the calls that took it the flow's way, by keys it sends elsewhere, or by Twilio's fallback (EdgeWays). */
  edgeWays: Map<string, Map<string, EdgeWays>>;
  /** Per line, of the edges out of an SMS offer node ("from to"), the calls that took it after an offer and without one (smsOffers), once per call. */
  offerEdges: Map<string, Map<string, { offered: number; notOffered: number }>>;
  /** The keys callers pressed at each menu and SMS offer, as far as their records pair them with the menus (keyCounts). */
  keys: KeyCounts;
  /** The keys pressed at a menu that the flow sends elsewhere, by menu, key and where they led: the flow is not the one the calls went through. */
  wrongKeys: Map<string, WrongKey>;
  /**
   * Calls one of whose requests failed and Twilio's fallback URL answered (a `fallback:` input): the app or Twilio
   * failed, not the caller. `at` counts them by the node the fallback answered at (a menu, an SMS offer, a
   * transfer), once per call and node, FALLBACK_NOT_PLACED where the record does not say.
   */
  fallbacks: { calls: number; at: Map<string, number> };
  /**
   * The calls that went on from a node with one way on (an SMS offer, a say node: oneWayOn) to a node other than
   * the one the flow goes on to, by node and where they went ("from to"), once per call: offered or not, whatever
   * was pressed, the flow is not the one the calls went through.
   */
  nextMoves: Map<string, NextMove>;
  /** Calls with one of those keys or moves at least. */
  callsGoneElsewhere: number;
  /** Calls per hour of the week in the flow's time zone: index (weekday - 1) * 24 + hour, Monday 0. */
  hourOfWeek: number[];
  /** Of those, by the same hour, calls that began while the line was closed, to the minute: outside the weekly hours, or on a holiday or closure (closed all day). */
  closedHourOfWeek: number[];
  byDay: Map<string, number>;
  /** Calls with no time in the record (neither startedAt nor timestamp). */
  undated: number;
  /** Of those, the first whose export row gave a time in a form not read, as written: unreadTimeNote says why. */
  unreadTime?: string;
  /** Transfers by dial node, then by how they ended. */
  transfers: Map<string, Map<string, number>>;
  /** Every transfer the app refused ("dial:refused"), by dial node and the call's language: refusedTransfers names the setting. */
  refused: Map<string, RefusedAt>;
  /** The paths by name: their nodes joined by " > ", an SMS offer node passed without an offer marked (pathName). */
  paths: Map<string, { calls: number; outcomes: Map<string, number> }>;
  /** Per outcome, how many calls lasted each whole number of seconds (Twilio's CallDuration): medians without keeping every call. */
  durations: Map<string, Map<number, number>>;
  /** Calls on lines the flow does not have, by line: on no map. */
  missingLines: Map<string, number>;
  /** Calls that passed nodes the flow does not have (renamed or removed since), or that their line's map does not draw, by node: the maps leave them out. */
  missingNodes: Map<string, number>;
  /** Calls whose path had one of those nodes. */
  callsOffFlow: number;
  /** Calls not put through, through a node the flow lacks and none of its closed or holiday branches: they may have been told the line was closed, uncounted in afterHours and holiday. */
  closedUnknown: number;
  /** Records of calls outside --from/--to. */
  outside: number;
  /** Records with no time, left out with --from/--to: they cannot be placed in the days asked for (not in `undated`). */
  undatedLeftOut: number;
  unreadable: { place: RecordPlace; reason: string }[];
  unreadableCount: number;
  first?: string;
  last?: string;
  /** The first and last day of every record with a date, --from/--to or not: what the records cover. */
  recordsFirst?: string;
  recordsLast?: string;
}

/** Where transfers were refused, and how many. */
export interface RefusedAt {
  /** The flow's dial node; undefined when the refusal pairs with none of them (the node is gone from the flow). */
  node: string | undefined;
  /** For a node the flow no longer has: the nodes of the call's path the flow lacks (where the transfer was), "" when none. */
  gone: string;
  /** The call's language as recorded ("" when none). */
  language: string;
  calls: number;
}

/** Calls that pressed `key` at `menu` and went to `to`, where the flow sends that key elsewhere (`lastTry`: on the last failed try the menu allows, isLastTry). */
interface WrongKey {
  menu: string;
  key: string;
  to: string;
  lastTry: boolean;
  calls: number;
}

/**
 * How the calls along an edge out of a menu took it, each call once per way: by a key the flow sends along it (its
 * key, a failed try), in a step the record does not pair with a key (`unpaired`: menuChoices stopped before it), by
 * keys the flow sends elsewhere (`wrong`, and by key in `wrongKeys`), and by Twilio's fallback after a failed
 * request (`fallback`). A call that took it two ways counts in both.
 */
export interface EdgeWays {
  flow: number;
  unpaired: number;
  /** The calls in `flow` or `unpaired` (or both), once each: the flow's way, where no key says otherwise. */
  flowOrUnpaired: number;
  wrong: number;
  wrongKeys: Map<string, number>;
  fallback: number;
}

/** Where `fallbacks.at` counts a fallback the record does not say the node of. */
export const FALLBACK_NOT_PLACED = '';

/** Calls that went on from `from` (an SMS offer or a say node) to `to`, where the flow goes on elsewhere. */
interface NextMove {
  from: string;
  to: string;
  calls: number;
}

/** The key of byLanguage for calls whose record has no language (no path). */
export const NO_LANGUAGE = '(none)';

/** The outcomes counted as ended in the menu (endedInMenu): every other but transferred ended otherwise. */
export const ENDED_IN_MENU: ReadonlySet<string> = new Set(['menu-hung-up', 'caller-hung-up-in-menu']);

const MAX_PATHS = 2_000;
/** Keys kept by name per edge, and wrong keys kept by menu, key and node: a forged file's every key cannot grow the tally. */
const MAX_KEYS_PER_EDGE = 20;
const MAX_WRONG_KEYS = 200;
const MAX_NAMED_UNREADABLE = 20;

export interface TallyOptions {
  flow: Flow;
  /** Dates (YYYY-MM-DD, in the flow's time zone), inclusive. */
  from?: string;
  to?: string;
}

function newTally(): CallTally {
  return {
    calls: 0,
    byOutcome: new Map(),
    byLine: new Map(),
    byLanguage: new Map(),
    transferred: 0,
    endedInMenu: 0,
    afterHours: 0,
    holiday: 0,
    sms: { sent: 0, failed: 0, declined: 0, unanswered: 0 },
    noPath: 0,
    partialPaths: 0,
    menuEndedAfterTransfer: 0,
    nodes: new Map(),
    edges: new Map(),
    edgeWays: new Map(),
    offerEdges: new Map(),
    keys: newKeyCounts(),
    wrongKeys: new Map(),
    fallbacks: { calls: 0, at: new Map() },
    nextMoves: new Map(),
    callsGoneElsewhere: 0,
    hourOfWeek: new Array(168).fill(0),
    closedHourOfWeek: new Array(168).fill(0),
    byDay: new Map(),
    undated: 0,
    transfers: new Map(),
    refused: new Map(),
    paths: new Map(),
    durations: new Map(),
    missingLines: new Map(),
    missingNodes: new Map(),
    callsOffFlow: 0,
    closedUnknown: 0,
    outside: 0,
    undatedLeftOut: 0,
    unreadable: [],
    unreadableCount: 0,
  };
}

/**
 * How a reader is shown a value the records supplied (a line, a node, a language), which a hand-edited or
 * forged file may fill with line breaks, escape sequences or bidi overrides: the terminal escapes them
 * (terminalText), the page isolates the value from the text around it (reportPage).
 */
export type ShowValue = (value: string) => string;

/** What the records hold that the flow lacks, in words ("" when nothing): the counts on the maps leave it out. */
export function notInFlow(tally: CallTally, show: ShowValue): string {
  const named = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, n]) => `${show(name)} ${grouped(n)}`).join(', ') + (counts.size > 5 ? ', …' : '');
  const count = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const parts: string[] = [];
  if (tally.missingLines.size > 0) {
    const n = count(tally.missingLines);
    parts.push(`${counted(n, 'call was', 'calls were')} on a line the flow does not have (${named(tally.missingLines)}), on no map`);
  }
  if (tally.missingNodes.size > 0) {
    parts.push(`${counted(tally.callsOffFlow, 'call')} passed nodes the flow does not have, or not on their line (${named(tally.missingNodes)}), left out of the maps`);
  }
  return parts.length === 0 ? '' : `${parts.join('; ')}: the flow has changed since these calls, or is not the one they went through (give it with --flow)`;
}

/** Every call of `items` tallied once (onePerCall), and what to say of the records left out as repeats (repeatsNote). */
export async function tallyItems(items: AsyncIterable<RecordItem>, options: TallyOptions): Promise<{ tally: CallTally; repeated: string | undefined }> {
  const tally = newTally();
  const repeats = { count: 0 };
  for await (const item of onePerCall(items, repeats)) {
    if ('unreadable' in item) tallyUnreadable(tally, item.place, item.unreadable);
    else tallyRecord(tally, item.record, options, item.loggedAt, item.unreadTime);
  }
  return { tally, repeated: repeatsNote(repeats) };
}

function tallyUnreadable(tally: CallTally, place: RecordPlace, reason: string): void {
  tally.unreadableCount++;
  if (tally.unreadable.length < MAX_NAMED_UNREADABLE) tally.unreadable.push({ place, reason });
}

/** Adds one record; returns false when --from/--to leave it out. */
function tallyRecord(tally: CallTally, record: ReadRecord, options: TallyOptions, loggedAt: string | undefined, unreadTime: string | undefined): boolean {
  const { flow } = options;
  const started = startOf(record, flow.hours.timeZone, loggedAt);
  const day = started?.toISODate() ?? undefined;
  if (day && (!tally.recordsFirst || day < tally.recordsFirst)) tally.recordsFirst = day;
  if (day && (!tally.recordsLast || day > tally.recordsLast)) tally.recordsLast = day;
  if (options.from || options.to) {
    // A record with no time cannot be placed in the days asked for: left out, and said so, not as outside them.
    if (!day) {
      tally.undatedLeftOut++;
      tally.unreadTime ??= unreadTime;
      return false;
    }
    if ((options.from && day < options.from) || (options.to && day > options.to)) {
      tally.outside++;
      return false;
    }
  }
  tally.calls++;
  bump(tally.byOutcome, record.outcome);
  bump(tally.byLine, record.line);
  if (!Object.hasOwn(flow.lines, record.line)) bump(tally.missingLines, record.line);
  bump(tally.byLanguage, record.language ?? NO_LANGUAGE);
  if (record.durationSeconds !== null) bump(ofLine(tally.durations, record.outcome), record.durationSeconds);
  if (record.outcome === 'transferred') tally.transferred++;
  if (ENDED_IN_MENU.has(record.outcome)) tally.endedInMenu++;
  if (record.sms === 'sent') tally.sms.sent++;
  if (record.sms === 'failed') tally.sms.failed++;
  if (record.sms === 'declined') tally.sms.declined++;
  if (record.sms === 'unanswered') tally.sms.unanswered++;

  if (started && day) {
    const hour = (started.weekday - 1) * 24 + started.hour;
    tally.hourOfWeek[hour] = (tally.hourOfWeek[hour] ?? 0) + 1;
    if (!lineOpenAt(flow, started)) tally.closedHourOfWeek[hour] = (tally.closedHourOfWeek[hour] ?? 0) + 1;
    bump(tally.byDay, day);
    if (!tally.first || day < tally.first) tally.first = day;
    if (!tally.last || day > tally.last) tally.last = day;
  } else {
    tally.undated++;
    tally.unreadTime ??= unreadTime;
  }

  const path = record.path?.filter((node) => node !== OMITTED) ?? null;
  if (!path || path.length === 0) {
    tally.noPath++;
    return true;
  }
  if (record.pathMissing === 'partial' || record.path?.[0] === OMITTED) tally.partialPaths++;
  const closedNow = closedBranch(flow, path);
  if (closedNow === 'closed') tally.afterHours++;
  if (closedNow === 'holiday') tally.holiday++;
  // A call put through met an open line; any other may have passed an hours check the flow no longer has.
  if (!closedNow && record.outcome !== 'transferred' && path.some((node) => !Object.hasOwn(flow.nodes, node))) tally.closedUnknown++;

  const nodes = ofLine(tally.nodes, record.line);
  const edges = ofLine(tally.edges, record.line);
  const last = path[path.length - 1] as string;
  // A call that ended at an offer it never answered may have hung up during the message before it: not said to
  // have hung up at the offer (its box says it ended before answering). A call that went on past the offer (one
  // that started over while there, say) answered it, whatever its record's last word on the SMS.
  const endedUnanswered = endedBeforeAnswering(flow, last, record);
  const offerEdges = ofLine(tally.offerEdges, record.line);
  // A landline caller passes an SMS offer node with no offer: counted apart from the offers made (smsOffers).
  const offerSeen = (node: string) => (isSmsOffer(flow, node) ? offerAt(flow, path, record.sms, node) : undefined);
  const seenNodes = new Set<string>();
  let offFlow = false;
  const seenEdges = new Set<string>();
  let previous = lineNodeId(record.line);
  // The nodes the line's map draws (those its calls can reach); none for a line the flow lacks.
  const onLine = Object.hasOwn(flow.lines, record.line) ? nodesOfLine(flow, record.line) : undefined;
  for (const node of path) {
    if (!seenNodes.has(node)) {
      seenNodes.add(node);
      // A node the flow lacks, or one its line's map does not draw (a message that was the line's before a change).
      const missing = !Object.hasOwn(flow.nodes, node) ? node : onLine && !onLine.has(node) ? `${node} (not on the ${record.line} line)` : undefined;
      if (missing) {
        if (!offFlow) tally.callsOffFlow++;
        offFlow = true;
        bump(tally.missingNodes, missing);
      }
      const passed = traffic(nodes, node);
      passed.passed++;
      const seen = offerSeen(node);
      if (seen === 'offered' && endedUnanswered && node === last) passed.unanswered++;
      else if (seen === 'offered') passed.offered++;
      if (seen === 'not offered') passed.notOffered++;
    }
    const edge = `${previous} ${node}`;
    if (!seenEdges.has(edge)) {
      seenEdges.add(edge);
      bump(edges, edge);
      const seen = offerSeen(previous);
      if (seen) {
        let ways = offerEdges.get(edge);
        if (!ways) offerEdges.set(edge, (ways = { offered: 0, notOffered: 0 }));
        if (seen === 'offered') ways.offered++;
        else ways.notOffered++;
      }
    }
    previous = node;
  }
  traffic(nodes, last).ended++;
  if (record.outcome === 'caller-hung-up-in-menu' && !endedUnanswered) traffic(nodes, last).gaveUp++;

  tallyTransfers(tally, flow, record, path);
  const wrongKeys = tallyKeys(tally, flow, record, path);
  const moves = tallyNextMoves(tally, flow, record);
  if (wrongKeys || moves) tally.callsGoneElsewhere++;
  // Named with its gaps: a path that misses its start must not read as a whole call that began mid-menu.
  const key = pathName(flow, record.path ?? path, record.sms);
  const known = tally.paths.get(key);
  if (known) bump(known.outcomes, record.outcome);
  else if (tally.paths.size < MAX_PATHS) tally.paths.set(key, { calls: 0, outcomes: new Map([[record.outcome, 1]]) });
  const kept = tally.paths.get(key);
  if (kept) kept.calls++;
  return true;
}

/**
 * What separates an SMS offer node from its mark in a path's name (pathName), when the call passed it without an
 * offer. A character no node id of a flow has (flows are JSON files an editor writes, checked): the page draws
 * the mark after the node, not as part of its name.
 */
export const PATH_MARK = '\u0000';

/**
 * A path as the paths table names it: its nodes joined by " > ", each SMS offer node a call passed without an
 * offer (its record has no `sms`: a landline caller) marked "not offered": a landline caller's path and that of a
 * mobile caller offered the SMS are the same nodes, and would read as one. The offer nodes of a path through two,
 * whose record cannot say which made the offer, are marked so, as their boxes count them (smsOffers).
 */
function pathName(flow: Flow, path: readonly string[], sms: ReadRecord['sms']): string {
  const mark = (node: string) => {
    if (!isSmsOffer(flow, node)) return node;
    const seen = offerAt(flow, path, sms, node);
    return seen === 'offered' ? node : `${node}${PATH_MARK}${seen === undefined ? OFFER_NOT_KNOWN : NOT_OFFERED}`;
  };
  return path.map(mark).join(' > ');
}

/**
 * When the call began, in the flow's zone: the record's own start, else Twilio's end time less the duration,
 * else the time an export gives its row (when the app logged the line, at the call's end) less the duration.
 */
function startOf(record: ReadRecord, timeZone: string, loggedAt?: string): DateTime | undefined {
  if (typeof record.startedAt === 'string') {
    const at = DateTime.fromISO(record.startedAt, { setZone: true });
    if (at.isValid) return at.setZone(timeZone);
  }
  if (typeof record.timestamp === 'string') {
    const end = DateTime.fromRFC2822(record.timestamp);
    if (end.isValid) return end.minus({ seconds: record.durationSeconds ?? 0 }).setZone(timeZone);
  }
  if (loggedAt !== undefined) {
    const end = DateTime.fromISO(loggedAt, { zone: 'utc' });
    if (end.isValid) return end.minus({ seconds: record.durationSeconds ?? 0 }).setZone(timeZone);
  }
  return undefined;
}

/** What the tally asks of a flow for every record, worked out once per flow. */
interface FlowFacts {
  /** Where the hours checks send closed calls, and calls on holidays. */
  closedTargets: Set<string>;
  holidayTargets: Set<string>;
}

const facts = new WeakMap<Flow, FlowFacts>();

function factsOf(flow: Flow): FlowFacts {
  let known = facts.get(flow);
  if (!known) {
    const hours = Object.values(flow.nodes).flatMap((n) => (n.type === 'hours' ? [n] : []));
    known = { closedTargets: new Set(hours.map((n) => n.closed)), holidayTargets: new Set(hours.map((n) => n.holiday)) };
    facts.set(flow, known);
  }
  return known;
}

/** Whether the path went through an hours node's closed or holiday branch. */
function closedBranch(flow: Flow, path: string[]): 'closed' | 'holiday' | undefined {
  for (let i = 0; i + 1 < path.length; i++) {
    const node = flow.nodes[path[i] as string];
    if (node?.type !== 'hours') continue;
    // Closed first: a check whose two ways out are one node (the check again before a transfer) cannot
    // say which it took, and a holiday does not begin during opening hours, so it is closing time.
    if (path[i + 1] === node.closed) return 'closed';
    if (path[i + 1] === node.holiday) return 'holiday';
    if (path[i + 1] === node.open) continue;
    // A record from before this check led elsewhere (the merchant line had the consumer line's closed messages):
    // judged by what the node it went to is for in the flow now.
    const { closedTargets, holidayTargets } = factsOf(flow);
    if (closedTargets.has(path[i + 1] as string)) return 'closed';
    if (holidayTargets.has(path[i + 1] as string)) return 'holiday';
  }
  return undefined;
}

/**
 * How the call took each edge out of a menu (EdgeWays), the keys it pressed (keyCounts), the keys a menu of the flow
 * sends elsewhere, and where Twilio's fallback answered; whether there was such a key. `path` is the record's without its gaps. An offer's key
 * sends nowhere else (tallyNextMoves).
 */
function tallyKeys(tally: CallTally, flow: Flow, record: ReadRecord, path: readonly string[]): boolean {
  const inputs = record.inputs ?? [];
  const choices = menuChoices(flow, record.path ?? [], inputs, (record.startedOver?.length ?? 0) > 0, record.sms);
  tallyFallbacks(tally, inputs, choices);
  countKeys(tally.keys, flow, record.line, record.path ?? [], record.sms, choices);
  // This call's ways along each edge: the steps paired with a key the flow sends along it, with a key it sends
  // elsewhere (by key), or with a fallback; the edge's other steps on the path are not paired with any key.
  const wrongKeys = new Map<string, Set<string>>();
  const fallbacks = new Set<string>();
  const leading = new Set<string>();
  const paired = new Map<string, number>();
  const wrongSeen = new Set<string>();
  for (const { menu, key, to, tries } of choices) {
    const edge = `${menu} ${to}`;
    bump(paired, edge);
    if (isFallback(key)) {
      fallbacks.add(edge);
      continue;
    }
    if (isSmsOffer(flow, menu) || sendsTo(flow, menu, key, tries) === to) {
      leading.add(edge);
      continue;
    }
    let keys = wrongKeys.get(edge);
    if (!keys) wrongKeys.set(edge, (keys = new Set()));
    keys.add(key);
    const lastTry = isLastTry(flow, menu, key, tries);
    const once = JSON.stringify([menu, key, to, lastTry]);
    if (wrongSeen.has(once)) continue;
    wrongSeen.add(once);
    const known = tally.wrongKeys.get(once);
    if (known) known.calls++;
    else if (tally.wrongKeys.size < MAX_WRONG_KEYS) tally.wrongKeys.set(once, { menu, key, to, lastTry, calls: 1 });
  }
  const steps = new Map<string, number>();
  for (let i = 0; i + 1 < path.length; i++) if (flow.nodes[path[i] as string]?.type === 'menu') bump(steps, `${path[i]} ${path[i + 1]}`);
  const byEdge = ofLine(tally.edgeWays, record.line);
  for (const edge of new Set([...steps.keys(), ...wrongKeys.keys(), ...fallbacks])) {
    let ways = byEdge.get(edge);
    if (!ways) byEdge.set(edge, (ways = { flow: 0, unpaired: 0, flowOrUnpaired: 0, wrong: 0, wrongKeys: new Map(), fallback: 0 }));
    const unpaired = (steps.get(edge) ?? 0) > (paired.get(edge) ?? 0);
    if (leading.has(edge)) ways.flow++;
    if (unpaired) ways.unpaired++;
    if (unpaired || leading.has(edge)) ways.flowOrUnpaired++;
    if (fallbacks.has(edge)) ways.fallback++;
    const keys = wrongKeys.get(edge);
    if (!keys) continue;
    ways.wrong++;
    for (const key of keys) if (ways.wrongKeys.has(key) || ways.wrongKeys.size < MAX_KEYS_PER_EDGE) bump(ways.wrongKeys, key);
  }
  return wrongSeen.size > 0;
}

/**
 * The call's fallbacks (`fallback:` inputs), if any: counted once per call, and by the node each answered at, as
 * paired with the path (menuChoices); FALLBACK_NOT_PLACED for those the pairing did not reach.
 */
function tallyFallbacks(tally: CallTally, inputs: readonly string[], choices: readonly MenuChoice[]): void {
  const all = inputs.filter(isFallback).length;
  if (all === 0) return;
  tally.fallbacks.calls++;
  const placed = choices.filter(({ key }) => isFallback(key));
  const nodes = new Set(placed.map(({ menu }) => menu));
  if (placed.length < all) nodes.add(FALLBACK_NOT_PLACED);
  for (const node of nodes) if (tally.fallbacks.at.has(node) || tally.fallbacks.at.size < MAX_WRONG_KEYS) bump(tally.fallbacks.at, node);
}

/**
 * The node a node with one way on goes on to, whatever the caller does: an SMS offer's (offered or not, whatever
 * was pressed), a say node's; undefined for any other. Not an hours node's: where it goes depends on the time the
 * call reached it, and a record gives only the call's start (a call that began a minute before closing may have
 * met the check closed), so its way on cannot be told from the record.
 */
export function oneWayOn(flow: Flow, id: string): string | undefined {
  const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
  return node?.type === 'sms-offer' || node?.type === 'say' ? node.next : undefined;
}

/**
 * The steps of the call's path out of a node with one way on (oneWayOn) to a node other than that one; whether
 * there was one. The path alone says it, for every call: no key is paired. Not across a gap ("…"), nor for a call
 * that started over (its path goes on at the line's start where it did).
 */
function tallyNextMoves(tally: CallTally, flow: Flow, record: ReadRecord): boolean {
  if ((record.startedOver?.length ?? 0) > 0) return false;
  const path = record.path ?? [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    const next = oneWayOn(flow, from);
    if (next === undefined || to === OMITTED || to === next) continue;
    const once = `${from} ${to}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const known = tally.nextMoves.get(once);
    if (known) known.calls++;
    else if (tally.nextMoves.size < MAX_WRONG_KEYS) tally.nextMoves.set(once, { from, to, calls: 1 });
  }
  return seen.size > 0;
}

/**
 * The transfers table's words for a caller who hung up during the words before the <Dial> ("Ti mettiamo in
 * contatto…"): no transfer rang, and the record has no dial status. (A record whose <Dial> action came later than
 * the status callback's 3 s wait has none either, and the app logged a warning naming the call: call-records.md,
 * "Late answers".)
 */
const HUNG_UP_BEFORE_RINGING = 'caller hung up before it rang (during the words before it)';

/** Pairs each dial node on the path with the "dial:<status>" input that ended it, in order; every refusal is counted, paired or not. */
function tallyTransfers(tally: CallTally, flow: Flow, record: ReadRecord, path: string[]): void {
  const pairs = dialsOnPath(flow, path, record.inputs ?? []);
  const dials = pairs.filter((pair) => pair.node !== undefined).length;
  // An answered transfer the menu went on after (the flow may speak again) put the caller through: not counted.
  if (record.outcome === 'menu-hung-up' && pairs.some(({ node, status }) => node !== undefined && status !== 'completed' && status !== 'answered')) tally.menuEndedAfterTransfer++;
  const language = record.language ?? '';
  pairs.forEach(({ node, status: recorded }, i) => {
    if (node === undefined) {
      // A refusal past the flow's dial nodes was at a node the flow no longer has: counted, said so.
      if (`dial:${recorded}` === DIAL_REFUSED) refusedAt(tally, undefined, path.filter((n) => !Object.hasOwn(flow.nodes, n)).join(' or '), language);
      return;
    }
    // The transfer a caller hung up on: while it rang, recorded with what Twilio said of the dial then (canceled,
    // say: undocumented); or during the words before the <Dial>, with no status, as Twilio started no transfer and
    // requested no action (docs/call-records.md). Either way the caller hung up, which is what the table says, not
    // the operators not answering.
    const hungUp = record.outcome === 'caller-hung-up-during-transfer' && i === dials - 1;
    const status = hungUp ? (recorded === undefined ? HUNG_UP_BEFORE_RINGING : 'caller hung up while ringing') : (recorded ?? 'not recorded');
    let byStatus = tally.transfers.get(node);
    if (!byStatus) tally.transfers.set(node, (byStatus = new Map()));
    bump(byStatus, status === 'completed' ? 'answered' : status);
    if (`dial:${status}` === DIAL_REFUSED) refusedAt(tally, node, '', language);
  });
}

function refusedAt(tally: CallTally, node: string | undefined, gone: string, language: string): void {
  const key = JSON.stringify([node ?? null, gone, language]);
  const known = tally.refused.get(key);
  if (known) known.calls++;
  else tally.refused.set(key, { node, gone, language, calls: 1 });
}

/** The median of counted values (the mean of the middle two for an even count), and how many were counted. */
export function medianOf(counts: Map<number, number>): { median: number; count: number } {
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  const at = (index: number): number => {
    let seen = 0;
    for (const [value, n] of sorted) if ((seen += n) > index) return value;
    return 0;
  };
  return { median: (at(Math.floor((count - 1) / 2)) + at(Math.floor(count / 2))) / 2, count };
}

function ofLine<K, T>(byLine: Map<string, Map<K, T>>, line: string): Map<K, T> {
  let known = byLine.get(line);
  if (!known) byLine.set(line, (known = new Map()));
  return known;
}

function traffic(nodes: Map<string, NodeTraffic>, node: string): NodeTraffic {
  let known = nodes.get(node);
  if (!known) nodes.set(node, (known = { passed: 0, ended: 0, gaveUp: 0, offered: 0, unanswered: 0, notOffered: 0 }));
  return known;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
