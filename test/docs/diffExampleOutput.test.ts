import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { expectExit, projectDir, runIvr } from '../support/runIvr';
import { codeBlocks, projectPages } from './markdown';

// docs/cli.md shows, in a `text` block, part of what `npx ivr diff flows/klarna-italia.json out/fri.json` prints for
// a copy of the flow that closes at 16:00 on Fridays. Its counts went stale once (8 sentences at 52 places, where
// the flow had grown to 12 at 84) with nothing to notice: here the copy is made as the page says, the command run,
// and each line of the block but its "…" must be a line of the output, in order.

const page = projectPages().find((p) => p.name === 'docs/cli.md')!;
const HEAD = 'ivr diff flows/klarna-italia.json -> out/fri.json';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivr-docs-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("docs/cli.md: ivr diff's example of a Friday closing at 16:00", () => {
  it('prints each line the page shows, in order, and exits 1', async () => {
    const block = codeBlocks(page).find((b) => b.lang === 'text' && b.code.startsWith(HEAD));
    expect(block, `docs/cli.md no longer has the text block that starts "${HEAD}"`).toBeDefined();
    const flow = JSON.parse(readFileSync(DEFAULT_FLOW_FILE, 'utf8'));
    flow.hours.weekly.fri = [{ open: '09:00', close: '16:00' }];
    const copy = path.join(tmp, 'fri.json');
    writeFileSync(copy, JSON.stringify(flow, null, 2));
    const shown = path.relative(projectDir, copy);
    const run = await runIvr(['diff', 'flows/klarna-italia.json', shown]);
    expectExit(run, 1);
    // The page names the copy out/fri.json; here it is elsewhere, so its name is put back before comparing.
    const printed = run.stdout.split(shown).join('out/fri.json').split('\n');
    // The example is of the shipped menu: after a change of it, the page is to be updated from what the command prints now.
    const fix =
      `The example is of flows/klarna-italia.json as it was: make out/fri.json from it as the page says (hours.weekly.fri closing at 16:00), ` +
      `run npx ivr diff flows/klarna-italia.json out/fri.json, and replace the block's lines from what it prints (keeping its "…" lines), ` +
      `and the counts in the paragraph "Places and entries" under it. It prints now:\n${printed.join('\n')}`;
    let at = 0;
    for (const [i, line] of block!.code.split('\n').entries()) {
      if (line.trim() === '…' || line.trim() === '') continue;
      const found = printed.indexOf(line, at);
      // The block's first line follows its opening fence.
      expect(found, `docs/cli.md:${block!.line + 1 + i} shows a line ivr diff no longer prints (searching its output from line ${at + 1} on):\n${line}\n${fix}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
