// A report of log lines already in memory (the local host's own ivr.call
// lines), as `ivr report` makes of a file: the dev phone links to it.

import type { Flow } from '../flow/schema';
import { fromText } from '../records/readRecords';
import { newTally, tallyRecord, tallyUnreadable } from './callTally';
import { reportPage } from './reportPage';

export function reportOfLines(lines: readonly string[], flow: Flow, source: string): string {
  const tally = newTally();
  lines.forEach((line, i) => {
    const item = fromText(line, i + 1);
    if (!item) return;
    if ('unreadable' in item) tallyUnreadable(tally, item.lineNumber, item.unreadable);
    else tallyRecord(tally, item.record, { flow });
  });
  return reportPage({ flow, tally, source });
}
