import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchRecords } from '../../bench/callRecords';
import { runIvr } from '../support/runIvr';

// `npm run bench` times ivr replay and ivr report on records made from its
// templates, which stand for calls of our own flow. A template the app would
// not write (an English caller's path without the English welcome) timed a
// report that warned of every such call, and a replay that found them
// different: this keeps the templates true to the flow.

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-bench-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bench's call records", { timeout: 30_000 }, () => {
  const file = path.join(dir, 'bench.jsonl');
  writeFileSync(file, benchRecords(30));

  it('replay the same way against the shipped flow', async () => {
    const run = await runIvr(['replay', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ replayed: 30, different: 0 });
  });

  it('are reported with no warning: every key leads where the shipped flow sends it', async () => {
    const run = await runIvr(['report', file, '--output', path.join(dir, 'bench.html')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
