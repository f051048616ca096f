// `ivr report` run on records written for a test, and the rows of the map's table of arrows its page holds:
// shared by the tests of what the map says of callers' keys.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runIvr, type IvrRun } from '../support/runIvr';

/** Writes `records` (ivr.call lines) to `dir/name.jsonl`, reports them with `flowFile`: the run, and the page without the isolation marks round record values. */
export async function reportRecords(dir: string, name: string, records: readonly string[], flowFile: string): Promise<{ run: IvrRun; html: string }> {
  const file = path.join(dir, `${name}.jsonl`);
  writeFileSync(file, records.join('\n') + '\n');
  const output = path.join(dir, `${name}.html`);
  const run = await runIvr(['report', file, '--output', output, '--flow', flowFile]);
  return { run, html: existsSync(output) ? readFileSync(output, 'utf8').replace(/[\u2068\u2069]/g, '') : '' };
}

/** The rows of the table of arrows of the `line` map: from, key or outcome, to, calls, as the page says them. */
export function arrowRows(html: string, line: string): string[][] {
  const table = new RegExp(`<table data-map-moves><caption>Calls along each arrow of the ${line} line[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).map((cell) => cell.replace(/&amp;/g, '&')));
}
