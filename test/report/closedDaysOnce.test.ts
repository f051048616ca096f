import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

// `ivr report` works out the period's holidays and closures once, for the summary, the holidays table and the
// calls per day alike: each day of a long period is looked up in the holiday calendar, every language.
const looked = vi.hoisted(() => ({ times: 0 }));
vi.mock('../../src/report/closedDays', async (original) => {
  const real = await original<typeof import('../../src/report/closedDays')>();
  return { ...real, closedDaysIn: (...args: Parameters<typeof real.closedDaysIn>) => (looked.times++, real.closedDaysIn(...args)) };
});
const { reportCommand } = await import('../../src/cli/commands/report');

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('ivr report and the holidays of its period', () => {
  it('looks them up once, and the page and the terminal both name them', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const output = path.join(dir, 'report.html');
    expect(await reportCommand(['test/report/fixtures/calls.jsonl', '--output', output])).toBe(0);
    expect(looked.times).toBe(1);
    // The fixture's calls run to 8 December, a holiday: named in the summary, the holidays table and the calls per day.
    expect(log.mock.calls.flat().join('\n')).toContain('Holidays and closures, the line closed all day: Tue 8 Dec (the Feast of the Immaculate Conception');
    const html = readFileSync(output, 'utf8');
    expect(html).toContain('<td data-closed-day="2026-12-08">');
    expect(html).toContain('<small>closed: <span lang="en-GB">the Feast of the Immaculate Conception</span></small>');
  });
});
