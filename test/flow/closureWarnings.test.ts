import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lintCommand } from '../../src/cli/commands/lint';
import { runIvr } from '../support/runIvr';
import { fixedMenuToLint } from '../support/fixedMenu';

// `ivr lint` warns at closures an editor most likely wants to hear about, and
// still passes the flow (the app runs with it): one already over, and one of
// more than a month, where a year typed wrong in "until" closes the lines
// until next summer. "Today" is the flow's wall-clock date, from the clock
// the test sets.

const dir = mkdtempSync(path.join(os.tmpdir(), 'closure-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const SUMMER = { it: 'ferie estive', en: 'the summer break' };

/** The fixed copy of the menu with `closures`, named in its two languages (a language the shipped menu adds would need its own name). */
function flowWithClosures(name: string, closures: unknown[]): string {
  const flow = fixedMenuToLint();
  flow.hours.closures = closures;
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

async function lintOn(utc: string, file: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(utc));
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((text: string) => void out.push(text));
  vi.spyOn(console, 'error').mockImplementation((text: string) => void err.push(text));
  const code = await lintCommand([file]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ivr lint warns at closures, and passes the flow', () => {
  it('a closure over by today, on the wall clock of Rome: a warning to remove it, exit 0', async () => {
    const file = flowWithClosures('past', [
      { date: '2027-08-09', until: '2027-08-13', name: SUMMER },
      { date: '2027-12-24', name: { it: 'la Vigilia di Natale', en: 'Christmas Eve' } },
    ]);
    // 23:30 UTC on 13 August is already the 14th in Rome: the summer break is over, Christmas Eve to come.
    const run = await lintOn('2027-08-13T23:30:00Z', file);
    expect(run).toEqual({
      code: 0,
      err: '',
      out: `OK ${file}, with 1 warning:\n  warning at hours.closures[0], line 93: this closure ended on 2027-08-13, so callers no longer hear it\n    fix: remove it, so the list holds only the closures to come`,
    });
  });

  it('on its last day a closure is not over: no warning', async () => {
    const file = flowWithClosures('last-day', [{ date: '2027-08-09', until: '2027-08-13', name: SUMMER }]);
    expect(await lintOn('2027-08-13T21:00:00Z', file)).toEqual({ code: 0, err: '', out: `OK ${file}` });
  });

  it('a closure of more than 31 days: a warning that "until" may be a slip', async () => {
    const file = flowWithClosures('long', [{ date: '2027-08-09', until: '2028-08-13', name: SUMMER }]);
    const run = await lintOn('2027-06-01T10:00:00Z', file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      `OK ${file}, with 1 warning:\n  warning at hours.closures[0], line 93: closes the lines for 371 days in a row, from 2027-08-09 to 2028-08-13\n    fix: if that is a slip, correct the year of "date" (the first closed day) or "until" (the last)`,
    );
  });

  // A closure wins over a holiday on the same day (src/schedule/dayOff.ts): an editor who closes the lines on
  // 1 May, not knowing they are closed anyway, has callers hear the closure's name instead of the holiday's.
  const COMPANY = { it: 'chiusura aziendale', en: 'a company closure' };

  it('a one-day closure on a holiday (1 May 2027): a warning naming the holiday and the name callers hear instead, exit 0', async () => {
    const file = flowWithClosures('on-holiday', [{ date: '2027-05-01', name: COMPANY }]);
    const run = await lintOn('2027-04-01T10:00:00Z', file);
    expect(run).toEqual({
      code: 0,
      err: '',
      out:
        `OK ${file}, with 1 warning:\n  warning at hours.closures[0], line 93: 2027-05-01 is already a holiday: callers that day hear this closure's name, "chiusura aziendale", instead of the holiday's, "la Festa del Lavoro"\n` +
        '    fix: remove the closure, as the holiday closes the lines anyway; keep it only if callers should hear "chiusura aziendale" that day',
    });
    // What the warning says callers hear is what a call that day hears.
    const call = await runIvr(['call', '--to', '+390237921240', '--at', '2027-05-01T10:00'], { env: { IVR_FLOW_FILE: file } });
    expect(call.stdout).toContain('è chiuso per chiusura aziendale.');
    expect(call.stdout).not.toContain('Festa del Lavoro');
  }, 30_000);

  it('a closure of several days that takes in a holiday (a long weekend over 1 May) is meant to be said all through: no warning', async () => {
    const file = flowWithClosures('over-holiday', [{ date: '2027-04-30', until: '2027-05-03', name: COMPANY }]);
    expect(await lintOn('2027-04-01T10:00:00Z', file)).toEqual({ code: 0, err: '', out: `OK ${file}` });
  });
});
