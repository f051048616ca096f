// What `ivr report` and `ivr replay` make of records files that are large
// or broken, as a user sees it: the output, the exit code, the page's
// figures. A file that cannot be read is refused, naming the file and the
// fix; it never passes as "0 calls" and all clear.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { runIvr } from '../support/runIvr';
import { callJournalDescription, identityStorageWarning } from '../../src/journal/journalSetting';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One record of a call put through on Tuesday 24 November 2026, as the app logs it. */
function record(n: number, changes: object = {}): Record<string, unknown> {
  return {
    event: 'ivr.call',
    callSid: `CA${String(n).padStart(32, '0')}`,
    line: 'consumer',
    status: 'completed',
    outcome: 'transferred',
    language: 'en',
    path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'],
    inputs: ['1', '2', 'dial:completed'],
    durationSeconds: 83,
    startedAt: '2026-11-24T10:00:00+01:00',
    from: '+39******4567',
    to: '+39******1240',
    ...changes,
  };
}

/** A record's path and keys as the shipped flow leads them (English, then 2 for the operator): `ivr report` says when keys lead elsewhere. */
const AS_THE_FLOW_LEADS = { path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'] };

/** Application Insights' JSON export: an array of rows, each record inside `message`. */
function jsonExport(records: object[], pretty = false): string {
  const rows = records.map((r) => ({ timestamp: '2026-11-24T09:01:23Z', message: JSON.stringify(r), severityLevel: 1 }));
  return pretty ? JSON.stringify(rows, null, 1) : `[${rows.map((r) => JSON.stringify(r)).join(',\n')}]`;
}

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

// On the fixed copy of the menu, whose node names the records give: a rename in the shipped menu does not reach them.
const reportOf = (records: string) => runIvr(['report', records, '--flow', FIXED_FLOW_FILE, '--output', path.join(dir, `${path.basename(records)}.html`)]);
const pageOf = (records: string) => readFileSync(path.join(dir, `${path.basename(records)}.html`), 'utf8');

describe('a JSON export of Application Insights (an array of rows)', { timeout: 120_000 }, () => {
  it('of 150,000 records is read whole by ivr report, one row at a time (no "Maximum call stack size exceeded")', async () => {
    const records = file('big.json', jsonExport(Array.from({ length: 150_000 }, (_, i) => record(i, AS_THE_FLOW_LEADS))));
    const run = await reportOf(records);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('150,000 calls, 2026-11-24 (the day of the calls): 150,000 put through');
    expect(run.code).toBe(0);
    expect(pageOf(records)).toContain('data-total="Calls">150,000<');
  });

  it('that is cut short is refused by both commands, naming the file, the line and the fix (exit 2), not read as "0 calls"', async () => {
    const whole = jsonExport([record(1), record(2), record(3)], true);
    const records = file('cut.json', whole.slice(0, whole.length - 40));
    for (const command of [['report', records, '--output', path.join(dir, 'cut.html')], ['replay', records]]) {
      const run = await runIvr(command);
      expect(run.code, command[0]).toBe(2);
      expect(run.stdout, command[0]).toBe('');
      expect(run.stderr, command[0]).toMatch(/cut\.json is not valid JSON: it ends at line 14 before its array is closed \(cut short\?\), so none of it was used\. Export it again .* or export the traces as CSV or as JSON lines/);
    }
  });

  it('with a broken row is refused, naming the line and column of the mistake (exit 2)', async () => {
    const records = file('broken.json', jsonExport([record(1), record(2)], true).replace('"severityLevel": 1\n }\n]', '"severityLevel" 1\n }\n]'));
    const run = await reportOf(records);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("broken.json is not valid JSON: line 10, column 19: Expected ':' after property name");
  });

  it('a query result ({"tables": …}) that does not parse is refused too', async () => {
    const records = file('tables.json', '{"tables":[{"name":"PrimaryResult","columns":[{"name":"message","type":"string"}],"rows":[["{\\"event\\":\\"ivr.call\\"}"]');
    const run = await reportOf(records);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tables\.json is not valid JSON: line 1, column \d+: .*cut short\?/);
  });

  it('log lines with a bracketed prefix ("[2026-…] {…}") are still read as lines', async () => {
    const records = file('prefixed.log', [record(1), record(2)].map((r) => `[2026-11-24T09:01:23.000Z] ${JSON.stringify(r)}`).join('\n'));
    const run = await reportOf(records);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 calls, 2026-11-24 (the day of the calls)');
  });
});

// A JSON document of rows, as each way of fetching one lays it out. Every record a command names must be found
// where it says: the row (`rows[N - 1]`, the array's element N) and the line, with the column when the line holds
// other rows too (one single line, so "line 1" alone would name every record alike).
const queryResult = (rows: unknown[][], indent?: number) => JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'timestamp', type: 'datetime' }, { name: 'message', type: 'string' }], rows }] }, null, indent);
const layouts = [
  { layout: 'a query result as `az monitor app-insights query` writes it, pretty-printed', write: (rows: string[][]) => queryResult(rows, 2), oneLine: false },
  { layout: 'a query result fetched from the REST API with curl, on one single line', write: (rows: string[][]) => queryResult(rows), oneLine: true },
  { layout: 'a JSON export (an array of rows) on one single line', write: (rows: string[][]) => JSON.stringify(rows.map(([timestamp, message]) => ({ timestamp, message }))), oneLine: true },
];

describe.each(layouts)('$layout', { timeout: 60_000 }, ({ layout, write, oneLine }) => {
  const { startedAt: _, ...old } = record(2);
  const rows = [record(1), old, { cut: '{"event":"ivr.call","callSid":"CA' }, record(4, { line: 'nowhere' })].map((r, i): string[] => [`2026-11-24T09:0${i}:00Z`, 'cut' in r ? String(r.cut) : JSON.stringify(r)]);
  const text = write(rows);
  const name = layout.includes('REST') ? 'rest' : layout.includes('array') ? 'array' : 'az';
  /** The row a command's words name ("row 2, line 22" or "row 2, line 1, column 606"), and the text at that place of the file. */
  const named = (words: string, inText = text, inRows = rows) => {
    const [, row, line, column] = /^row (\d+), line (\d+)(?:, column (\d+))?$/.exec(words) ?? [];
    expect(column !== undefined, `${words}: a column where the line holds other rows`).toBe(oneLine);
    const atPlace = (inText.split('\n')[Number(line) - 1] ?? '').slice(column ? Number(column) - 1 : 0).trimStart();
    return { message: inRows[Number(row) - 1]?.[1] ?? '', atPlace };
  };
  /** The first CallSid (or what is left of it) in `text`, its quotes escaped or not. */
  const callSid = (text: string) => /CA\d*/.exec(text)?.[0];
  const PLACE = 'row \\d+, line \\d+(?:, column \\d+)?';

  it('ivr replay names each record by its row and its place in the file', async () => {
    const run = await runIvr(['replay', file(`week-${name}.json`, text)]);
    expect(run.code).toBe(1);
    const notReplayed = named(new RegExp(`1 no startedAt in the record \\(written by an older version\\): (${PLACE})$`, 'm').exec(run.stdout)?.[1] ?? '');
    expect(callSid(notReplayed.message)).toBe(`CA${'2'.padStart(32, '0')}`);
    expect(callSid(notReplayed.atPlace)).toBe(`CA${'2'.padStart(32, '0')}`);
    const unreadable = named(new RegExp(`1 unreadable record skipped: (${PLACE}) \\(`).exec(run.stdout)?.[1] ?? '');
    expect(unreadable.message).toBe('{"event":"ivr.call","callSid":"CA');
    expect(callSid(unreadable.atPlace)).toBe('CA');
    const example = named(new RegExp(`e\\.g\\. record at (${PLACE}): give --flow`).exec(run.stdout)?.[1] ?? '');
    expect(example.message).toContain('nowhere');
    expect(callSid(example.atPlace)).toBe(`CA${'4'.padStart(32, '0')}`);
  });

  it("ivr report's summary and page name the record it could not read the same way", async () => {
    const records = file(`week-${name}-report.json`, text);
    const run = await reportOf(records);
    expect(run.code).toBe(0);
    const words = new RegExp(`1 record could not be read: (${PLACE}) \\(names ivr.call, but its JSON object is missing or cut short\\)`).exec(run.stdout)?.[1] ?? '';
    expect(callSid(named(words).atPlace)).toBe('CA');
    expect(pageOf(records)).toContain(`1 record could not be read and is left out (${words}: names ivr.call`);
  });

  it('names the same place in the file saved with a byte-order mark, as editors count columns (they do not show it)', async () => {
    const placeIn = async (records: string) => new RegExp(`1 record could not be read: (${PLACE}) \\(`).exec((await reportOf(records)).stdout)?.[1];
    const plain = await placeIn(file(`plain-${name}.json`, text));
    expect(plain).toMatch(new RegExp(`^${PLACE}$`));
    expect(await placeIn(file(`bom-${name}.json`, `\ufeff${text}`))).toBe(plain);
  });

  it('with no record that can be read, both commands refuse it naming each record so (exit 2)', async () => {
    const unreadable = [rows[2] as string[], ['2026-11-24T09:05:00Z', JSON.stringify(record(5, { outcome: 'lost' }))]];
    const records = file(`unreadable-${name}.json`, write(unreadable));
    for (const command of [['report', records, '--output', path.join(dir, 'none.html')], ['replay', records]]) {
      const run = await runIvr(command);
      expect(run.code, command[0]).toBe(2);
      const [, first, second] = new RegExp(`none of the 2 ivr.call records in .* could be read \\((${PLACE}): names ivr.call, .*; (${PLACE}): "outcome" is "lost", not one of `).exec(run.stderr) ?? [];
      expect(callSid(named(first ?? '', write(unreadable), unreadable).atPlace), command[0]).toBe('CA');
      expect(callSid(named(second ?? '', write(unreadable), unreadable).message), command[0]).toBe(`CA${'5'.padStart(32, '0')}`);
      expect(callSid(named(second ?? '', write(unreadable), unreadable).atPlace), command[0]).toBe(`CA${'5'.padStart(32, '0')}`);
    }
  });
});

describe('a file with no usable record', { timeout: 60_000 }, () => {
  it('every record unreadable: both commands refuse it, naming the lines (exit 2), no page, no "0 of 0"', async () => {
    const records = file('unreadable.log', ['{"event":"ivr.call","line":', JSON.stringify({ ...record(1), outcome: 'lost' })].join('\n'));
    const report = await reportOf(records);
    expect(report.code).toBe(2);
    expect(report.stdout).toBe('');
    expect(report.stderr).toContain('none of the 2 ivr.call records in');
    expect(report.stderr).toMatch(/could be read \(line 1: names ivr.call, but its JSON object is missing or cut short; line 2: "outcome" is "lost", not one of /);
    expect(() => pageOf(records)).toThrow();
    const replay = await runIvr(['replay', records]);
    expect(replay.code).toBe(2);
    expect(replay.stdout).not.toContain('0 of 0 calls');
    expect(replay.stderr).toContain('none of the 2 ivr.call records in');
  });

  it('no record replayable: ivr replay says nothing was compared and exits 2, not "0 of 0" and all clear', async () => {
    const { startedAt: _, ...old } = record(1);
    const records = file('old.log', `${JSON.stringify(old)}\n${JSON.stringify({ ...record(2), status: 'busy', outcome: 'busy', path: null, inputs: null, pathMissing: 'not-recorded' })}\n`);
    const run = await runIvr(['replay', records]);
    expect(run.stdout).toContain('1 no startedAt in the record (written by an older version): line 1');
    expect(run.stdout).toContain('1 no path in the record (not-recorded): line 2');
    expect(run.stderr).toContain('none of the 2 records in');
    expect(run.stderr).toContain('could be replayed (the reasons are above), so nothing was compared');
    expect(run.code).toBe(2);
  });
});

describe('records with a field missing or of the wrong kind', { timeout: 60_000 }, () => {
  // One readable call, then records as a hand edit or another program leaves them.
  const { callSid: _sid, language: _language, ...noSidNoLanguage } = record(2);
  const records = () =>
    file(
      'fields.log',
      [record(1, AS_THE_FLOW_LEADS), { ...noSidNoLanguage, line: 42 }, { ...record(3), language: null, outcome: 'lost', startedAt: 'yesterday' }, { ...record(4), path: ['consumer-welcome', 5], durationSeconds: -1 }]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
  const SAID =
    'line 2 ("callSid" is missing; "line" is 42, where text is expected; "language" is missing (it may be null, but must be there)); ' +
    'line 3 ("outcome" is "lost", not one of transferred, menu-hung-up, caller-hung-up-in-menu, caller-hung-up-during-transfer, app-error, unknown, busy, no-answer, failed, canceled; "startedAt" is "yesterday", not an ISO 8601 time with its offset (e.g. 2026-11-24T10:00:00+01:00)); ' +
    'line 4 ("path[1]" is 5, where text is expected; "durationSeconds" is -1, less than 0)';
  const FIX = 'Such records are not as the app writes them (cut short, edited, or written by another program): export them again, or correct them as docs/call-records.md describes each field.';

  it('ivr report names each field in plain words (missing, what it is instead), null "language" read, then the fix', async () => {
    const run = await reportOf(records());
    expect(run.stdout).toContain(`3 records could not be read: ${SAID}. ${FIX}\n`);
    expect(run.stdout).toMatch(/^1 call, /);
    expect(run.stdout).not.toMatch(/expected string|received/);
    expect(run.code).toBe(0);
  });

  it('ivr replay says the same', async () => {
    const run = await runIvr(['replay', records(), '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toContain(`3 unreadable records skipped: ${SAID}. ${FIX}`);
    expect(run.code).toBe(0);
  });
});

describe("Application Insights' CSV export", { timeout: 60_000 }, () => {
  it('with a row whose quoted field is never closed: that row is named, every row after it is read', async () => {
    const [header, ...rows] = readFileSync(path.join(__dirname, '../report/fixtures/appinsights-traces.csv'), 'utf8').trimEnd().split('\n');
    // A trace with a line break inside its message (a stack trace) is one row over three lines, as before.
    const multiline = '"11/24/2026, 9:00:00.000 AM","[Error] failed\n    at handler (index.js:1:2)\n    at run",3,trace';
    const broken = (rows[1] as string).replace('}",1,trace', '},1,trace');
    const records = file('broken.csv', [header, multiline, rows[0], broken, ...rows.slice(2)].join('\n'));
    const run = await reportOf(records);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5 calls, 2026-11-24 to 2026-12-08 (from the first call to the last)');
    expect(run.stdout).toContain('1 record could not be read: line 6 (a quoted CSV field opened on this line is never closed (the row is cut short))');
    expect(pageOf(records)).toContain('data-total="Calls">5<');
  });
});

describe('a log saved as the README says (`npm start | tee calls.log`), with the app\'s own lines that name ivr.call', { timeout: 60_000 }, () => {
  it('reads the calls and takes the start-up line and the journal warnings for what they are: no record, not an unreadable one', async () => {
    const calls = readFileSync(path.join(__dirname, '../report/fixtures/calls.jsonl'), 'utf8').split('\n').slice(0, 7); // six calls and one other line
    const notes = [
      callJournalDescription({ kind: 'memory' }),
      identityStorageWarning({ AzureWebJobsStorage__accountName: 'ivrstore' }, { kind: 'memory' }) as string,
      'call journal (Azure Table Storage; until it works, ivr.call lines may lack paths): write failed (503 Service Unavailable)',
    ];
    expect(notes.every((note) => note.includes('ivr.call'))).toBe(true);
    const records = file('tee.log', [notes[0], ...calls.slice(0, 3), notes[1], notes[2], ...calls.slice(3)].join('\n'));
    const run = await reportOf(records);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 calls, 2026-11-24 to 2026-12-08 (from the first call to the last)');
    expect(run.stdout).not.toContain('could not be read');
    const replay = await runIvr(['replay', records]);
    expect(replay.stdout).not.toContain('unreadable');
  });
});

describe('records of lines and nodes the flow does not have', { timeout: 60_000 }, () => {
  const partner = record(1, { line: 'partner' });
  const renamed = record(2, { path: ['consumer-welcome', 'consumer-hours', 'old-menu'], inputs: ['none'], outcome: 'caller-hung-up-in-menu' });

  it('ivr report says so on the page and on stderr, naming them, and marks a node it names that the flow lacks', async () => {
    const records = file('changed.log', [partner, renamed, record(3)].map((r) => JSON.stringify(r)).join('\n'));
    const run = await reportOf(records);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Callers hung up most at: old-menu (1, not in the flow)');
    const note = '1 call was on a line the flow does not have (partner 1), on no map; 1 call passed nodes the flow does not have, or not on their line (old-menu 1), left out of the maps: the flow has changed since these calls, or is not the one they went through (give it with --flow)';
    expect(run.stderr).toContain(`ivr report: not in the flow test/fixtures/fixed-menu/klarna-italia.json: ${note}`);
    // On the page the names the records gave are isolated (U+2068 … U+2069), so no bidi control in one reorders the sentence.
    const onPage = note.replace('partner', '\u2068partner\u2069').replace('old-menu', '\u2068old-menu\u2069');
    expect(pageOf(records)).toContain(`<p class="warn" data-not-in-flow>Not in this flow: ${onPage}.</p>`);
  });

  it('ivr report says nothing of the kind when the flow has every line and node', async () => {
    const records = file('unchanged.log', JSON.stringify(record(1, AS_THE_FLOW_LEADS)));
    const run = await reportOf(records);
    expect(run.stderr).toBe('');
    expect(pageOf(records)).not.toContain('data-not-in-flow');
  });

  it("ivr replay counts the calls of a line the flow no longer has as going differently (exit 1), with the record's line", async () => {
    const flow = JSON.parse(readFileSync(path.join(__dirname, '../../flows/klarna-italia.json'), 'utf8'));
    flow.lines.business = flow.lines.merchant;
    delete flow.lines.merchant;
    const flowFile = file('renamed-line.json', JSON.stringify(flow));
    const merchant = record(4, { line: 'merchant', outcome: 'menu-hung-up', language: 'it', path: ['merchant-welcome', 'merchant-hours', 'merchant-holiday-closed', 'goodbye'], inputs: ['none'], startedAt: '2026-12-08T11:00:00+01:00' });
    const records = file('merchant.log', `${JSON.stringify(merchant)}\n`);
    const run = await runIvr(['replay', records, '--flow', flowFile]);
    expect(run.stdout).toContain('1 of 1 calls would go differently');
    expect(run.stdout).toContain('1 call on the merchant line, which this flow does not have:');
    expect(run.stdout).toContain('  e.g. record at line 1: give --flow the flow these calls went through, or put the "merchant" line back');
    expect(run.code).toBe(1);
  });
});

describe('ivr replay of records older than "sms": "declined" (commit a8496e4)', { timeout: 60_000 }, () => {
  // A consumer's call on the 8 December holiday, offered the chat-link SMS and silent at the offer: today's record
  // says sms "declined"; one written before says nothing of the SMS, as if the caller had been on a landline.
  // Then the goodbye. On the fixed copy of the menu, whose node names a rename in the shipped menu does not move.
  const today = record(5, { outcome: 'menu-hung-up', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms', 'goodbye'], inputs: ['none', 'none'], sms: 'declined', startedAt: '2026-12-08T11:00:00+01:00' });
  const { sms: _, ...older } = today;

  it('replays an older record whose offer was declined the same way, not as a difference that comes from its age', async () => {
    // Two calls (two CallSids): one call's records would be read as one.
    const records = file('older.log', `${JSON.stringify({ ...older, callSid: `CA${'6'.padStart(32, '0')}` })}\n${JSON.stringify(today)}\n`);
    const run = await runIvr(['replay', records, '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 2 calls would go differently$/m);
    expect(run.code).toBe(0);
  });

  it('still names a real difference in such a record (a flow that no longer offers the SMS on holidays)', async () => {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    flow.nodes['holiday-closed'].next = 'goodbye';
    const flowFile = file('no-offer-on-holidays.json', JSON.stringify(flow));
    const records = file('older-changed.log', `${JSON.stringify(older)}\n`);
    const run = await runIvr(['replay', records, '--flow', flowFile]);
    expect(run.stdout).toContain('1 of 1 calls would go differently');
    expect(run.code).toBe(1);
  });
});

describe('ivr replay of records from before "sms": "unanswered" (7 December 2026)', { timeout: 60_000 }, () => {
  // A consumer's call on the 8 December holiday, the caller hanging up at the chat-link SMS offer without answering it:
  // today's record says sms "unanswered", one written before said "declined". On the fixed copy of the menu.
  const today = record(7, { outcome: 'caller-hung-up-in-menu', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms'], inputs: ['none'], sms: 'unanswered', startedAt: '2026-12-08T11:00:00+01:00' });
  const older = { ...today, callSid: `CA${'8'.padStart(32, '0')}`, sms: 'declined' };

  it('replays both as they went: an older record\'s "declined" offer that got no answer is not a difference', async () => {
    const run = await runIvr(['replay', file('unanswered.log', `${JSON.stringify(older)}\n${JSON.stringify(today)}\n`), '--flow', FIXED_FLOW_FILE]);
    expect(run.stdout).toMatch(/^0 of 2 calls would go differently$/m);
    expect(run.code).toBe(0);
  });
});

describe('ivr report and ivr replay refuse what they cannot use, up front (exit 2)', { timeout: 60_000 }, () => {
  const records = () => file('one.log', `${JSON.stringify(record(1))}\n`);

  it('a --from or --to that is no day of the calendar, or --from after --to', async () => {
    // A date in the right form that is no day is told so, and why: its form is not what is wrong.
    for (const [option, day, says] of [
      ['--from', '2026-02-30', '--from 2026-02-30 is not a day: February 2026 has 28 days'],
      ['--from', '2026-11-31', '--from 2026-11-31 is not a day: November 2026 has 30 days'],
      ['--to', '2026-13-01', '--to 2026-13-01 is not a day: months run from 01 to 12'],
      ['--to', '2026-12-00', '--to 2026-12-00 is not a day: days of the month start at 01'],
      ['--from', '1/12/2026', '--from takes a date of the calendar, YYYY-MM-DD (not 1/12/2026)'],
    ] as const) {
      const run = await runIvr(['report', records(), '--output', path.join(dir, 'dates.html'), option, day]);
      expect(run.code, day).toBe(2);
      expect(run.stderr, day).toContain(says);
    }
    const backwards = await runIvr(['report', records(), '--output', path.join(dir, 'dates.html'), '--from', '2026-11-30', '--to', '2026-11-01']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from 2026-11-30 is after --to 2026-11-01; give the first day, then the last');
    expect(() => readFileSync(path.join(dir, 'dates.html'))).toThrow();
  });

  it('a folder given as --output or as RECORDS, with the fix, not a raw EISDIR', async () => {
    const output = await runIvr(['report', records(), '--output', dir]);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain(`--output ${dir} is a folder; give the page's file (e.g. ${path.join(dir, 'report.html')})`);
    for (const command of [['report', dir, '--output', path.join(dir, 'x.html')], ['replay', dir]]) {
      const run = await runIvr(command);
      expect(run.code, command[0]).toBe(2);
      expect(run.stderr, command[0]).toContain(`${dir} is a folder; give the records file in it`);
    }
  });
});

describe('a log saved as UTF-16LE (Windows PowerShell\'s ">")', { timeout: 60_000 }, () => {
  it('is read like UTF-8: its calls are counted and replayed', async () => {
    const text = `some other line\r\n${JSON.stringify(record(1))}\r\n${JSON.stringify(record(2, { outcome: 'caller-hung-up-in-menu', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['1', 'none'] }))}\r\n`;
    const records = path.join(dir, 'powershell.log');
    writeFileSync(records, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const report = await reportOf(records);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('2 calls, 2026-11-24 (the day of the calls): 1 put through, 1 ended in the menu');
    const noBom = path.join(dir, 'powershell-nobom.log');
    writeFileSync(noBom, Buffer.from(text, 'utf16le'));
    const replay = await runIvr(['replay', noBom]);
    expect(replay.stdout).toMatch(/^\d of 2 calls would go differently$/m);
  });

  it('UTF-16 big-endian is refused with the fix (exit 2)', async () => {
    const records = path.join(dir, 'big-endian.log');
    writeFileSync(records, Buffer.from(Buffer.from(`\uFEFF${JSON.stringify(record(1))}\n`, 'utf16le')).swap16());
    const run = await reportOf(records);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('big-endian.log is written in UTF-16 big-endian; save it as UTF-8 (or UTF-16LE) and give it again');
  });
});

it("the report's page says of one record without a time that it is not shown, in good grammar", async () => {
  const { startedAt: _, ...undated } = record(1);
  const records = file('undated.log', `${JSON.stringify(undated)}\n${JSON.stringify(record(2))}\n`);
  await reportOf(records);
  expect(pageOf(records)).toContain(' 1 record has no time and is not shown here.');
});

it("the report's page gives the median length of the calls of each outcome, from Twilio's CallDuration", async () => {
  const calls = [
    record(1, { durationSeconds: 83 }),
    record(2, { durationSeconds: 100 }),
    record(3, { durationSeconds: 3600 }),
    record(4, { outcome: 'caller-hung-up-in-menu', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['1', 'none'], durationSeconds: 40 }),
    record(5, { outcome: 'caller-hung-up-in-menu', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu'], inputs: ['1', 'none'], durationSeconds: 51 }),
    record(6, { outcome: 'busy', status: 'busy', path: null, inputs: null, language: null, pathMissing: 'not-recorded', durationSeconds: null }),
  ];
  const records = file('durations.log', calls.map((c) => JSON.stringify(c)).join('\n'));
  const run = await reportOf(records);
  expect(run.code).toBe(0);
  const page = pageOf(records);
  // The hour-long call does not pull the median of those put through; two calls give the mean of the two.
  expect(page).toContain('<tr><th scope="row">put through to an operator <small><code>transferred</code></small></th><td>3</td><td data-median="transferred">1:40</td></tr>');
  expect(page).toContain('<td data-median="caller-hung-up-in-menu">0:46</td>');
  // A call without a duration is not timed.
  expect(page).not.toContain('data-median="busy"');
});
