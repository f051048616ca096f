import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { expectExit, runIvr } from '../support/runIvr';
import { codeBlocks, projectPages, shellWords } from './markdown';

// docs/holidays.md's "Naming a closure" shows, in two `text` blocks, what callers hear with a closure named one way
// and then the other: on the day and the evening before, in Italian and English. The page names the commands that
// say it (`npx ivr call --at … --press 2`, `--press 1` for English, and the same at the evening's instant); they are
// run here with the page's closure in the flow, and each line of the blocks must be one they print.

const page = projectPages().find((p) => p.name === 'docs/holidays.md')!;
const blocks = codeBlocks(page);
const said = blocks.filter((block) => block.lang === 'text');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-holidays-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The commands the page names: `npx ivr call --at DAY --press IT` "(and `--press EN` for English) and the same at `EVENING`". */
function namedCommands(): { it: string[]; en: string[] }[] {
  const named = /as\s+`(npx ivr call --at (\S+) --press (\d))`\s+\(and\s+`--press (\d)`\s+for English\)\s+and the same at\s+`(\S+)`/.exec(page.text);
  expect(named, 'docs/holidays.md no longer names the commands its text blocks come from').not.toBeNull();
  const [, command = '', day = '', italian = '', english = '', evening = ''] = named!;
  const args = shellWords(command).slice(2);
  const at = (instant: string, press: string) => args.map((word) => (word === day ? instant : word === italian ? press : word));
  return [day, evening].map((instant) => ({ it: at(instant, italian), en: at(instant, english) }));
}

/** The shipped flow with `closure` as its one closure, written as a flow file of its own. */
function flowWith(closure: unknown, name: string): string {
  const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
  flow.hours.closures = [closure];
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

describe('docs/holidays.md: what callers hear with a closure, as its text blocks show it', () => {
  it('has the two blocks, each of an Italian and English line for the day and for the evening before', () => {
    expect(said.map((block) => block.code.split('\n').filter(Boolean).length)).toEqual([4, 4]);
  });

  // The second block's closure is the `json flow-edit` block before it; the first's is the same days under the
  // names the prose gives ("A closure named `"la chiusura natalizia"` / `"the Christmas closure"`").
  const edit = blocks.filter((block) => block.lang === 'json' && block.tags.includes('flow-edit') && block.line < said[1]!.line).pop()!;
  const closure = (JSON.parse(edit.code) as { hours: { closures: Array<{ name: Record<string, string> }> } }).hours.closures[0]!;
  const proseNames = /A closure named\s+`"([^"]+)"`\s*\/\s*`"([^"]+)"`/.exec(page.text);
  const closures = [{ ...closure, name: { it: proseNames?.[1] ?? '', en: proseNames?.[2] ?? '' } }, closure];

  it.each([0, 1])('block %i: each line is what `ivr call` says, at the instants and with the keys the page names', async (index) => {
    expect(proseNames, 'docs/holidays.md no longer names the first closure').not.toBeNull();
    const block = said[index]!;
    const env = { IVR_FLOW_FILE: flowWith(closures[index], `closure-${index}`) };
    // The lines in the block's order: on the day, Italian then English; the evening before, the same.
    const runs = await Promise.all(namedCommands().flatMap(({ it, en }) => [runIvr(it, { env }), runIvr(en, { env })]));
    const expected = block.code.split('\n').filter(Boolean);
    expected.forEach((line, i) => {
      const run = runs[i]!;
      expectExit(run, 0);
      expect(run.stdout.split('\n'), `${block.where}: line ${i + 1} of the block`).toContain(line);
    });
  }, 60_000);
});
