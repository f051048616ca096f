// `ivr diff` as a function: what a change of the flow does to callers. Both
// flows are walked as `ivr explore` walks them, on every line they share, at
// the same moments, whatever time zone each keeps (sameMoment.ts): the
// explore instants of both flows' hours, every day off
// the change touches and the evening before it, the minute before and at
// every opening or closing time the change touches, and any the user adds;
// each flow walks a line once per reading of its clock (walksByClock.ts);
// their calls are paired by what the caller does, and every place the two part
// is reported with a command that plays it (with an example number in front
// for each operators' setting a transfer on it needs and this machine lacks,
// as `ivr explore` prints them; the route then names those operators and
// their setting, as explore does, not the placeholder number). The flow
// files are compared too, by JSON path.

import { DateTime } from 'luxon';
import type { Settings } from '../config/settings';
import { instantTime, representativeInstants } from '../explore/instants';
import { pathExample } from '../explore/reproduce';
import { unsetTransferSettings } from '../explore/transferSettings';
import type { Instant } from '../explore/types';
import type { Flow } from '../flow/schema';
import { flowChanges, type FlowChange } from './flowChanges';
import { newNodesHeard, nodesOfNewLines, type NewNodeHeard } from './newNodesHeard';
import { hoursEdgeInstants } from './hoursEdges';
import { dayOffInstants, type DayOffInstants } from './daysOff';
import { heardOnDayOff, type DayOffHeard } from './dayOffHeard';
import { pairWalks, type PathChange } from './pairWalks';
import { renamedNodes } from './renamedNodes';
import { atSameMoment } from './sameMoment';
import { walksByClock } from './walksByClock';
import { counted } from '../text/counted';
import { listed } from '../text/listed';

export interface FlowVersion {
  flow: Flow;
  /** The file's JSON as written, without the defaults the schema fills in: what "In the flow file" compares and shows. */
  written: unknown;
  /** How to name it to people: a file path, or REF:path. */
  label: string;
  /** A file `ivr call` can read (IVR_FLOW_FILE), when there is one. */
  file?: string;
  /** A shell command that writes `file` first (the flow at a git ref), run before each `ivr call` of this version. */
  extract?: string;
}

export interface DiffOptions {
  before: FlowVersion;
  after: FlowVersion;
  settings: Settings;
  week?: string;
  extraInstants?: Instant[];
  lines?: string[];
  /** With --git: the code and holiday-table files that differ from the ref, which both sides ran as they are here. */
  notCompared?: NotCompared;
}

/** What `ivr diff --git REF` did not compare: files besides the flow that callers may hear, which differ from REF. */
export interface NotCompared {
  ref: string;
  /** Paths relative to the project's root (src/…, functions/…, flows/holidays/…, package-lock.json). */
  files: string[];
}

/**
 * One place where calls go differently, with every instant it shows at: the pair's PathChange (pairWalks.ts),
 * its `path` as the caller's choices in words and its `madeAt` as `choicesAt`.
 */
export interface CallChange extends Omit<PathChange, 'path' | 'madeAt'> {
  line: string;
  /** The caller's choices from the start, as words ("1", "silence", "dial busy"). */
  choices: string[];
  /** The node where each choice was made ("consumer-welcome" for a 2 that chose Italian). */
  choicesAt: string[];
  instants: DiffInstant[];
  /** `ivr call` command lines that play the call on each flow (a flow at a git ref is written to a file first). */
  reproduce: { before?: string; after?: string };
}

/** One sentence said in other words, wherever callers hear it. */
export interface SentenceChange {
  before: string;
  after: string;
  /** How many places (calls that part at a node, by the caller's choice) hear it. */
  places: number;
  lines: string[];
  /** The lines whose every call hears it: it is said before the caller's first choice. */
  everyCallOn: string[];
  /** The place with the fewest choices: the quickest call to hear it. */
  example: CallChange;
}

/**
 * An instant the diff calls at; `also` names the other reasons it was picked for ("weekend" beside "closure 2026-12-12 to 2026-12-13").
 * When the change moves the time zone, `at` is on the new flow's clock with its offset (sameMoment.ts).
 */
interface DiffInstant extends Instant {
  also?: string[];
}

export interface DiffReport {
  before: string;
  after: string;
  instants: DiffInstant[];
  lines: string[];
  /** Lines only one of the flows has: their calls are not compared. */
  unpairedLines: string[];
  calls: CallChange[];
  /** The calls whose words changed, one entry per changed sentence. */
  sentences: SentenceChange[];
  /** What callers hear on each day off the change adds or renames, in each language, as the new flow's calls that day hear it. */
  daysOff: DayOffHeard[];
  /** The words of each node only the new flow has that calls now enter, or that a line only it has reaches: no sentence of theirs is "said in other words". */
  newNodes: NewNodeHeard[];
  flowChanges: FlowChange[];
  /** With --git, when this checkout's code or holiday table differs from the ref: both sides ran this checkout's. */
  notCompared?: NotCompared;
  /** True when some call goes differently or says other words: exit 1. */
  callersNotice: boolean;
  summary: string;
}

export async function diffFlows(options: DiffOptions): Promise<DiffReport> {
  const { before, after, settings } = options;
  const shared = Object.keys(after.flow.lines).filter((line) => Object.hasOwn(before.flow.lines, line));
  const lines = options.lines ?? shared;
  for (const line of lines) {
    if (!shared.includes(line)) throw new Error(`line "${line}" is not in both flows; use one of: ${shared.join(', ')}`);
  }
  const unpairedLines = [...new Set([...Object.keys(before.flow.lines), ...Object.keys(after.flow.lines)])].filter((l) => !shared.includes(l));
  // A day off's calls are picked on the new flow's clock, like every instant but each flow's explore instants.
  const onNewClock = <T extends Instant>(instant: T) => atSameMoment(instant, after.flow.hours.timeZone, before.flow, after.flow);
  const dayOffs = dayOffInstants(before.flow, after.flow, options.week).map((dayOff) => ({ ...dayOff, day: onNewClock(dayOff.day), eveningBefore: onNewClock(dayOff.eveningBefore) }));
  const instants = diffInstants(before.flow, after.flow, options.week, dayOffs, options.extraInstants ?? []);
  // The day off each of those instants calls at, by its time.
  const dayOffAt = new Map(dayOffs.map((dayOff) => [dayOff.day.at, dayOff]));
  const heardOnDaysOff: DayOffHeard[] = [];

  const renames = renamedNodes(before.flow, after.flow);
  const found = new Map<string, CallChange>();
  const [oldWalkAt, newWalkAt] = [walksByClock(before.flow, settings), walksByClock(after.flow, settings)];
  for (const instant of instants) {
    // The same moment for both flows (sameMoment.ts): read on each flow's own clock, a change of time zone went unseen.
    const moment = instantTime(instant, after.flow.hours.timeZone);
    for (const line of lines) {
      const oldNumber = (before.flow.lines[line] as { number: string }).number;
      const newNumber = (after.flow.lines[line] as { number: string }).number;
      const oldWalk = await oldWalkAt(instant, moment, line, oldNumber);
      const newWalk = await newWalkAt(instant, moment, line, newNumber);
      const dayOff = dayOffAt.get(instant.at);
      if (dayOff) heardOnDaysOff.push(...heardOnDayOff(after.flow, settings, dayOff, newWalk));
      for (const change of pairWalks({ walk: oldWalk, flow: before.flow }, { walk: newWalk, flow: after.flow }, settings, renames)) {
        const example = pathExample(instant, line, newNumber, change.path, { ...(after.file ? { flowFile: after.file } : {}), settings: unsetTransferSettings(newWalk, change.path, after.flow, settings) });
        const key = [line, change.at, change.kind, example.choices.at(-1), change.before, change.after].join('\n');
        const known = found.get(key);
        if (known) {
          // The same change shows from several situations of one walk (a menu's first try and its repeats).
          if (!known.instants.includes(instant)) known.instants.push(instant);
          continue;
        }
        found.set(key, {
          kind: change.kind,
          line,
          at: change.at,
          choices: example.choices,
          choicesAt: change.madeAt,
          before: change.before,
          after: change.after,
          ...(change.routes ? { routes: change.routes } : {}),
          ...(change.language ? { language: change.language } : {}),
          enteredAfter: change.enteredAfter,
          ...(change.words ? { words: change.words } : {}),
          ...(change.announced ? { announced: change.announced } : {}),
          instants: [instant],
          reproduce: {
            ...(before.file ? { before: withExtract(before, pathExample(instant, line, oldNumber, change.path, { flowFile: before.file, settings: unsetTransferSettings(oldWalk, change.path, before.flow, settings) }).reproduce) } : {}),
            after: withExtract(after, example.reproduce),
          },
        });
      }
    }
  }
  const calls = [...found.values()];
  const sentences = bySentence(calls);
  const changes = flowChanges(before.written, after.written, after.flow, renames);
  return {
    before: before.label,
    after: after.label,
    instants,
    lines,
    unpairedLines,
    calls,
    sentences,
    daysOff: daysInARow(sameWords(heardOnDaysOff)),
    newNodes: newNodesHeard(before.flow, after.flow, [...calls.flatMap((call) => call.enteredAfter), ...nodesOfNewLines(before.flow, after.flow)], renames),
    flowChanges: changes,
    ...(options.notCompared ? { notCompared: options.notCompared } : {}),
    callersNotice: calls.length > 0 || unpairedLines.length > 0,
    summary: summarize(calls, sentences, changes, unpairedLines, options.notCompared),
  };
}

function withExtract(version: FlowVersion, command: string): string {
  return version.extract ? `${version.extract} && ${command}` : command;
}

/**
 * The explore instants of both flows, a call on the first day of each run of
 * days off one flow has and the other lacks or names differently (and of each
 * kind of day in it) and the evening before it (callers then hear when the
 * line opens again), both sides of every opening or closing time one flow has
 * and the other lacks, and the user's own. Instants at the same time are one
 * call, named by its most specific reason, the others kept in `also`: a new
 * closure on a Saturday is called at the old flow's weekend noon, and named
 * "weekend" alone it read as every weekend now hearing the holiday message.
 */
function diffInstants(before: Flow, after: Flow, week: string | undefined, dayOffs: DayOffInstants[], extra: Instant[]): DiffInstant[] {
  // Each flow's explore instants are picked on its own clock, the rest on the new flow's (the day offs' already written so).
  const on = (flow: Flow, instants: Instant[]) => instants.map((instant) => atSameMoment(instant, flow.hours.timeZone, before, after));
  // Listed by when they are walked (as before: the explore instants first); each source's rank says how specific its reason is, 0 the most.
  const sources: Array<[rank: number, instants: Instant[]]> = [
    [3, on(before, representativeInstants(before.hours, week))],
    [3, on(after, representativeInstants(after.hours, week))],
    [0, dayOffs.flatMap(({ day, eveningBefore }) => [day, eveningBefore])],
    [2, on(after, hoursEdgeInstants(before, after, week))],
    [1, on(after, extra)],
  ];
  const byTime = new Map<string, Array<{ rank: number; label: string }>>();
  for (const [rank, instants] of sources) {
    for (const { at, label } of instants) byTime.set(at, [...(byTime.get(at) ?? []), { rank, label }]);
  }
  return [...byTime].map(([at, reasons]) => {
    // Among one flow's explore instants, a holiday is the more specific reason: a closure added on a Monday
    // makes the new flow's holiday noon the old flow's "open" one, and "open (also holiday (…))" read as open.
    const order = ({ rank, label }: { rank: number; label: string }) => rank * 2 + (label.startsWith('holiday (') ? 0 : 1);
    const [label, ...others] = [...new Set(reasons.sort((a, b) => order(a) - order(b)).map((reason) => reason.label))] as [string, ...string[]];
    // The old flow's "open" beside a day off the change adds read as the line open that day: the day off says it.
    const also = DAY_OFF_LABEL.test(label) ? others.filter((other) => other !== 'open') : others;
    return { label, at, ...(also.length > 0 ? { also } : {}) };
  });
}

/** The labels of the instants called at on a day off: a holiday the explore instants find, or a day off the change touches. */
const DAY_OFF_LABEL = /^(holiday |closure )/;

/** One entry per day, node and words: the lines whose calls that day hear the same words are named together. */
function sameWords(heard: DayOffHeard[]): DayOffHeard[] {
  const byWords = new Map<string, DayOffHeard>();
  for (const entry of heard) {
    const key = JSON.stringify([entry.day, entry.node, entry.said]);
    const known = byWords.get(key);
    if (known) known.lines.push(...entry.lines.filter((line) => !known.lines.includes(line)));
    else byWords.set(key, { ...entry, lines: [...entry.lines] });
  }
  return [...byWords.values()];
}

/**
 * Days in a row whose calls hear the same words at the same node on the same lines, as one entry: a closure
 * over Christmas is called at on each holiday, weekend and run of weekdays in it, and listed one by one they
 * were 16 entries word for word alike. A day that says other words (the last, "Riapriamo domani") stays apart.
 */
function daysInARow(heard: DayOffHeard[]): DayOffHeard[] {
  const byWords = new Map<string, DayOffHeard[]>();
  const out: DayOffHeard[] = [];
  for (const entry of [...heard].sort((a, b) => a.first.localeCompare(b.first))) {
    const key = JSON.stringify([entry.node, entry.lines, entry.said, entry.day.split(' ')[0]]);
    const alike = byWords.get(key) ?? [];
    const previous = alike.at(-1);
    if (previous && DateTime.fromISO(previous.last).plus({ days: 1 }).toISODate() === entry.first) {
      previous.last = entry.last;
      previous.day = `${previous.day.split(' ')[0]} ${previous.first} to ${entry.last}`;
      previous.calls.push(...entry.calls);
      continue;
    }
    const copy = { ...entry, calls: [...entry.calls] };
    byWords.set(key, [...alike, copy]);
    out.push(copy);
  }
  return out;
}

/** The wording changes grouped by the sentence that changed: one reworded goodbye is heard at the end of dozens of paths. */
function bySentence(calls: CallChange[]): SentenceChange[] {
  const groups = new Map<string, SentenceChange>();
  for (const call of calls) {
    if (call.kind !== 'wording') continue;
    const key = JSON.stringify([call.before, call.after]);
    const known = groups.get(key);
    const everyCall = call.choices.length === 0;
    if (!known) {
      groups.set(key, { before: call.before, after: call.after, places: 1, lines: [call.line], everyCallOn: everyCall ? [call.line] : [], example: call });
      continue;
    }
    known.places++;
    if (!known.lines.includes(call.line)) known.lines.push(call.line);
    if (everyCall && !known.everyCallOn.includes(call.line)) known.everyCallOn.push(call.line);
    if (call.choices.length < known.example.choices.length) known.example = call;
  }
  return [...groups.values()];
}

function summarize(calls: CallChange[], sentences: SentenceChange[], changes: FlowChange[], unpaired: string[], notCompared?: NotCompared): string {
  const flows = summarizeFlows(calls, sentences, changes, unpaired);
  if (!notCompared) return flows;
  // "No change" alone would read as "callers hear nothing new" when the code or the holiday table changed.
  const { what, many } = describeNotCompared(notCompared.files);
  const differ = many ? 'differ' : 'differs';
  return calls.length === 0 && unpaired.length === 0
    ? `No call goes differently between the two flow files, as this checkout plays them; but ${what} ${differ} from ${notCompared.ref}, and both sides ran this checkout's, so what that does to callers is not compared here.`
    : `${flows} Not compared: ${what}, which ${differ} from ${notCompared.ref}; both sides ran this checkout's.`;
}

/** "the code (2 files) and the holiday table (flows/holidays/IT.json)": what of PLAYED_BY differs, in words, and whether that is more than one thing. */
function describeNotCompared(files: string[]): { what: string; many: boolean } {
  const under = (prefixes: string[]) => files.filter((file) => prefixes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`)));
  const code = under(['src', 'functions']);
  const table = under(['flows/holidays']);
  const lock = under(['package-lock.json']);
  const parts = [
    ...(code.length > 0 ? [`the code (${counted(code.length, 'file')})`] : []),
    ...(table.length > 0 ? [`the holiday table (${table.join(', ')})`] : []),
    ...(lock.length > 0 ? ['the dependencies (package-lock.json)'] : []),
  ];
  if (parts.length === 0) return { what: counted(files.length, 'file'), many: files.length !== 1 };
  return { what: listed(parts), many: parts.length > 1 };
}

function summarizeFlows(calls: CallChange[], sentences: SentenceChange[], changes: FlowChange[], unpaired: string[]): string {
  const routes = calls.filter((c) => c.kind === 'route').length;
  if (calls.length === 0 && unpaired.length === 0) {
    return changes.length === 0 ? 'No change: the two flows are the same.' : `No call goes differently; ${counted(changes.length, 'change')} in the flow file that callers do not notice.`;
  }
  const parts = [];
  if (routes > 0) parts.push(`${counted(routes, 'place')} where calls now go differently`);
  if (sentences.length > 0) {
    const places = sentences.reduce((n, s) => n + s.places, 0);
    // A sentence said before the caller's first choice (the welcome) is one place, heard by every call on its line.
    const everyCallOn = [...new Set(sentences.flatMap((s) => s.everyCallOn))];
    const everyCall = `by every call on the ${everyCallOn.join(' and ')} line${everyCallOn.length === 1 ? '' : 's'}`;
    const allEveryCall = sentences.every((s) => s.everyCallOn.length === s.lines.length);
    const where = everyCallOn.length === 0 ? `at ${counted(places, 'place')}` : allEveryCall ? everyCall : `at ${counted(places, 'place')}, ${everyCall} among them`;
    parts.push(`${counted(sentences.length, 'sentence')} callers hear in other words, ${where}`);
  }
  if (unpaired.length > 0) parts.push(`line${unpaired.length === 1 ? '' : 's'} ${unpaired.join(', ')} only in one flow`);
  return `${parts.join('; ')} (${counted(changes.length, 'change')} in the flow file).`;
}

