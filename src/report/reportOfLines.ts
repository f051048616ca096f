// A report of log lines already in memory (the local host's own ivr.call
// lines), as `ivr report` makes of a file: the dev phone links to it. Each
// call once, as there (a status callback sent again logs a second line).

import type { Flow } from '../flow/schema';
import { fromText, type RecordItem } from '../records/readRecords';
import { tallyItems } from './callTally';
import { reportPage } from './reportPage';

export async function reportOfLines(lines: readonly string[], flow: Flow, source: string): Promise<string> {
  const { tally, repeated } = await tallyItems(itemsOf(lines), { flow });
  return reportPage({ flow, tally, source, ...(repeated ? { repeated } : {}) });
}

async function* itemsOf(lines: readonly string[]): AsyncGenerator<RecordItem> {
  for (const [i, line] of lines.entries()) {
    const item = fromText(line, { line: i + 1 });
    if (item) yield item;
  }
}
