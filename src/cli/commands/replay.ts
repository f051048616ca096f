import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { samePath } from '../../config/samePath';
import { DEFAULT_FLOW_FILE, type Settings } from '../../config/settings';
import type { Flow } from '../../flow/schema';
import { callCommandLine } from '../../explore/reproduce';
import { AS_RECORDED, FOR_TERMINAL, type ReplayScript } from '../../replay/replayRecord';
import { MAX_GROUPS, replayRecords, type ReplayGroup, type ReplaySummary } from '../../replay/replayRecords';
import { offlineSettings } from '../offlineSettings';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, refuse, USAGE_ERROR, type CommandSpec } from '../commandLine';
import { flowOrUsageError, refusingUnreadableFile, requireRecordsFile, requireSomeRecords } from '../recordsInput';
import { writeOutputFile } from '../outputFile';
import { repeatsNote } from '../../records/onePerCall';
import { placeOf, placesOf } from '../../records/recordPlace';
import { UNREADABLE_FIX } from '../../records/recordProblems';
import { escapeLeftByJson, quotedForTerminal, terminalText } from '../../text/terminalText';
import { existsSync, statSync } from 'node:fs';
import { shellWord } from '../../explore/reproduce';
import type { WordsBase } from '../../replay/otherWords';
import { flowAtHead } from '../../replay/flowAtHead';
import { warnOfPastFlow } from '../../flow/pastFlowWarning';
import { counted, grouped } from '../../text/counted';
import { fromHere } from '../../text/fromHere';

const USAGE = `Usage: ivr replay RECORDS [options]

Runs recorded calls again: each ivr.call record (the app's JSON log lines,
or Application Insights' export of traces, CSV or JSON) is called again
in-process at the instant it began, on its line, with the caller doing what
the record says (keys, silence, how each transfer ended), against a flow;
its path, outcome and language are compared with the record. Prints how many
calls would go differently, how many part in each way (the key pressed where
they part, where the record went, where they go now), then the groups of
calls that part at the same place and go the same way on both sides, with
the CallSids of each group's calls (all of them with --json) and an \`ivr
call\` command to hear its first. The replayed caller hangs up when the
record's keys run out: a group says "the recorded keys ran out" there. A
call on a line the flow does not have counts as going differently (one group
for the line). A call that ended in an app error stops where the app failed,
not where the flow sent it: replayed, it goes on from there, which is said
apart and not counted as going differently, unless it parts from its record
before that, or the flow changed where it goes from there: given --base,
played there too, it goes on otherwise; without --base, the record ends with
a key pressed there that the flow has no option for now (the record shows
the app took it without asking again). A transfer the record's app refused
(dial:refused, an operator's DEST_* number unset) is decided again with the
DEST_* numbers set here (shell or local.settings.json): refused again while
unset, put through once set; other transfers end as recorded. A call whose
CallSid appears more than once is replayed once (stderr says how many
records were left out). Calls that cannot be replayed (older records without
startedAt, a missing or partial path, answers left out of a very long call,
an input cut in the record, Twilio's status not completed, a caller who hung
up during a transfer, a request answered by Twilio's fallback URL, a call
that started over because the flow changed during it) are counted with the
reason and where they are (docs/cli.md, "Records it cannot replay");
unreadable records are named so and skipped. A record is named by its line,
or in a JSON export by its row and line, and the column when other rows
share that line (a query result fetched as one line). A record that says the
chat-link SMS was offered (sms sent, failed or declined) is replayed from a
mobile, its SMS sent to a simulated Messages API that answers as the record
says; others from a landline, so no SMS offer is made. Nothing leaves the
process.

  RECORDS                 the records file
  --flow FILE             the flow to replay against (default: IVR_FLOW_FILE
                          or flows/klarna-italia.json)
  --write-scenarios DIR   also write the replayed calls (each distinct one once)
                          as a scenario file DIR/replayed-calls.json for ivr
                          test, as they went on the flow replayed against (one
                          not the app's, and DEST_* numbers set here, go in
                          each scenario's settings; a call that reaches a
                          transfer whose DEST_* is unset here is left out, and
                          counted); e.g. out/replayed: npm test runs
                          test/scenarios
  --base FILE             the flow the recorded calls went through, whose words
                          are compared with the flow's, and whose nodes
                          renamed since are followed in the records (default:
                          the flow file as last committed, at git HEAD);
                          given, calls that ended in an app error are played
                          on it too
  --json                  the summary as one JSON object

After the calls that would go differently, it says how many of those that
go the same way would hear other words than on the base flow, at which
nodes and in which language (a reworded prompt: no change of where calls
go, so not counted as going differently, and no change of the exit code),
and the ivr diff command that shows the words; nothing when none would,
and why when there is no base flow to compare with.

Exit codes: 0 every replayable call went the same way (or ended in an app
error with no change of the flow there), 1 some went differently, 2 wrong
usage, a missing records file, a file with no ivr.call record that can be
read or replayed (nothing was compared), a JSON export that is not valid
JSON, or an invalid flow.`;

const REPLAY_COMMAND = {
  name: 'replay',
  usage: USAGE,
  options: {
    flow: { type: 'string' },
    'write-scenarios': { type: 'string' },
    base: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  maxPositionals: 1,
} satisfies CommandSpec;

export async function replayCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, REPLAY_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  if (positionals.length !== 1) {
    return refuse(REPLAY_COMMAND, 'give one records file');
  }
  const records = positionals[0] as string;
  requireRecordsFile(records);
  // The shell's own settings, before local.settings.json fills in others: `ivr call` reads that file too, so
  // only these must be set in front of a printed command for it to replay the call as the replay did.
  const shell = { ...process.env };
  applyLocalSettings(projectRoot());
  const settings = offlineSettings();
  const flowFile = path.resolve(values.flow ?? settings.flowFile);
  const flow = flowOrUsageError('replay', flowFile, values.flow !== undefined);
  if (typeof flow === 'number') return flow;
  const words = wordsBaseOf(values.base, flowFile, flow);
  if (typeof words === 'number') return words;
  const scenarios = new Map<string, object>();
  const leftOut: LeftOut = { calls: 0, settings: new Set() };
  const scenarioDir = values['write-scenarios'];
  const scenarioSettings = scenarioDir ? settingsOfReplay(scenarioDir, flowFile, flow, settings) : undefined;
  const summary = await refusingUnreadableFile(() =>
    replayRecords(records, {
      flow,
      settings,
      // The data as the records hold it for --json (which escapes what a terminal acts on as JSON may), escaped for the terminal otherwise.
      show: values.json ? AS_RECORDED : FOR_TERMINAL,
      ...('base' in words ? { words: words.base, ...(words.given ? { base: words.base } : {}) } : {}),
      ...(scenarioDir ? { onReplayed: (script: ReplayScript) => keepScenario(scenarios, leftOut, script, scenarioSettings) } : {}),
    }),
  );
  requireSomeRecords(records, summary.records, { count: summary.unreadableCount, named: summary.unreadable });
  const repeated = repeatsNote({ count: summary.repeated });
  if (repeated) console.error(`ivr replay: ${repeated}`);
  if (scenarioDir) {
    writeOutputFile(path.join(scenarioDir, 'replayed-calls.json'), `${JSON.stringify([...scenarios.values()], null, 2)}\n`);
  }
  const otherFlow = !samePath(flowFile, DEFAULT_FLOW_FILE) ? fromHere(flowFile) : undefined;
  // Without a base flow, --json says why, as the text does.
  const wordsJson = summary.words ?? { comparedWith: null, notComparedBecause: 'why' in words ? words.why : '' };
  console.log(
    values.json
      ? escapeLeftByJson(JSON.stringify({ ...summary, notReplayable: Object.fromEntries(summary.notReplayable), words: wordsJson }, null, 2))
      : formatSummary(summary, otherFlow, shell, scenarioDir ? { dir: scenarioDir, count: scenarios.size, settings: Object.keys(scenarioSettings ?? {}), leftOut } : undefined, words),
  );
  if (summary.replayed === 0) {
    // "0 of 0 calls would go differently" is no answer: nothing was compared.
    console.error(`ivr replay: none of the ${summary.records} record${summary.records === 1 ? '' : 's'} in ${records} could be replayed (the reasons are above), so nothing was compared; give records of calls it can replay (the reasons say what each lacks or what happened in it)`);
    return USAGE_ERROR;
  }
  return summary.different > 0 ? 1 : 0;
}

/**
 * What `ivr test`, which takes no settings from the shell or local.settings.json, must be told to run a
 * replayed call as it was replayed: a flow other than the app's (relative to the scenarios' folder, where
 * `ivr test` reads it from), and the destination numbers set in the shell or local.settings.json, which
 * the calls put through were dialled to. None when the replay used neither.
 */
function settingsOfReplay(scenarioDir: string, flowFile: string, flow: Flow, settings: Settings): Record<string, string> | undefined {
  const used: Record<string, string> = {};
  if (!samePath(flowFile, DEFAULT_FLOW_FILE)) used.IVR_FLOW_FILE = path.relative(path.resolve(scenarioDir), flowFile).split(path.sep).join('/');
  for (const { setting } of Object.values(flow.destinations)) {
    const number = settings.env[setting]?.trim();
    if (number) used[setting] = number;
  }
  return Object.keys(used).length > 0 ? used : undefined;
}

/** The replayed calls not written as scenarios, and the operators' settings, unset here, of their transfers. */
interface LeftOut {
  calls: number;
  settings: Set<string>;
}

/**
 * One scenario per distinct call (line, keys, transfers, ending, route): the first instant it was seen at. A call that
 * reaches a transfer whose operators' number is unset here is left out: `ivr test` refuses that transfer (its
 * placeholder rings the app) and fails a scenario whose app logs the refusal, so no scenario could pin the call.
 */
function keepScenario(scenarios: Map<string, object>, leftOut: LeftOut, script: ReplayScript, settings: Record<string, string> | undefined): void {
  if (script.operatorsUnset) {
    leftOut.calls++;
    for (const setting of script.operatorsUnset.settings) leftOut.settings.add(setting);
    return;
  }
  // The route too: the same keys at another instant (the line closed, say) may go another way, a call of its own.
  const key = [script.line, script.press.join(' '), script.dialStatuses.join(' '), script.sms, script.ending?.kind, script.ending?.to, script.path?.join(' ')].join('|');
  if (scenarios.has(key)) return;
  const steps: object[] = script.press.map((key) => ({ press: key }));
  // The route pins where the call went, so the words it ended on are left to the flow's editor; a call with no
  // key still needs a step, and gets its last sentence.
  if (script.lastHeard && (!script.path || steps.length === 0)) steps.push({ hear: script.lastHeard });
  scenarios.set(key, {
    name: `replayed: ${script.line} line, ${script.press.length ? `keys ${script.press.join(' ')}` : 'no keys'}${script.dialStatuses.length ? `, transfer ${script.dialStatuses.join(', ')}` : ''} (${script.at})`,
    // A call offered the SMS is replayed with a sender (a scenario without one hears no offer).
    call: { to: script.to, at: script.at, ...(script.sms ? { sms: script.sms } : {}) },
    ...(settings ? { settings } : {}),
    ...(script.dialStatuses.length ? { dial: script.dialStatuses } : {}),
    steps: steps.length > 0 ? steps : [{ silence: true }],
    // The route pinned with the ending: a key that leads elsewhere on an edited flow fails the scenario, a reworded prompt does not (but the last one of a call with no key).
    expect: { outcome: script.ending?.kind, ...(script.ending?.to ? { to: script.ending.to } : {}), ...(script.path ? { path: script.path } : {}) },
  });
}

const NAMED_CALLS = 3;

/** The group's calls by CallSid: every one when few, else the first few and how to get them all. */
function callSidsOf(g: ReplayGroup): string {
  const named = g.callSids.slice(0, NAMED_CALLS).map(terminalText).join(', ');
  return g.callSids.length <= NAMED_CALLS ? `CallSid${g.callSids.length === 1 ? '' : 's'}: ${named}` : `CallSids: ${named} and ${g.callSids.length - NAMED_CALLS} more (all of them: --json)`;
}

/**
 * A group of calls: where its calls part (`parting`: "part at consumer-menu"), both sides, its CallSids and a
 * command to hear its first; a call on a line the flow does not have, how to replay it.
 */
function groupLines(g: ReplayGroup, parting: string, flowFile: string | undefined, shell: NodeJS.ProcessEnv): string[] {
  const example = g.example;
  if (!('to' in example)) {
    return [
      `${counted(g.calls, 'call')} on the ${terminalText(g.line)} line, which this flow does not have:`,
      `  ${callSidsOf(g)}`,
      `  e.g. record at ${placeOf(example.place)}: give --flow the flow these calls went through, or put the ${quotedForTerminal(example.line)} line back`,
    ];
  }
  const out = [`${counted(g.calls, 'call')} on the ${terminalText(g.line)} line ${parting}:`, `  recorded: ${g.before}`, `  now:      ${g.after}`, `  ${callSidsOf(g)}`];
  // `ivr call` texts a simulated API by default (--sms sent): a record never offered the SMS is heard without a sender.
  const sms = example.sms === 'sent' ? '' : ` --sms ${example.sms ?? 'off'}`;
  // The operators' numbers set in this shell that the call's transfers went to: pasted into another shell, the command would refuse them.
  const settings = fromShell(shell, example.operatorsSet);
  const command = `${callCommandLine({ label: 'record', at: example.at }, example.to, [...example.press, 'hangup'], example.dialStatuses, { ...(flowFile ? { flowFile } : {}), settings })}${sms}`;
  out.push(`  e.g. record at ${placeOf(example.place)}: ${command}`);
  // The replay makes a recorded transfer whatever the numbers set here; `ivr call`, as the deployed app, refuses one unset.
  const unset = example.operatorsUnset;
  if (unset && !unset.refused) out.push(`  (${unset.settings.join(' and ')} ${unset.settings.length === 1 ? 'is' : 'are'} unset here: ivr call refuses the transfer, which the replay makes as an app with its operators' numbers set would; set ${unset.settings.length === 1 ? 'it' : 'them'} to hear it)`);
  return out;
}

/** The most ways of parting the summary names; the rest are counted in one line. */
const NAMED_PARTINGS = 10;

/**
 * Before the groups, when there are several: how many calls part in each way (one moved key parts calls in many
 * groups, by what they did before and after it), most first. Nothing for one group, which says it all itself.
 */
function partingLines(s: ReplaySummary): string[] {
  if (s.groups.length + (s.ungrouped > 0 ? 1 : 0) < 2) return [];
  const calls = new Map<string, number>();
  for (const g of s.groups) calls.set(g.why, (calls.get(g.why) ?? 0) + g.calls);
  const ways = [...calls].sort((a, b) => b[1] - a[1]);
  const out = ['', 'Where they part (the groups below, summed):', ...ways.slice(0, NAMED_PARTINGS).map(([why, n]) => `  ${counted(n, 'call')} ${terminalText(why)}`)];
  const rest = ways.slice(NAMED_PARTINGS);
  if (rest.length > 0) out.push(`  ${counted(rest.reduce((sum, [, n]) => sum + n, 0), 'more call')} in ${counted(rest.length, 'other way')} (the groups below)`);
  if (s.ungrouped > 0) out.push(`  ${counted(s.ungrouped, 'more call')} in groups past the first ${grouped(MAX_GROUPS)}, not listed`);
  return out;
}

/**
 * The calls that ended in an app error, told apart (ReplaySummary.appErrors): where they go now, for information.
 * Their records stop where the app failed, so they say nothing of where the flow sent the call from there.
 */
function appErrorLines({ calls, groups }: ReplaySummary['appErrors'], flowFile: string | undefined, shell: NodeJS.ProcessEnv): string[] {
  if (calls === 0) return [];
  const out = ['', `${counted(calls, 'call')} ended in an app error (the caller heard the apology): ${calls === 1 ? 'its record stops' : 'their records stop'} where the app failed, and ${calls === 1 ? 'its replay shows' : 'their replays show'} no change of the flow there, so ${calls === 1 ? 'it is' : 'they are'} not counted as going differently. Replayed, ${calls === 1 ? 'it goes' : 'they go'} on:`];
  for (const g of groups) out.push('', ...groupLines(g, `ended in an app error at ${terminalText(g.at)}`, flowFile, shell));
  const listed = groups.reduce((sum, g) => sum + g.calls, 0);
  if (listed < calls) out.push('', `${counted(calls - listed, 'more call')} in groups past the first ${grouped(MAX_GROUPS)}, not listed`);
  return out;
}

/** The settings of `names` set in the shell the replay ran in, as `ivr call` must be given them in front. */
function fromShell(shell: NodeJS.ProcessEnv, names: string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).flatMap((name) => (shell[name]?.trim() ? [[name, (shell[name] as string).trim()]] : [])));
}

function formatSummary(s: ReplaySummary, flowFile: string | undefined, shell: NodeJS.ProcessEnv, written: { dir: string; count: number; settings: string[]; leftOut: LeftOut } | undefined, words: WordsBaseOrWhy): string {
  const unreplayed = s.records > s.replayed ? ` (${grouped(s.records - s.replayed)} of ${grouped(s.records)} records could not be replayed)` : '';
  // "Other": these calls are among those replayed but not among those that go differently ("more" read as calls beyond them).
  const appErrors = s.appErrors.calls > 0 ? `; ${counted(s.appErrors.calls, 'other', 'others')} of the ${grouped(s.replayed)} ended in an app error (below)` : '';
  const out = [`${grouped(s.different)} of ${grouped(s.replayed)} calls would go differently${unreplayed}${appErrors}`];
  out.push(...partingLines(s));
  out.push(...renamedLines(s, words));
  for (const g of s.groups) out.push('', ...groupLines(g, `part at ${terminalText(g.at)}`, flowFile, shell));
  if (s.ungrouped > 0) out.push('', `${counted(s.ungrouped, 'more call')} would go differently in groups past the first ${grouped(MAX_GROUPS)}, not listed (ungrouped in --json): replay the records in parts to see them`);
  out.push(...appErrorLines(s.appErrors, flowFile, shell));
  out.push(...otherWordsLines(s, words));
  if (s.notReplayable.size > 0) {
    out.push('', 'Not replayed:');
    for (const [reason, { records, places }] of s.notReplayable) out.push(`  ${records} ${reason}: ${placesOf(places)}${records > places.length ? ', …' : ''}`);
  }
  if (s.unreadableCount > 0) {
    out.push('', `${s.unreadableCount} unreadable record${s.unreadableCount === 1 ? '' : 's'} skipped: ${s.unreadable.map((u) => `${placeOf(u.place)} (${terminalText(u.reason)})`).join('; ')}${s.unreadableCount > s.unreadable.length ? '; …' : ''}. ${UNREADABLE_FIX}`);
  }
  if (written) {
    const named = written.settings.map((setting) => (setting === 'IVR_FLOW_FILE' ? `the flow ${flowFile}` : setting));
    const settings = named.length > 0 ? `, each naming ${named.join(' and ')} in its settings` : '';
    out.push('', `${written.count} scenario${written.count === 1 ? '' : 's'} written to ${path.join(written.dir, 'replayed-calls.json')}${settings}: run them with npx ivr test ${written.dir}`);
    const { calls, settings: unset } = written.leftOut;
    if (calls > 0) {
      const names = [...unset].join(' and ');
      out.push(
        `${calls} call${calls === 1 ? '' : 's'} left out of them: ${calls === 1 ? 'it reaches a transfer' : 'they reach transfers'} to ${names}, unset here, which the app refuses (the placeholder is the line's own number) ` +
          `and logs as an error, failing a scenario; set ${names} to the operators' number${unset.size === 1 ? '' : 's'} (in the shell or local.settings.json) and replay again to write ${calls === 1 ? 'it' : 'them'}`,
      );
    }
  }
  return out.join('\n');
}

/** The nodes renamed since the base flow, which the records name by their old ids: followed, so no call goes differently by them. */
function renamedLines(s: ReplaySummary, words: WordsBaseOrWhy): string[] {
  const out: string[] = [];
  const renamed = Object.entries(s.renamed);
  if (renamed.length > 0 && 'base' in words) {
    const pairs = renamed.map(([old, now]) => `${terminalText(old)} is ${terminalText(now)} now`).join(', ');
    out.push('', `Renamed since ${terminalText(words.base.label)}, followed in the records (a rename alone changes no call): ${pairs}`);
  }
  // Without the flow the calls went through, a rename (committed already, or with no git) cannot be told from a node removed.
  if (s.unknownNodes.length > 0 && !('base' in words && words.given)) {
    const ids = s.unknownNodes.map(terminalText).join(', ');
    out.push('', `The records name nodes this flow does not have (${ids}): if they were renamed, give --base FILE, the flow the calls went through, and replay follows the renames.`);
  }
  return out;
}

/** The flow the words are compared with, and the `ivr diff` command that shows them; or why there is none. */
type WordsBaseOrWhy = { base: WordsBase; diff: string; given: boolean } | { why: string };

/**
 * The base flow: --base, else the flow file at git HEAD (as `ivr diff --git HEAD` reads it). Records do not
 * say which flow they went through, so with neither there is nothing honest to compare with, and the output says so.
 */
function wordsBaseOf(given: string | undefined, flowFile: string, flow: Flow): WordsBaseOrWhy | number {
  const shown = fromHere(flowFile);
  if (given !== undefined) {
    const problem = !existsSync(given) ? 'does not exist' : statSync(given).isDirectory() ? 'is a folder' : undefined;
    if (problem) return refuse(REPLAY_COMMAND, `--base ${given} ${problem}; give the flow file the recorded calls went through (an earlier version: e.g. mkdir -p out && git show HEAD~1:${path.relative(projectRoot(), flowFile).split(path.sep).join('/')} > out/base.json)`);
    // The flow the calls went through, read as a past flow: what only a deployed app refuses is a warning; a flow that cannot be played is named with its problems (exit 2).
    const base = flowOrUsageError('replay', path.resolve(given), true, true);
    if (typeof base === 'number') return base;
    return { base: { flow: base, label: given }, diff: `npx ivr diff ${shellWord(given)} ${shellWord(shown)}`, given: true };
  }
  const head = flowAtHead(flowFile, flow);
  if ('why' in head) return { why: `${head.why}; give --base FILE, the flow the calls went through` };
  warnOfPastFlow('replay', head.label, head.warnings);
  // Committed (or never edited): HEAD is the flow replayed, and saying nothing would read as "no caller hears other words".
  if (head.flow === flow) return { why: `${head.label} is the flow replayed (an edit committed, or none made), so there is nothing to compare with; give --base FILE, the flow the calls went through (the deployed one)` };
  return { base: head, diff: `npx ivr diff --git HEAD${samePath(flowFile, DEFAULT_FLOW_FILE) ? '' : ` ${shellWord(shown)}`}`, given: false };
}

/**
 * How many calls that go the same way would hear other words, where, and the command that shows the words;
 * nothing when none would; why, when there was no base flow to compare with.
 */
function otherWordsLines(s: ReplaySummary, words: WordsBaseOrWhy): string[] {
  if ('why' in words) return ['', `Words not compared: ${terminalText(words.why)}.`];
  const w = s.words;
  if (!w || (w.calls === 0 && w.notCompared === 0)) return [];
  const out = [''];
  if (w.calls > 0) {
    const whoHears = s.same === 1 ? 'The one call that goes the same way would' : `${grouped(w.calls)} of the ${grouped(s.same)} calls that go the same way would`;
    out.push(`${whoHears} hear other words than on ${terminalText(w.comparedWith)} (a change of words, not of where calls go: not counted as going differently):`);
    for (const at of w.at) out.push(`  ${terminalText(at.node)} (${terminalText(at.language)}): ${counted(at.calls, 'call')}`);
    out.push(`  the words: ${words.diff}`);
  }
  if (w.notCompared > 0) {
    out.push(`${counted(w.notCompared, 'call')} that go${w.notCompared === 1 ? 'es' : ''} the same way here go${w.notCompared === 1 ? 'es' : ''} differently on ${terminalText(w.comparedWith)}, so ${w.notCompared === 1 ? 'its' : 'their'} words were not compared (${words.given ? 'is it the flow the calls went through?' : 'is it the flow the calls went through? give that one with --base'}): ${w.notComparedCallSids.map(terminalText).join(', ')}${w.notCompared > w.notComparedCallSids.length ? ', …' : ''}`);
  }
  return out;
}
