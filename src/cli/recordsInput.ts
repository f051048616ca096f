import { existsSync } from 'node:fs';
import { loadFlowFile } from '../flow/load';
import { FlowError } from '../flow/problem';
import type { Flow } from '../flow/schema';
import { USAGE_ERROR, UsageError } from './commandLine';

// What `ivr replay` and `ivr report` both need before they read a records
// file: the file itself, and the flow the calls are read against.

/** Refuses, as wrong usage, a records file that is not there, saying how to make one. */
export function requireRecordsFile(file: string): void {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist; give the file of ivr.call lines (e.g. the output of npm start saved with "npm start | tee calls.log")`);
}

/** The flow at `file`, or exit code 2 after printing its problem as `ivr lint` names it. */
export function flowOrUsageError(command: string, file: string): Flow | number {
  try {
    return loadFlowFile(file);
  } catch (err) {
    console.error(err instanceof FlowError ? err.message : `ivr ${command}: ${(err as Error).message}`);
    return USAGE_ERROR;
  }
}
