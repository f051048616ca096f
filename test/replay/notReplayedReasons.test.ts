import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDir, runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { forgedRecord } from '../support/forgedRecords';

// Every reason `ivr replay` gives under "Not replayed" is one docs/cli.md lists ("Records it cannot replay"), in the
// words the output uses, so a reader who meets one finds it there: two were once missing (the very long call, the
// cut input), and a file holding only such records exits 2 with "none … could be replayed", unexplained.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-replay-reasons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MENU = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
const TRANSFER = [...MENU, 'consumer-operator-hours', 'consumer-operator'];

/** A record of each kind the replay cannot run again, and words of the reason it gives, which the docs must hold too. */
const UNREPLAYABLE: { words: string; fields: Record<string, unknown> }[] = [
  { words: 'no startedAt in the record', fields: { startedAt: undefined } },
  { words: 'no path in the record', fields: { outcome: 'unknown', path: null, inputs: null, language: null, pathMissing: 'not-recorded' } },
  { words: "the record's path is incomplete", fields: { path: ['…', 'consumer-menu'], inputs: ['…', 'none'], pathMissing: 'partial' } },
  { words: 'answers were left out of the record (a very long call)', fields: { path: [...MENU, '…', 'consumer-menu'], inputs: ['none', '…', 'none'] } },
  { words: 'an input was cut in the record (over 64 characters)', fields: { inputs: ['none', `${'1'.repeat(64)}…(cut from 80 characters)`] } },
  { words: "Twilio's status was", fields: { status: 'canceled' } },
  { words: 'the caller hung up during a transfer', fields: { outcome: 'caller-hung-up-during-transfer', path: TRANSFER, inputs: ['none', '2'] } },
  { words: "Twilio's fallback URL answered it", fields: { path: [...MENU, 'consumer-menu'], inputs: ['none', 'fallback:11200'] } },
  { words: 'the flow changed during the call', fields: { startedOver: ['consumer-menu-renamed'] } },
  { words: 'cannot be played', fields: { inputs: ['none', 'x'] } },
];

function recordsFile(name: string, records: Record<string, unknown>[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

/** docs/cli.md's list of the records ivr replay cannot replay. */
function docsList(): string {
  const page = readFileSync(path.join(projectDir, 'docs/cli.md'), 'utf8');
  const section = /^### Records it cannot replay$([\s\S]*?)^#/m.exec(page);
  expect(section, 'docs/cli.md has a "Records it cannot replay" section').not.toBeNull();
  return (section?.[1] as string).replace(/\s+/g, ' ');
}

describe('ivr replay of records it cannot replay', { timeout: 60_000 }, () => {
  it('gives each its reason under "Not replayed", in words docs/cli.md lists', async () => {
    const file = recordsFile('unreplayable.jsonl', [...UNREPLAYABLE.map(({ fields }, i) => forgedRecord(i + 1, fields)), forgedRecord(99, {})]);
    const run = await runIvr(['replay', file, '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toContain(`0 of 1 calls would go differently (${UNREPLAYABLE.length} of ${UNREPLAYABLE.length + 1} records could not be replayed)`);
    expect(run.code).toBe(0);
    const reasons = run.stdout.split('\nNot replayed:\n')[1]?.split('\n').filter((line) => line.startsWith('  ')) ?? [];
    expect(reasons).toHaveLength(UNREPLAYABLE.length);
    const docs = docsList();
    UNREPLAYABLE.forEach(({ words }, i) => {
      expect(reasons.find((reason) => reason.endsWith(`: line ${i + 1}`)), `the reason of line ${i + 1}`).toContain(words);
      expect(docs, 'docs/cli.md, "Records it cannot replay"').toContain(words);
    });
  });

  it('names every line of a very long call left out, and a file of nothing else exits 2: nothing was compared', async () => {
    const long = UNREPLAYABLE.find(({ words }) => words.startsWith('answers were left out'))?.fields as Record<string, unknown>;
    const cut = UNREPLAYABLE.find(({ words }) => words.startsWith('an input was cut'))?.fields as Record<string, unknown>;
    const run = await runIvr(['replay', recordsFile('long.jsonl', [forgedRecord(1, long), forgedRecord(2, long), forgedRecord(3, cut)]), '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toContain('Not replayed:\n  2 answers were left out of the record (a very long call): lines 1, 2\n  1 an input was cut in the record (over 64 characters), so what the caller keyed is not known: line 3');
    expect(run.stderr).toContain('none of the 3 records in');
    expect(run.code).toBe(2);
  });
});
