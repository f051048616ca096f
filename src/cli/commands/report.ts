import { DateTime } from 'luxon';
import { noSuchDay } from '../../schedule/writtenDate';
import path from 'node:path';
import { projectRoot } from '../../config/projectRoot';
import { readSettings } from '../../config/settings';
import type { Flow } from '../../flow/schema';
import { readRecords } from '../../records/readRecords';
import { placeOf } from '../../records/recordPlace';
import { UNREADABLE_FIX } from '../../records/recordProblems';
import { ENDED_IN_MENU, notInFlow, tallyItems, type CallTally } from '../../report/callTally';
import { closedUnknown } from '../../report/closedUnknown';
import { unreadTimeNote } from '../../report/unreadTimeNote';
import { partialNote } from '../../report/partialNote';
import { fallbackNote } from '../../report/fallbackNote';
import { undatedLeftOut } from '../../report/undatedLeftOut';
import { closedDaysIn, type ClosedDay } from '../../report/closedDays';
import { reportPage } from '../../report/reportPage';
import { refusedTransfers } from '../../report/refusedTransfers';
import { recordsCover, reportPeriod, type ReportPeriod } from '../../report/reportPeriod';
import { applyLocalSettings } from '../../server/localSettings';
import { parseCommandLine, refuse, type CommandSpec } from '../commandLine';
import { flowOrUsageError, refusingUnreadableFile, requireOutputFile, requireRecordsFile, requireSomeRecords } from '../recordsInput';
import { writeOutputFile } from '../outputFile';
import { counted, grouped } from '../../text/counted';
import { outcomeShort } from '../../report/outcomeWords';
import { terminalText } from '../../text/terminalText';
import { wrongKeysFix, wrongKeysNote } from '../../report/wrongKeys';
import { trackedFlowFile } from '../../report/trackedFlowFile';
import { keysSummary } from '../../report/keysSummary';
import { fromHere } from '../../text/fromHere';

const USAGE = `Usage: ivr report RECORDS --output report.html [options]

Draws a stretch of calls as one HTML page that opens from disk with no
network: totals (put through, ended in the menu, after hours, on a holiday, by
line and language, SMS, the median length of calls by outcome), the menu map
with the calls on every node and edge, the keys callers pressed at each menu
and SMS offer (their calls, how many times, and where the flow sends them, the
last failed try a menu allows apart), calls per hour of the week against the
opening hours (to the minute each call began; the period's holidays and
closures named, their calls counted as while closed), calls per day (every day
of the period, 0 included, holidays and days the weekly hours close named),
transfers by destination and how they ended (a transfer refused for an
operator's number left unset, or ringing this app, said plainly, naming the
setting), and the most common paths; it names the flow file its maps and hours
come from, and the keys callers pressed that lead elsewhere in it (the flow
changed since the calls: give --flow the one they went through), and the calls
a failed request sent to Twilio's fallback (no key of the caller's). A short
summary is printed here too.

  RECORDS           the app's ivr.call records: its JSON log lines, or
                    Application Insights' export of traces (CSV or JSON,
                    the record inside "message")
  --output FILE     where to write the page (required)
  --flow FILE       the flow the calls went through (default: IVR_FLOW_FILE
                    or flows/klarna-italia.json)
  --from DATE       only calls from this day on (YYYY-MM-DD, the flow's time zone)
  --to DATE         only calls up to this day, inclusive

Records that cannot be read are counted and named by their line (in a JSON
export, their row and line, and the column when other rows share that line),
never fatal unless none can be read. Exit codes: 0 the page was written, 2
wrong usage, a missing records file, a file with no ivr.call record that can
be read, a JSON export that is not valid JSON (no page is written), or an
invalid flow.`;

const REPORT_COMMAND = {
  name: 'report',
  usage: USAGE,
  options: {
    output: { type: 'string', short: 'o' },
    flow: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  maxPositionals: 1,
} satisfies CommandSpec;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * What is wrong with a --from or --to, or undefined for a day that exists (or none given). 2026-11-31 has the form
 * but is no day: said so, with the month's length, since the form is not what is wrong.
 */
function dateProblem(option: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parts = DATE.exec(text);
  if (!parts) return `--${option} takes a date of the calendar, YYYY-MM-DD (not ${text})`;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  const why = noSuchDay(year, month, day);
  return why && `--${option} ${text} is not a day: ${why}`;
}

export async function reportCommand(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv, REPORT_COMMAND);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const problem =
    positionals.length !== 1 ? 'give one records file' :
    !values.output ? 'give --output FILE for the page' :
    dateProblem('from', values.from) ?? dateProblem('to', values.to) ??
    (values.from && values.to && values.from > values.to ? `--from ${values.from} is after --to ${values.to}; give the first day, then the last` : undefined);
  if (problem) {
    return refuse(REPORT_COMMAND, problem);
  }
  const records = positionals[0] as string;
  requireRecordsFile(records);
  requireOutputFile(values.output as string);
  applyLocalSettings(projectRoot());
  const flowFile = path.resolve(values.flow ?? readSettings().flowFile);
  // The flow the calls went through: read as a past flow, what only a deployed app refuses said as a warning.
  const flow = flowOrUsageError('report', flowFile, values.flow !== undefined, true);
  if (typeof flow === 'number') return flow;
  const window = { flow, ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) };
  const { tally, repeated } = await refusingUnreadableFile(() => tallyItems(readRecords(records), window));
  requireSomeRecords(records, tally.calls + tally.outside + tally.undatedLeftOut, { count: tally.unreadableCount, named: tally.unreadable });
  const flowAsGiven = values.flow ?? fromHere(flowFile);
  const wrongKeys = wrongKeysNote(flow, tally, terminalText);
  // Only then: which flow file git has the history of, for the fix the warning gives.
  const inGit = wrongKeys ? trackedFlowFile(flowFile, readSettings().flowFile) : undefined;
  // The period's holidays and closures, worked out once for the page and the summary.
  const period = reportPeriod(values, tally);
  const closedDays = period.first && period.last ? closedDaysIn(flow, period.first, period.last) : [];
  writeOutputFile(values.output as string, reportPage({ flow, tally, source: records, flowFile: flowAsGiven, flowInGit: inGit, from: values.from, to: values.to, closedDays, ...(repeated ? { repeated } : {}) }));
  console.log(summary(flow, tally, period, closedDays, values.output as string));
  if (repeated) console.error(`ivr report: ${repeated}`);
  const missing = notInFlow(tally, terminalText);
  if (missing) console.error(`ivr report: not in the flow ${fromHere(flowFile)}: ${missing}`);
  if (wrongKeys) console.error(`ivr report: ${wrongKeys} (the flow ${flowAsGiven}).\n${wrongKeysFix(flowAsGiven, inGit, flow, tally)}.`);
  return 0;
}

/** The calls neither put through nor ended in the menu, by how they ended, most first: "2 busy, 1 hung up before the menu answered". */
function endedOtherwise(t: CallTally): string {
  return [...t.byOutcome]
    .filter(([outcome]) => outcome !== 'transferred' && !ENDED_IN_MENU.has(outcome))
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, n]) => `${grouped(n)} ${outcomeShort(outcome)}`)
    .join(', ');
}

function summary(flow: Flow, t: CallTally, period: ReportPeriod, closed: ClosedDay[], output: string): string {
  // The figures add up to the calls: after hours and holiday calls end in the menu too, so they are said as part of it.
  const other = t.calls - t.transferred - t.endedInMenu;
  const lines = [
    `${counted(t.calls, 'call')}, ${period.words}: ${grouped(t.transferred)} put through, ${grouped(t.endedInMenu)} ended in the menu (${grouped(t.afterHours)} of them after hours, ${grouped(t.holiday)} on a holiday)${other > 0 ? `, ${grouped(other)} ended otherwise (${endedOtherwise(t)})` : ''}; SMS ${grouped(t.sms.sent)} sent, ${grouped(t.sms.failed)} failed, ${grouped(t.sms.declined)} declined, ${counted(t.sms.unanswered, 'offer')} unanswered${t.sms.unanswered > 0 ? ` (${t.sms.unanswered === 1 ? 'the call' : 'the calls'} ended before an answer, perhaps before hearing it)` : ''}`,
  ];
  // As the page says under its hour chart: the hours and days leave out a call no record says the time of.
  const unread = unreadTimeNote(t, terminalText);
  if (t.undated) lines.push(`${counted(t.undated, 'record has no time and is', 'records have no time and are')} not in the calls per hour or per day${unread ? `; ${unread}` : ''}`);
  // As the page says beside its totals: a call through nodes this flow lacks may have been told the line was closed, or not.
  const unknown = closedUnknown(t);
  if (unknown) lines.push(unknown);
  const partial = partialNote(t);
  if (partial) lines.push(partial);
  const fallbacks = fallbackNote(flow, t, terminalText);
  if (fallbacks) lines.push(fallbacks);
  // Each refused transfer is a caller turned away from an operator for a setting unset or ringing the app: said right under the figures.
  const refused = refusedTransfers(flow, t, terminalText);
  if (refused) lines.push(refused);
  // Of every line: a node the lines share counts its hang-ups from both.
  const gaveUpAt = new Map<string, number>();
  for (const nodes of t.nodes.values()) for (const [node, n] of nodes) if (n.gaveUp > 0) gaveUpAt.set(node, (gaveUpAt.get(node) ?? 0) + n.gaveUp);
  const gaveUp = [...gaveUpAt].sort((a, b) => b[1] - a[1]);
  if (gaveUp.length > 0) lines.push(`Callers hung up most at: ${gaveUp.slice(0, 3).map(([node, n]) => `${terminalText(node)} (${grouped(n)}${t.missingNodes.has(node) ? ', not in the flow' : ''})`).join(', ')}`);
  // What they pressed: the callers who asked for an operator apart from those a menu sent there after failing.
  lines.push(...keysSummary(flow, t.keys, terminalText));
  // A day's few calls read as an outage unless the reader knows the line was closed all day.
  if (closed.length > 0) lines.push(`Holidays and closures, the line closed all day: ${closed.map(({ date, name }) => `${DateTime.fromISO(date).toFormat('ccc d LLL')} (${name}, ${counted(t.byDay.get(date) ?? 0, 'call')})`).join(', ')}`);
  const cover = recordsCover(t);
  if (t.outside) lines.push(`${counted(t.outside, 'record')} outside --from/--to left out${cover ? `; ${cover}` : ''}`);
  if (t.undatedLeftOut) lines.push(undatedLeftOut(t, terminalText));
  if (t.unreadableCount) lines.push(`${counted(t.unreadableCount, 'record')} could not be read: ${t.unreadable.slice(0, 3).map((u) => `${placeOf(u.place)} (${terminalText(u.reason)})`).join('; ')}${t.unreadableCount > 3 ? '; …' : ''}. ${UNREADABLE_FIX}`);
  lines.push(`Report written to ${output}`);
  return lines.join('\n');
}
