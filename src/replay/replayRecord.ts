// Runs one recorded call again, in-process through the real webhook code with
// the simulator playing Twilio: on its line, at the instant it began, with the
// caller doing what the record says (each key, each silence, how each
// transfer ended), then hanging up. Its own ivr.call line, written by the same
// status callback, is compared with the record: path, outcome and language.

import { DateTime } from 'luxon';
import { createApp, type App } from '../app/createApp';
import { twilioView } from '../app/twilioView';
import { clockOfCall } from '../app/clockOfCall';
import type { Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { memoryJournal } from '../journal/memoryJournal';
import { defaultLineNumber, dialDestinationOf, placeholderOf } from '../config/settings';
import { dialsOnPath } from '../records/dialsOnPath';
import { simulateSms } from '../twilio/simulatedSms';
import type { ReadRecord } from '../records/readRecords';
import { dialEnding, simulateCall, VirtualClock, type CallerAction, type DialStatus } from '../simulator';
import { STATUS_CALLBACK_PATH } from '../webhook/statusCallback';
import { CUT_INPUT, DIAL_REFUSED, FALLBACK_INPUT, isCallLine, MAX_INPUT_CHARACTERS, OMITTED } from '../webhook/callRecords';
import { quotedForTerminal, terminalText } from '../text/terminalText';
import { WordsAtNodes, type NodeWords } from './wordsAtNodes';
import type { RouteEvent } from './whyTheyPart';
import type { ShowValue } from '../report/callTally';
import { DEFAULT_CALLER } from '../config/phoneNumber';

export type Replay =
  | { kind: 'same'; script: ReplayScript }
  | {
      kind: 'different';
      script: ReplayScript;
      /**
       * `putThrough`: the settings, set here, of the transfers the record's app refused, whose numbers the replay transferred to.
       * `route`: the replay as the engine traced it, which says what took it off the recorded path (whyTheyPart).
       */
      replayed: { path: string[]; outcome: string; language: string | null; inputs: string[]; sms?: string; putThrough?: string[]; route: RouteEvent[] };
    }
  | { kind: 'not-replayable'; reason: string }
  /** The record is replayable but for its line, which the flow no longer has: a call to it would go differently. */
  | { kind: 'no-line'; line: string };

/** What the caller did, as `ivr call` and scenario files take it. */
export interface ReplayScript {
  line: string;
  to: string;
  at: string;
  press: string[];
  dialStatuses: DialStatus[];
  /** What the simulated Messages API does with the chat-link SMS, when the record says it was offered (a declined offer: sent, were it taken); absent: no sender, so no offer. */
  sms?: 'sent' | 'failed';
  /** The last sentence heard, and how the simulated call ended (as scenario files expect it): set once replayed. */
  lastHeard?: string;
  ending?: { kind: string; to?: string };
  /**
   * The nodes the replayed call entered, in order (its record's path), as a scenario's `expect.path` pins its
   * route: set once replayed, unless the record left answers out of it ("…", a very long call).
   */
  path?: string[];
  /**
   * The operators' settings unset here of the transfers the replayed call reached: their placeholder is the
   * line's own number, so the deployed app, `ivr call` and `ivr test` refuse them (and log it as an error).
   * `refused`: the replay refused them too, as the record's app did; else it made them, as the record's app did.
   */
  operatorsUnset?: { settings: string[]; refused: boolean };
  /** The operators' settings set here (shell or local.settings.json) of the transfers the replayed call reached: `ivr call` needs them to make those transfers as the replay did. */
  operatorsSet?: string[];
}

/**
 * How the replay's words show a value a record supplied (a status, an input, a path's nodes), which a
 * hand-edited or forged file may fill with line breaks or escape sequences: as it is in the data (--json
 * then writes it as JSON writes any string), or escaped as a terminal must get it (terminalText).
 */
export interface ShowRecordValue {
  /** The value alone. */
  value: ShowValue;
  /** The value in quotes. */
  quoted: ShowValue;
}

export const AS_RECORDED: ShowRecordValue = { value: (value) => value, quoted: (value) => `"${value}"` };
export const FOR_TERMINAL: ShowRecordValue = { value: terminalText, quoted: quotedForTerminal };

const DIAL_STATUSES = new Set(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']);

/**
 * Why a call that started over (`startedOver`: a deploy changed the flow during it) is not replayed: its keys were
 * pressed on two flows, part before the change and part after it from its line's start, and no one flow can play
 * them back. Replayed, it went "differently" on any flow, the old one as the new, which said nothing of the change.
 */
const FLOW_CHANGED_DURING_CALL =
  "the flow changed during the call (startedOver: it started over at its line's start), so its keys were pressed on two flows and it cannot be replayed on one";

/** Why a record cannot be run again, or its script; `{ noLine }` when all it lacks is its line in the flow. */
export function scriptOf(record: ReadRecord, flow: Flow, show: ShowRecordValue = AS_RECORDED): ReplayScript | string | { noLine: string } {
  if (!record.path || !record.inputs) return `no path in the record (${record.pathMissing ?? 'not recorded'})`;
  if (record.pathMissing) return `the record's path is incomplete (${record.pathMissing})`;
  if (record.path.includes(OMITTED) || record.inputs.includes(OMITTED)) return 'answers were left out of the record (a very long call)';
  if (record.startedOver !== undefined && record.startedOver.length > 0) return FLOW_CHANGED_DURING_CALL;
  if (record.status !== 'completed') return `Twilio's status was ${show.value(record.status)}: the menu never answered`;
  // Before the transfer rang too (during the words before it): Twilio never started that <Dial>, so no `dial:` status is recorded.
  if (record.outcome === 'caller-hung-up-during-transfer') return 'the caller hung up during a transfer (while it rang, or during the words before it), and the record does not say when, so a replay cannot hang up at that moment';
  const fallback = record.inputs.find((input) => input.startsWith(FALLBACK_INPUT));
  if (fallback !== undefined) return `a request failed during the call and Twilio's fallback URL answered it (${show.quoted(fallback)}), which a replay cannot make happen`;
  if (!record.startedAt) return 'no startedAt in the record (written by an older version)';
  const started = DateTime.fromISO(record.startedAt, { setZone: true });
  if (!started.isValid) return `startedAt "${record.startedAt}" is not an ISO 8601 instant`;
  const line = flow.lines[record.line];
  if (!Object.hasOwn(flow.lines, record.line) || !line) return { noLine: record.line };
  const press: string[] = [];
  const dialStatuses: DialStatus[] = [];
  for (const input of record.inputs) {
    if (input.includes(CUT_INPUT)) return `an input was cut in the record (over ${MAX_INPUT_CHARACTERS} characters), so what the caller keyed is not known`;
    if (input === 'none') press.push('-');
    else if (/^[0-9*#]+$/.test(input)) press.push(input);
    else if (input.startsWith('dial:') && DIAL_STATUSES.has(input.slice(5))) dialStatuses.push(input.slice(5) === 'answered' ? 'completed' : (input.slice(5) as DialStatus));
    // A transfer the app refused (it rang the app itself) was never made: the replayed app decides again (recordReplayer).
    else if (input !== DIAL_REFUSED && !input.startsWith('sms:')) return `input ${show.quoted(input)} cannot be played`;
  }
  const sms = record.sms === undefined ? {} : { sms: record.sms === 'failed' ? ('failed' as const) : ('sent' as const) };
  return { line: record.line, to: line.number, at: started.toISO({ suppressMilliseconds: true }) as string, press, dialStatuses, ...sms };
}

/** How fast the replayed caller answers: hearing every prompt out, or with no time passing after the call's start (recordReplayer). */
type Pace = 'heard out' | 'quickest';

/** How a call was played, to play it again the same way on another flow (wordsReplayer): the record as compared, its script, its pace. */
export interface Playing {
  script: ReplayScript;
  record: ReadRecord;
  pace: Pace;
}

/** A replay, with what the caller heard at each node and how it was played. */
type Played = Exclude<Replay, { kind: 'not-replayable' | 'no-line' }> & { heard: NodeWords[]; playing: Playing };

/**
 * Replays records against `flow`, one after another: the app is built once
 * (its answers, once written, serve every replay), and each call sets the
 * clock to its own instant, which then moves on with the call.
 *
 * A record does not say when each key was pressed. The replayed caller hears
 * every prompt out, so meets an hours check later in the call (the one before
 * a transfer) later than a caller who pressed during the prompts: near closing
 * time the replay would part from a call that really went through. A call
 * that goes differently is played again as the quickest caller would make it,
 * with no time passing after its start, and is the same if either way is.
 *
 * A call that goes the same way comes with what its caller heard at each node
 * (`heard`) and how it was played (`playing`), so its words can be compared
 * with another flow's (wordsReplayer).
 */
export function recordReplayer(flow: Flow, settings: Settings, show: ShowRecordValue = AS_RECORDED): (record: ReadRecord) => Promise<Replay & { heard?: NodeWords[]; playing?: Playing }> {
  const apps = replayApps(flow, settings);
  const replayAtEitherPace = async (script: ReplayScript, record: ReadRecord): Promise<Played> => {
    let replay: Played | undefined;
    for (const pace of ['heard out', 'quickest'] as const) {
      const played = await apps.play({ script, record, pace });
      if (played.kind === 'same') return played;
      replay ??= played;
    }
    return replay as Played;
  };
  const replayRecord = async (record: ReadRecord, script: ReplayScript): Promise<Played> => {
    const replay = await replayAtEitherPace(script, record);
    if (replay.kind === 'same' || record.sms !== undefined || !passesSmsOffer(record, flow)) return replay;
    // Records written before the app said `sms: declined` (commit a8496e4) have no `sms` when the caller
    // declined the offer: the record looks like a landline's, and a landline's replay, never offered the
    // SMS, lacks the answer given to the offer. Offered it and declining as recorded, it may go the same way.
    const offered = { ...script, sms: 'sent' as const };
    const again = await replayAtEitherPace(offered, { ...record, sms: 'declined' });
    return again.kind === 'same' ? again : replay;
  };
  return async (record) => {
    const script = scriptOf(record, flow, show);
    if (typeof script === 'string') return { kind: 'not-replayable', reason: script };
    if ('noLine' in script) return { kind: 'no-line', line: script.noLine };
    const { heard, playing, ...replay } = await replayRecord(record, script);
    const shown = withUnsetOperators(withPutThrough(replay, record, flow, settings), record, flow, settings);
    // How it was played goes with a different call too: one that ended in an app error is played again on the base flow (appErrorChange.ts).
    return shown.kind === 'same' ? { ...shown, heard, playing } : { ...shown, playing };
  };
}

/**
 * What the caller of a call played on another flow (`playing`, as recordReplayer played it: the same keys,
 * transfers and SMS, at the same instant and pace) heard at each node on `flow`: the words a call that went
 * the same way would have heard there, for comparing the two (otherWords.ts).
 */
export function wordsReplayer(flow: Flow, settings: Settings): (playing: Playing) => Promise<NodeWords[]> {
  const apps = replayApps(flow, settings);
  return async (playing) => (await apps.play(playing)).heard;
}

/** Where a call played on another flow (`playing`, as recordReplayer played it) goes on `flow`: its path and outcome there. */
export function pathReplayer(flow: Flow, settings: Settings): (playing: Playing) => Promise<{ path: string[]; outcome: string }> {
  const apps = replayApps(flow, settings);
  return async (playing) => {
    const played = await apps.play(playing);
    return played.kind === 'same' ? { path: playing.record.path ?? [], outcome: playing.record.outcome } : { path: played.replayed.path, outcome: played.replayed.outcome };
  };
}

/** The apps that replay calls against `flow` (one per kind of caller, built once), and how to play one call on them. */
function replayApps(flow: Flow, settings: Settings): { play(playing: Playing): Promise<Played> } {
  let instant: DateTime = DateTime.now();
  // What the app logged during the call being replayed: its ivr.call line is the replay's record.
  let lines: string[] = [];
  // The nodes the app enters during the call being replayed, and the words heard at each.
  let words = new WordsAtNodes();
  // The same call as the engine traced it: the edges taken, the inputs no option matched.
  let route: RouteEvent[] = [];
  // The time the app reads: the replayed call's own, from its instant on (startCall).
  let now = (): DateTime => instant;
  const startCall = (pace: Pace): VirtualClock => {
    const clock = new VirtualClock();
    now = pace === 'heard out' ? clockOfCall(instant, clock) : () => instant;
    return clock;
  };
  const callers = new Map<string, Caller>();
  /**
   * The app as the recorded call met it. A record that says the SMS was offered (sent, failed or
   * declined) came from a mobile caller with a sender set: its replay texts a simulated Messages API
   * that answers as the record says (a declined offer sends nothing, unless the replay takes it and
   * so goes differently). Any other is replayed from a landline, so no offer is made (the record's
   * number is masked).
   *
   * The transfers of a record were made by an app with its operators' numbers set, so the app replaying
   * it transfers whatever the numbers set here: the paths are what is compared. A record with a refused
   * transfer (`dial:refused`) was made by an app with a number unset: it is replayed by an app that
   * refuses as the deployed one does, with the numbers set here (DEST_* in the shell or
   * local.settings.json, as `ivr call` reads them), so it is refused again while the number is still
   * unset, and put through, going differently, once it is set.
   */
  const callerFor = (sms: ReplayScript['sms'], refusing: boolean): Caller => {
    const kind = `${sms ?? 'none'}${refusing ? ', refusing' : ''}`;
    const known = callers.get(kind);
    if (known) return known;
    const simulation = sms ? simulateSms(settings, sms, defaultLineNumber(flow)) : undefined;
    const app = createApp({
      settings: simulation?.settings ?? settings,
      flow,
      ...(simulation ? { sendSms: simulation.sendSms } : {}),
      clock: () => now(),
      ...(refusing ? {} : { refuseOwnNumbers: false as const }),
      journal: memoryJournal(),
      logger: { info: (message) => void lines.push(message), warn() {}, error() {} },
      trace: (_callSid, event) => {
        if (event.kind === 'enter') words.enter(event.node, event.said);
        if (event.kind === 'enter' || event.kind === 'no-match') route.push(event);
      },
    });
    const { voiceUrl, authToken } = twilioView(simulation?.settings ?? settings);
    const caller: Caller = { handle: app.handle, voiceUrl, authToken, from: simulation ? DEFAULT_CALLER : LANDLINE, ...(simulation ? { accountSid: simulation.accountSid } : {}) };
    callers.set(kind, caller);
    return caller;
  };
  return {
    async play(playing) {
      const { script, record, pace } = playing;
      // In the flow's zone from the start, so the engine's own conversions to it cost nothing.
      instant = DateTime.fromISO(script.at, { zone: flow.hours.timeZone });
      lines = [];
      words = new WordsAtNodes();
      route = [];
      const heard = words;
      const replay = await replayScript(script, record, callerFor(script.sms, refuses(record)), () => lines, startCall(pace), heard, route);
      return { ...replay, heard: heard.visits, playing };
    },
  };
}

/** Whether the record's app refused a transfer: it is replayed by an app that refuses too (recordReplayer). */
function refuses(record: ReadRecord): boolean {
  return (record.inputs ?? []).includes(DIAL_REFUSED);
}

/**
 * A replay that transferred where the record's app refused says why: the setting, set here, of the refused
 * transfer for the call's language (dialDestinationOf, as `ivr report` names it), when the replay dialled its
 * number (set since, or set on this machine and not where the call was made).
 */
function withPutThrough(replay: Replay, record: ReadRecord, flow: Flow, settings: Settings): Replay {
  if (replay.kind !== 'different' || !refuses(record)) return replay;
  const count = (inputs: string[]) => inputs.filter((input) => input === DIAL_REFUSED).length;
  if (count(replay.replayed.inputs) >= count(record.inputs ?? [])) return replay;
  const dialled = replay.script.ending?.kind === 'dial' ? replay.script.ending.to : undefined;
  const language = record.language ?? flow.defaultLanguage;
  const refusedSettings = dialsOnPath(flow, record.path ?? [], record.inputs ?? []).flatMap(({ node, status }) =>
    `dial:${status}` === DIAL_REFUSED ? (dialDestinationOf(flow, node, language)?.setting ?? []) : [],
  );
  const putThrough = [...new Set(refusedSettings)].filter((setting) => dialled !== undefined && settings.env[setting]?.trim() === dialled);
  return putThrough.length > 0 ? { ...replay, replayed: { ...replay.replayed, putThrough } } : replay;
}

/** The replay, its script naming the operators' settings unset, and set, here of the transfers the replayed call reached (see ReplayScript). */
function withUnsetOperators(replay: Replay, record: ReadRecord, flow: Flow, settings: Settings): Replay {
  if (replay.kind !== 'same' && replay.kind !== 'different') return replay;
  const { path, language } = replay.kind === 'same' ? { path: record.path ?? [], language: record.language } : replay.replayed;
  const unset = path.flatMap((node) => placeholderOf(flow, settings, node, language ?? flow.defaultLanguage)?.setting ?? []);
  const set = path.flatMap((node) => dialDestinationOf(flow, node, language ?? flow.defaultLanguage)?.setting ?? []).filter((setting) => settings.env[setting]?.trim());
  const script = {
    ...replay.script,
    ...(unset.length > 0 ? { operatorsUnset: { settings: [...new Set(unset)], refused: refuses(record) } } : {}),
    ...(set.length > 0 ? { operatorsSet: [...new Set(set)] } : {}),
  };
  return unset.length > 0 || set.length > 0 ? { ...replay, script } : replay;
}

/** Whether the recorded path entered a node that offers the SMS (to a mobile caller, with a sender). */
function passesSmsOffer(record: ReadRecord, flow: Flow): boolean {
  return (record.path ?? []).some((node) => flow.nodes[node]?.type === 'sms-offer');
}

const LANDLINE = '+390212345678';

/** One way of placing replayed calls: the app to call, and who calls. */
interface Caller {
  handle: App['handle'];
  voiceUrl: string;
  authToken: string | undefined;
  from: string;
  accountSid?: string;
}

async function replayScript(script: ReplayScript, record: ReadRecord, { handle, voiceUrl, authToken, from, accountSid }: Caller, lines: () => string[], clock: VirtualClock, words: WordsAtNodes, route: RouteEvent[]): Promise<Exclude<Replay, { kind: 'not-replayable' | 'no-line' }>> {
  const caller: CallerAction[] = [...script.press.map((key): CallerAction => (key === '-' ? { silence: true } : { digits: key })), { hangup: true }];
  let dials = 0;
  const result = await simulateCall({
    url: voiceUrl,
    transport: handle,
    call: { to: script.to, from, ...(accountSid ? { accountSid } : {}) },
    caller,
    dial: () => dialEnding(script.dialStatuses[dials++] ?? 'completed'),
    statusCallback: new URL(STATUS_CALLBACK_PATH, voiceUrl).toString(),
    startedAt: new Date(script.at),
    clock,
    onEvent: (event) => words.event(event),
    ...(authToken ? { authToken } : {}),
  });
  const said = result.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : []));
  const outcome = result.outcome;
  // What the call used of the script: a changed flow may end it before the recorded keys (and transfers) run out,
  // and a scenario written from it must not ask for more.
  const keysUsed = result.transcript.filter((e) => e.type === 'input' && !('hangup' in e.action)).length;
  const line = lines().find(isCallLine);
  const replayed = line ? (JSON.parse(line) as ReadRecord) : undefined;
  const path = replayed?.path ?? [];
  const withHeard = {
    ...script,
    press: script.press.slice(0, keysUsed),
    dialStatuses: script.dialStatuses.slice(0, dials),
    ...(said.length > 0 ? { lastHeard: said[said.length - 1] as string } : {}),
    ending: { kind: outcome.kind, ...(outcome.kind === 'dial' ? { to: outcome.to } : {}) },
    ...(path.length > 0 && !path.includes(OMITTED) ? { path } : {}),
  };
  const inputs = replayed?.inputs ?? [];
  // The same path, ending and language, with every input of the record taken at the same place, and the SMS as it went.
  const same =
    replayed !== undefined &&
    replayed.outcome === record.outcome &&
    replayed.language === record.language &&
    path.join(' ') === (record.path ?? []).join(' ') &&
    inputs.join(' ') === (record.inputs ?? []).join(' ') &&
    // Records before 7 December 2026 said "declined" of an offer the caller never answered (the same inputs, so no answer to it here).
    (replayed.sms === record.sms || (record.sms === 'declined' && replayed.sms === 'unanswered'));
  return same
    ? { kind: 'same', script: withHeard }
    : { kind: 'different', script: withHeard, replayed: { path, outcome: replayed?.outcome ?? '(no record)', language: replayed?.language ?? null, inputs, ...(replayed?.sms ? { sms: replayed.sms } : {}), route } };
}
