import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// A file a command is told to write goes where it is told, folder and all: in
// a fresh clone `--output out/report.html` has no out/ yet, and the commands
// ended with a bare "ENOENT: no such file or directory, open ..." and exit 1.

const dir = mkdtempSync(path.join(tmpdir(), 'ivr-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--output into a folder that does not exist yet', () => {
  it('ivr report makes the folder and writes the page, exit 0', async () => {
    const page = path.join(dir, 'report', 'week', 'report.html');
    // On the fixed copy of the menu the sample records went through: a menu edit is not this test's concern.
    const run = await runIvr(['report', 'test/report/fixtures/calls.jsonl', '--flow', FIXED_FLOW_FILE, '--output', page]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Report written to ${page}`);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('ivr diagram and ivr diff --svg make the folder and draw the map there', async () => {
    const picture = path.join(dir, 'diagram', 'consumer.svg');
    const drawn = await runIvr(['diagram', '--format', 'svg', '--line', 'consumer', '--output', picture]);
    expect(drawn.stderr).toBe('');
    expect(drawn.code).toBe(0);
    expect(readFileSync(picture, 'utf8')).toContain('<svg');
    const marked = path.join(dir, 'diff', 'changes.svg');
    const diff = await runIvr(['diff', 'flows/klarna-italia.json', 'flows/klarna-italia.json', '--svg', marked]);
    expect(diff.code).toBe(0);
    expect(existsSync(marked)).toBe(true);
  });
});
