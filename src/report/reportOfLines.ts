// A report of log lines already in memory (the local host's own ivr.call
// lines), as `ivr report` makes of a file: the dev phone links to it. Each
// call once, as there (a status callback sent again logs a second line). The
// host keeps its latest lines only (src/server/callLog.ts): when it dropped
// older ones, the page says it covers the latest calls, not all of them.

import type { Flow } from '../flow/schema';
import { fromText, type RecordItem } from '../records/readRecords';
import { tallyItems } from './callTally';
import { reportPage } from './reportPage';
import { counted, grouped } from '../text/counted';

/** `dropped`: how many older lines the host let go of before these. */
export async function reportOfLines(lines: readonly string[], flow: Flow, source: string, dropped = 0): Promise<string> {
  const { tally, repeated } = await tallyItems(itemsOf(lines), { flow });
  const latestOnly = dropped > 0 ? droppedNote(lines.length, dropped) : undefined;
  return reportPage({ flow, tally, source, ...(repeated ? { repeated } : {}), ...(latestOnly ? { latestOnly } : {}) });
}

/** What the page says when the host dropped older calls' lines: its counts are of the latest calls only. */
function droppedNote(kept: number, dropped: number): string {
  return `This covers the latest calls only: this host keeps the ivr.call records of its latest ${grouped(kept)} calls, and ${counted(dropped, 'older one was', 'older ones were')} dropped. For every call, give ivr report the lines npm start printed.`;
}

async function* itemsOf(lines: readonly string[]): AsyncGenerator<RecordItem> {
  for (const [i, line] of lines.entries()) {
    const item = fromText(line, { line: i + 1 });
    if (item) yield item;
  }
}
