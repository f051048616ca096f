import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadFlowFile } from '../flow/load';
import { pastFlowFile } from './pastFlowFile';
import { FlowError, type FlowProblem } from '../flow/problem';
import { flowFolderFix } from '../flow/flowFolder';
import type { Flow } from '../flow/schema';
import { RecordsFileError } from '../records/readRecords';
import { placeOf, type RecordPlace } from '../records/recordPlace';
import { USAGE_ERROR, UsageError } from './commandLine';
import { terminalText } from '../text/terminalText';

// What `ivr replay` and `ivr report` both need before they read a records
// file: the file itself, and the flow the calls are read against.

/** Refuses, as wrong usage, a records file that is not there, saying how to make one. */
export function requireRecordsFile(file: string): void {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist; give the file of ivr.call lines (e.g. the output of npm start saved with "npm start | tee calls.log")`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a folder; give the records file in it (e.g. ${path.join(file, 'calls.log')})`);
}

/** Refuses, as wrong usage, an output file that is a folder: the command would do all its work, then fail to write. */
export function requireOutputFile(file: string): void {
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--output ${file} is a folder; give the page's file (e.g. ${path.join(file, 'report.html')})`);
}

/**
 * Refuses, as wrong usage, a records file with no call record that can be
 * read: no line was one (the wrong file, a README, an export of another
 * table, an export that came out empty), or every one is unreadable.
 * Passing it by would report "0 of 0 calls would go differently", which a
 * CI job reads as all clear, or draw a page of no calls.
 */
export function requireSomeRecords(file: string, readable: number, unreadable: { count: number; named: { place: RecordPlace; reason: string }[] }): void {
  if (readable > 0) return;
  if (unreadable.count === 0) {
    throw new UsageError(`${file} holds no ivr.call record; give the app's console log (e.g. saved with "npm start | tee calls.log") or an export of traces (Application Insights) or AppTraces (Log Analytics; see docs/call-records.md)`);
  }
  const named = unreadable.named.slice(0, 3).map((u) => `${placeOf(u.place)}: ${terminalText(u.reason)}`).join('; ');
  throw new UsageError(
    `none of the ${unreadable.count} ivr.call record${unreadable.count === 1 ? '' : 's'} in ${file} could be read (${named}${unreadable.count > 3 ? '; …' : ''}); give the records as the app writes them (see docs/call-records.md)`,
  );
}

/**
 * The flow at `file`, or exit code 2 after printing its problem as `ivr lint` names it. `fromOption`: the
 * path was given to an option, so a file that cannot be read is fixed there, not in IVR_FLOW_FILE. `past`:
 * the flow the calls went through, read despite what only a deployed app refuses (flow/pastFlow.ts), which
 * is printed as a warning.
 */
export function flowOrUsageError(command: string, file: string, fromOption: boolean, past = false): Flow | number {
  try {
    if (!past) return loadFlowFile(file);
    return pastFlowFile(command, file);
  } catch (err) {
    if (!(err instanceof FlowError)) console.error(`ivr ${command}: ${(err as Error).message}`);
    else console.error((fromOption ? givenToFlowOption(err) : err).message);
    return USAGE_ERROR;
  }
}

/**
 * The flow's problems with the fix of a path that cannot be read (or is a folder) moved to --flow, where the
 * path came from: loadFlowFile, which does not know, also names IVR_FLOW_FILE.
 */
function givenToFlowOption(err: FlowError): FlowError {
  const fix = (problem: FlowProblem): string => (problem.message.startsWith('is a folder') ? `${flowFolderFix(err.file)} (in --flow)` : 'check the path given to --flow');
  return new FlowError(err.file, err.problems.map((problem) => (problem.fix.includes('IVR_FLOW_FILE') ? { ...problem, fix: fix(problem) } : problem)));
}

/** Runs `read`, a records file that cannot be read at all (one JSON document that does not parse) refused as wrong usage, its message naming the file and the fix. */
export async function refusingUnreadableFile<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof RecordsFileError) throw new UsageError(err.message);
    throw err;
  }
}
