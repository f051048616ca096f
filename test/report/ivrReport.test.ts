// `ivr report RECORDS --output FILE`: a stretch of calls as one HTML page.
// First on hand-made records whose every number is known (JSON lines, and
// the same calls as Application Insights exports them), then on records
// made by real calls through the local host, opened in Debian's Chromium:
// no page error, no network request, text contrast and labels checked by
// axe-core, and a screenshot kept in out/browser/.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveFaketime, startHostProcess, type HostProcess } from '../support/hostProcess';
import { projectDir, runIvr } from '../support/runIvr';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { textBlock } from '../docs/markdown';

const fixtures = path.join(__dirname, 'fixtures');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `ivr report` of `records`, on the fixed copy of the menu unless the options give a --flow: the records here are
 * calls through its nodes at its hours, which an editor's change of the shipped menu (a node renamed, a closure
 * added) must not make into calls of another menu.
 */
async function report(records: string, ...options: string[]) {
  const output = path.join(dir, `${path.basename(records)}-${options.join('').replace(/[\\/]/g, '_')}.html`);
  const flow = options.includes('--flow') ? [] : ['--flow', FIXED_FLOW_FILE];
  const run = await runIvr(['report', records, '--output', output, ...flow, ...options]);
  return { run, html: existsSync(output) ? readFileSync(output, 'utf8') : '', output };
}

/** The number a page shows in an element marked with `attribute="name"`. */
function shown(html: string, attribute: string, name: string): string | undefined {
  const match = new RegExp(`${attribute}="${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1]?.trim();
}

describe('ivr report on known records', { timeout: 30_000 }, () => {
  it('counts every call, names the records it cannot read, and prints a summary', async () => {
    // The sample records were made on the menu of December 2026: its hours say which calls came while closed.
    const { run, html } = await report(path.join(fixtures, 'calls.jsonl'), '--flow', FIXED_FLOW_FILE);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 calls, 2026-11-24 to 2026-12-08 (from the first call to the last): 1 put through, 4 ended in the menu (1 of them after hours, 1 on a holiday), 1 ended otherwise (1 busy); SMS 1 sent, 1 failed, 0 declined, 0 offers unanswered');
    expect(run.stdout).toContain('Callers hung up most at: consumer-menu (1)');
    expect(run.stdout).toContain('2 records could not be read: line 8 (names ivr.call, but its JSON object is missing or cut short); line 9 ("callSid" is missing; "line" is 42, where text is expected; "language" is missing (it may be null, but must be there)). Such records are not as the app writes them');
    expect(shown(html, 'data-total', 'Calls')).toBe('6');
    // The chat-link SMS: one sent, one refused; the merchant's holiday call heard no offer (merchants get none).
    expect([shown(html, 'data-total', 'SMS sent'), shown(html, 'data-total', 'SMS failed'), shown(html, 'data-total', 'SMS declined')]).toEqual(['1', '1', '0']);
    expect(shown(html, 'data-count', 'line:consumer')).toBe('5');
    expect(shown(html, 'data-count', 'line:merchant')).toBe('1');
    expect(shown(html, 'data-count', 'outcome:menu-hung-up')).toBe('3');
    // One call began outside the weekly hours (Tuesday 20:05), one on the 8 December holiday, in Tuesday's open hours: both while closed.
    expect(shown(html, 'data-closed-hours', '2')).toBe('2');
    expect(html).toContain('title="Tuesday 10:00-11:00: 2 calls"');
    expect(html).toContain('title="Tuesday 11:00-12:00: 1 call, 1 while closed"');
    expect(html).toContain('title="Tuesday 20:00-21:00: 1 call, line closed"');
    expect(html).toContain('title="Wednesday 09:00-10:00: 2 calls"');
    // Transfers: the consumer operator was tried twice, answered once, busy once.
    expect(html).toMatch(/<th scope="row"><bdi>consumer-operator<\/bdi><\/th><td>[^<]*<\/td><td>2<\/td><td>1<\/td><td>1<\/td>/);
    // The map: the menu where a caller gave up is marked, with its counts; the call that hung up there is the one that ended there, not one more.
    expect(html).toMatch(/<g class="node node-menu gave-up" data-node="consumer-menu">[\s\S]*?3 calls, 1 ended here, hung up before pressing a key</);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('counts a call told at the transfer that the line has closed as after hours, not on a holiday', async () => {
    // The check before a transfer sends closed and holiday to one node: a holiday cannot begin in opening hours.
    const late = path.join(dir, 'late.jsonl');
    const record = { event: 'ivr.call', callSid: `CA${'7'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'closed', 'chat-link-sms', 'goodbye'], inputs: ['none', '2', 'none'], durationSeconds: 70, startedAt: '2026-11-24T16:59:30+01:00', from: '+39******4567', to: '+39******1240' };
    writeFileSync(late, `${JSON.stringify(record)}\n`);
    const { run } = await report(late);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 call, 2026-11-24 (the day of the calls): 0 put through, 1 ended in the menu (1 of them after hours, 0 on a holiday);');
  });

  it("draws each line's map with that line's calls only, also in the boxes the lines share", async () => {
    const { html } = await report(path.join(fixtures, 'calls.jsonl'));
    // Each map is one <svg>; the merchant line had one call, on the 8 December holiday.
    const maps = html.split('<svg').slice(1);
    const merchant = maps.find((svg) => svg.includes('data-node="merchant-welcome"')) ?? '';
    const consumer = maps.find((svg) => svg.includes('data-node="consumer-welcome"')) ?? '';
    const box = (svg: string, node: string) => new RegExp(`data-node="${node}">[\\s\\S]*?(\\d+ calls?[^<]*)<`).exec(svg)?.[1];
    expect(box(merchant, 'merchant-holiday-closed')).toBe('1 call');
    expect(box(merchant, 'goodbye')).toBe('1 call, 1 ended here');
    expect(box(merchant, 'merchant-closed')).toBe('0 calls');
    // The consumer line reaches the merchant's nodes too (9 in its menu), but none of its calls went there.
    expect(box(consumer, 'merchant-holiday-closed')).toBe('0 calls');
    // The consumer line: the evening call reached closed and the SMS offer, the busy operator's caller the offer too;
    // both records say the offer was made (sms sent, failed): the offer box counts offers.
    expect(box(consumer, 'closed')).toBe('1 call');
    expect(new RegExp('data-node="chat-link-sms">[\\s\\S]*?>(\\d+ offered the SMS)<[\\s\\S]*?>(\\d+ not offered)<').exec(consumer)?.slice(1)).toEqual(['2 offered the SMS', '0 not offered']);
    expect(box(consumer, 'goodbye')).toBe('2 calls, 2 ended here');
    expect(box(consumer, 'holiday-closed')).toBe('0 calls');
  });

  it("counts the merchant line's closed and holiday calls recorded before it had its own messages", async () => {
    // Until da56c02 merchant-hours led to the consumer line's closed and holiday-closed; a week that spans the change holds both.
    const spanning = path.join(dir, 'spanning.jsonl');
    const merchant = (n: number, startedAt: string, nodes: string[]) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'merchant', status: 'completed', outcome: 'menu-hung-up', language: 'it', path: ['merchant-welcome', 'merchant-hours', ...nodes], inputs: ['none', 'none'], durationSeconds: 30, startedAt, from: '+39******4567', to: '+39******1250' });
    const records = [
      merchant(1, '2026-11-24T20:00:00+01:00', ['closed', 'chat-link-sms', 'goodbye']),
      merchant(2, '2026-12-08T11:00:00+01:00', ['holiday-closed', 'chat-link-sms', 'goodbye']),
      merchant(3, '2026-12-09T20:00:00+01:00', ['merchant-closed', 'goodbye']),
    ];
    writeFileSync(spanning, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { run, html } = await report(spanning);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 calls, 2026-11-24 to 2026-12-09 (from the first call to the last): 0 put through, 3 ended in the menu (2 of them after hours, 1 on a holiday);');
    // The merchant menu's 9 leads on to the consumer menu, so the merchant map draws the consumer's closed
    // messages again (behind the consumer line's hours check): the old calls count on them, with no note.
    expect(run.stderr).not.toContain('passed nodes the flow does not have');
    const merchantMap = html.split('<svg').slice(1).find((svg) => svg.includes('data-node="merchant-welcome"')) ?? '';
    const box = (node: string) => new RegExp(`data-node="${node}">[\\s\\S]*?(\\d+ calls?[^<]*)<`).exec(merchantMap)?.[1];
    expect([box('closed'), box('holiday-closed'), box('merchant-closed')]).toEqual(['1 call', '1 call', '1 call']);
  });

  /** The fixed copy of the menu, open 08:30-18:30 on weekdays and named apart, in a file of its own. */
  function extendedHoursFlow(): string {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    flow.name = 'Klarna Italia, extended hours';
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) flow.hours.weekly[day] = [{ open: '08:30', close: '18:30' }];
    const file = path.join(dir, 'extended-hours.json');
    writeFileSync(file, JSON.stringify(flow, null, 2));
    return file;
  }

  it('counts each call against the opening hours at the minute it began, and marks the hours the line opens or closes in', async () => {
    // Hours of 08:30-18:30: a call at 08:10 was told the line was closed, though the line opens within that hour.
    const call = (n: number, startedAt: string, nodes: string[]) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it', path: ['consumer-welcome', 'consumer-hours', ...nodes], inputs: ['none', 'none'], durationSeconds: 30, startedAt, from: '+39******4567', to: '+39******1240' });
    const records = path.join(dir, 'extended-hours.jsonl');
    const closed = ['closed', 'chat-link-sms', 'goodbye'];
    writeFileSync(records, [call(1, '2026-11-23T08:10:00+01:00', closed), call(2, '2026-11-23T08:45:00+01:00', ['consumer-menu']), call(3, '2026-11-23T18:40:00+01:00', closed), call(4, '2026-11-23T18:10:00+01:00', ['consumer-menu'])].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { run, html } = await report(records, '--flow', extendedHoursFlow());
    expect(run.code, run.stderr).toBe(0);
    expect(shown(html, 'data-closed-hours', '2')).toBe('2');
    expect(html).toContain('2</strong> calls came while the line was closed');
    // No holiday on 23 November 2026, and the reader is told so.
    expect(html).toContain('<p data-closed-days="0">No holiday or closure in the period: every day kept the weekly opening hours.</p>');
    // The hours the line opens and closes in are part open: each says when, and how many of its calls came while closed (outlined).
    expect(html).toMatch(/<td class="open part wanted"[^>]*title="Monday 08:00-09:00: 2 calls, line open 08:30-09:00, 1 while closed">2<span class="visually-hidden"> \(1 while closed\)<\/span><\/td>/);
    expect(html).toContain('title="Monday 18:00-19:00: 2 calls, line open 18:00-18:30, 1 while closed"');
    expect(html).toMatch(/<td class="open part"[^>]*title="Tuesday 08:00-09:00: 0 calls, line open 08:30-09:00"/);
    expect(html).toContain('title="Monday 10:00-11:00: 0 calls"');
  });

  it('names the holidays and closures of the period beside the hour chart, and counts their calls as calls while closed, not in open hours', async () => {
    // The fixed copy of the menu, with a company day off on Friday 27 November; 8 December is a public holiday. Both
    // fall on weekdays whose hours are open: the chart adds the weeks up, so their calls sit in hours with a green bar.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    flow.hours.closures = [{ date: '2026-11-27', name: { it: 'la giornata aziendale', en: 'the company day' } }];
    const flowFile = path.join(dir, 'company-day.json');
    writeFileSync(flowFile, JSON.stringify(flow, null, 2));
    const call = (n: number, startedAt: string, line: string, nodes: string[]) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line, status: 'completed', outcome: 'menu-hung-up', language: 'it', path: nodes, inputs: ['none'], durationSeconds: 30, startedAt, from: '+39******4567', to: '+39******1240' });
    const records = path.join(dir, 'holidays.jsonl');
    writeFileSync(
      records,
      [
        call(1, '2026-12-01T11:10:00+01:00', 'consumer', ['consumer-welcome', 'consumer-hours', 'consumer-menu']),
        call(2, '2026-12-08T11:20:00+01:00', 'merchant', ['merchant-welcome', 'merchant-hours', 'merchant-holiday-closed', 'goodbye']),
        call(3, '2026-12-08T11:40:00+01:00', 'consumer', ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms', 'goodbye']),
        call(4, '2026-11-27T10:00:00+01:00', 'consumer', ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms', 'goodbye']),
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const { run, html } = await report(records, '--flow', flowFile, '--from', '2026-11-23', '--to', '2026-12-13');
    expect(run.code, run.stderr).toBe(0);
    // The three calls that met the closed line are counted as such, and outlined in the hours they came in.
    expect(shown(html, 'data-closed-hours', '3')).toBe('3');
    expect(html).toContain('3</strong> calls came while the line was closed');
    expect(html).toMatch(/<td class="open wanted"[^>]*title="Tuesday 11:00-12:00: 3 calls, 2 while closed">3<span class="visually-hidden"> \(2 while closed\)<\/span><\/td>/);
    expect(html).toMatch(/<td class="open wanted"[^>]*title="Friday 10:00-11:00: 1 call, 1 while closed">/);
    // Beside the chart: which days were closed all day, named, and how many calls came on each.
    expect(html).toContain('<p data-closed-days="2">Holidays and closures in the period, the line closed all day: 2 days, with <strong data-closed-day-calls="3">3</strong> calls.');
    // The names are those callers heard after "closed for" (the flow's spokenNames), in each language: Italian callers heard Italian ones.
    expect(html).toContain('<th scope="col">Day</th><th scope="col">Italian callers were told: closed for</th><th scope="col">English callers were told: closed for</th><th scope="col">Calls</th>');
    expect(html).toContain('<tr><th scope="row">Fri 27 Nov 2026</th><td lang="it-IT">la giornata aziendale</td><td lang="en-GB">the company day</td><td data-closed-day="2026-11-27">1</td></tr>');
    expect(html).toContain("<tr><th scope=\"row\">Tue 8 Dec 2026</th><td lang=\"it-IT\">l'Immacolata</td><td lang=\"en-GB\">the Feast of the Immaculate Conception</td><td data-closed-day=\"2026-12-08\">2</td></tr>");
    // In calls per day, a closed day's few calls are not taken for an outage: the row says the line was closed, and why.
    expect(html).toContain('<tr><th scope="row">Fri 27 Nov 2026 <small>closed: <span lang="en-GB">the company day</span></small></th><td data-day="2026-11-27">');
    expect(html).toContain('<tr><th scope="row">Tue 8 Dec 2026 <small>closed: <span lang="en-GB">the Feast of the Immaculate Conception</span></small></th><td data-day="2026-12-08">');
    expect(html).toContain('<tr><th scope="row">Mon 7 Dec 2026</th><td data-day="2026-12-07">');
    // The terminal summary says so too, with each day's calls.
    expect(run.stdout).toContain('Holidays and closures, the line closed all day: Fri 27 Nov (the company day, 1 call), Tue 8 Dec (the Feast of the Immaculate Conception, 2 calls)\n');
  });

  it("tells apart, in the holidays table, the columns of two languages of one base (British and American English)", async () => {
    // The fixed copy of the menu (Italian and English only, whatever languages the shipped one gains) with a second
    // English, en-US ("us"), saying what the British English says: the table has a column for each, and no other.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    const withUs = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(withUs) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (k === 'en' && 'it' in v ? [[k, withUs(x)], ['us', withUs(x)]] : [[k, withUs(x)]]))) : v;
    const us = withUs(flow) as typeof flow;
    us.languages.us = { tag: 'en-US', voice: 'Polly.Joanna' };
    const flowFile = path.join(dir, 'two-englishes.json');
    writeFileSync(flowFile, JSON.stringify(us, null, 2));
    const records = path.join(dir, 'two-englishes.jsonl');
    writeFileSync(records, `${JSON.stringify({ event: 'ivr.call', callSid: `CA${'1'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'holiday-closed'], inputs: ['none'], durationSeconds: 30, startedAt: '2026-12-08T11:40:00+01:00', from: '+39******4567', to: '+39******1240' })}\n`);
    const { run, html } = await report(records, '--flow', flowFile);
    expect(run.code, run.stderr).toBe(0);
    expect(html).toContain('<th scope="col">Day</th><th scope="col">Italian callers were told: closed for</th><th scope="col">British English callers were told: closed for</th><th scope="col">American English callers were told: closed for</th><th scope="col">Calls</th>');
  });

  it('names the flow file the maps and opening hours come from, as given', async () => {
    const flowFile = extendedHoursFlow();
    const { html } = await report(path.join(fixtures, 'calls.jsonl'), '--flow', flowFile);
    expect(html).toContain(`Menu maps and opening hours from the flow “Klarna Italia, extended hours” in <code>${flowFile}</code>`);
    // The default flow (the shipped one, by the name it gives itself) is named too, relative to where ivr ran.
    const byDefault = path.join(dir, 'by-default.html');
    expect((await runIvr(['report', path.join(fixtures, 'calls.jsonl'), '--output', byDefault])).code).toBe(0);
    const { name } = JSON.parse(readFileSync(path.join(projectDir, 'flows/klarna-italia.json'), 'utf8')) as { name: string };
    expect(readFileSync(byDefault, 'utf8')).toContain(`Menu maps and opening hours from the flow “${name}” in <code>flows/klarna-italia.json</code>`);
  });

  it('shows every day of the period in calls per day, a day with no call as 0', async () => {
    const dayRows = (html: string) => [...html.matchAll(/<tr><th scope="row">(\w{3} \d+ \w{3}) 2026(?: <small>.*?<\/small>)?<\/th><td[^>]*>(?:<span[^>]*><\/span> )?(\d+)</g)].map((m) => `${m[1]} ${m[2]}`);
    // The records run from 24 November to 8 December: the days between with no call are there, as 0.
    const { html } = await report(path.join(fixtures, 'calls.jsonl'));
    const days = dayRows(html);
    expect(days).toHaveLength(15);
    expect(days.slice(0, 4)).toEqual(['Tue 24 Nov 3', 'Wed 25 Nov 2', 'Thu 26 Nov 0', 'Fri 27 Nov 0']);
    expect(days.at(-1)).toBe('Tue 8 Dec 1');
    // With --from and --to, the whole period asked for, also its first and last days with no call.
    const week = await report(path.join(fixtures, 'calls.jsonl'), '--from', '2026-11-23', '--to', '2026-11-29');
    expect(dayRows(week.html)).toEqual(['Mon 23 Nov 0', 'Tue 24 Nov 3', 'Wed 25 Nov 2', 'Thu 26 Nov 0', 'Fri 27 Nov 0', 'Sat 28 Nov 0', 'Sun 29 Nov 0']);
    // A weekend with no call is no outage: the weekly hours close the line all day, and the row says so; a weekday's does not.
    expect(week.html).toContain('<tr><th scope="row">Sat 28 Nov 2026 <small>closed on Saturdays</small></th><td data-day="2026-11-28">0</td></tr>');
    expect(week.html).toContain('<tr><th scope="row">Sun 29 Nov 2026 <small>closed on Sundays</small></th><td data-day="2026-11-29">0</td></tr>');
    expect(week.html).toContain('<tr><th scope="row">Thu 26 Nov 2026</th><td data-day="2026-11-26">0</td></tr>');
    expect(week.html).toContain('<p>2026-11-23 to 2026-11-29 (the days asked for) · 5 calls from');
  });

  // The records of calls.jsonl run from 24 November to 8 December 2026.
  it.each([
    { asked: [], period: '2026-11-24 to 2026-12-08 (from the first call to the last)' },
    { asked: ['--from', '2026-11-23', '--to', '2026-11-29'], period: '2026-11-23 to 2026-11-29 (the days asked for)' },
    { asked: ['--from', '2026-11-25', '--to', '2026-11-25'], period: '2026-11-25 (the day asked for)' },
    { asked: ['--from', '2026-11-20'], period: '2026-11-20 to 2026-12-08 (from the day asked for to the last call)' },
    { asked: ['--to', '2026-11-30'], period: '2026-11-24 to 2026-11-30 (from the first call to the day asked for)' },
    { asked: ['--from', '2027-01-01'], period: 'from 2027-01-01 (the day asked for; no call since)' },
    { asked: ['--to', '2026-11-01'], period: 'up to 2026-11-01 (the day asked for; no call until then)' },
  ])('the terminal summary and the page header name the same period, and where it comes from: $asked', async ({ asked, period }) => {
    const { run, html } = await report(path.join(fixtures, 'calls.jsonl'), ...asked);
    expect(run.code).toBe(0);
    expect(/^\d+ calls?, (.*?): \d+ put through/.exec(run.stdout)?.[1]).toBe(period);
    expect(/<header>[\s\S]*?<p>(.*?) · \d+ calls? from/.exec(html)?.[1]).toBe(period);
  });

  it('says alike on the terminal and the page that the days are unknown when no record says when its call began', async () => {
    const undated = path.join(dir, 'undated.jsonl');
    const record = { event: 'ivr.call', callSid: `CA${'9'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], durationSeconds: 83, from: '+39******4567', to: '+39******1240' };
    writeFileSync(undated, `${JSON.stringify(record)}\n`);
    const { run, html } = await report(undated);
    expect(run.stdout).toContain('1 call, days unknown (no record says when its call began): 1 put through');
    expect(html).toContain('<p>days unknown (no record says when its call began) · 1 call from');
    // The page says it under the hour chart; the terminal, which has no chart, says it too.
    expect(html).toContain('1 record has no time and is not shown here.');
    expect(run.stdout).toContain('\n1 record has no time and is not in the calls per hour or per day\n');
  });

  it('says with --from/--to that a record with no time is left out as one that cannot be placed in the days asked for, not as outside them', async () => {
    // The sample records run from 2026-11-24 to 2026-12-08, and one more says no time: --from/--to take in every dated one.
    const records = path.join(dir, 'dated-and-undated.jsonl');
    const undated = { event: 'ivr.call', callSid: `CA${'7'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], durationSeconds: 83, from: '+39******4567', to: '+39******1240' };
    writeFileSync(records, `${readFileSync(path.join(fixtures, 'calls.jsonl'), 'utf8').trimEnd()}\n${JSON.stringify(undated)}\n`);
    const { run, html } = await report(records, '--from', '2026-11-24', '--to', '2026-12-08');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^6 calls, 2026-11-24 to 2026-12-08 \(the days asked for\): /);
    expect(run.stdout).toContain('\n1 record has no time and is left out (it cannot be placed in the days asked for)\n');
    expect(run.stdout).not.toContain('outside --from/--to');
    const header = /<header>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    expect(header).toContain('1 record has no time and is left out (it cannot be placed in the days asked for)');
    expect(header).not.toContain('outside the days asked for');
    // Without --from/--to it is counted, out of the hour and day charts only.
    const all = await report(records);
    expect(all.run.stdout).toMatch(/^7 calls, /);
    expect(all.run.stdout).toContain('\n1 record has no time and is not in the calls per hour or per day\n');
  });

  it('dates a record with no time of its own by the time Application Insights gives its row (CSV timestamp [UTC], JSON timestamp), less its duration', async () => {
    const record = { event: 'ivr.call', callSid: `CA${'9'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], durationSeconds: 83, from: '+39******4567', to: '+39******1240' };
    const message = `[Information] ${JSON.stringify(record)}`;
    // As the portal exports it (docs/call-records.md): the row logged at 09:01:23 UTC, the call's end.
    const csv = path.join(dir, 'undated-export.csv');
    writeFileSync(csv, `timestamp [UTC],message\n"11/24/2026, 9:01:23.000 AM","${message.replace(/"/g, '""')}"\n`);
    // As `az monitor app-insights query` answers the query of docs/call-records.md.
    const json = path.join(dir, 'undated-export.json');
    writeFileSync(json, JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'timestamp', type: 'datetime' }, { name: 'message', type: 'string' }], rows: [['2026-11-24T09:01:23.000Z', message]] }] }));
    // ISO 8601 with a space for the T, as a spreadsheet may save it again: as unambiguous.
    const spaced = path.join(dir, 'undated-export-spaced.csv');
    writeFileSync(spaced, `timestamp [UTC],message\n2026-11-24 09:01:23.000,"${message.replace(/"/g, '""')}"\n`);
    for (const file of [csv, json, spaced]) {
      const { run, html } = await report(file);
      expect(run.code, file).toBe(0);
      expect(run.stdout, file).toContain('1 call, 2026-11-24 (the day of the calls): 1 put through');
      expect(run.stdout, file).not.toContain('no time');
      // 09:00:00 UTC is 10:00 in Rome.
      expect(html, file).toContain('title="Tuesday 10:00-11:00: 1 call"');
    }
  });

  it("says why a record has no time when its export row's time is in a locale's form it does not read (a portal in Italian)", async () => {
    const record = { event: 'ivr.call', callSid: `CA${'8'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], durationSeconds: 83, from: '+39******4567', to: '+39******1240' };
    const csv = path.join(dir, 'undated-export-it.csv');
    // 24/11 could be read day first; 05/11 could not be told from May 11th.
    writeFileSync(csv, `timestamp [UTC],message\n"24/11/2026, 09:01:23","${JSON.stringify(record).replace(/"/g, '""')}"\n`);
    const { run, html } = await report(csv);
    const why =
      'the export\'s timestamp [UTC] says "24/11/2026, 09:01:23", a form not read (only English (United States) dates, such as 11/24/2026, 9:01:23.000 AM, and ISO 8601 are): ' +
      "export again with the portal's regional format (Portal settings, Language + region) set to English (United States)";
    expect(run.stdout).toContain(`\n1 record has no time and is not in the calls per hour or per day; ${why}\n`);
    // The export's text on the page is isolated (U+2068 … U+2069), so no bidi control in it reorders the sentence.
    expect(html).toContain(`1 record has no time and is not shown here: ${why.replace('"24/11/2026, 09:01:23"', '"\u206824/11/2026, 09:01:23\u2069"').replace(/"/g, '&quot;')}.`);
  });

  it('names each way calls ended otherwise on the terminal, canceled among them', async () => {
    const file = path.join(dir, 'otherwise.jsonl');
    const call = (n: number, status: string, outcome: string) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status, outcome, language: null, path: null, inputs: null, ...(outcome === 'unknown' ? { pathMissing: 'not-recorded' } : {}), durationSeconds: 0, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });
    writeFileSync(file, [call(1, 'busy', 'busy'), call(2, 'busy', 'busy'), call(3, 'canceled', 'canceled'), call(4, 'completed', 'unknown')].map((r) => JSON.stringify(r)).join('\n'));
    const { run, html } = await report(file);
    expect(run.stdout).toContain('4 ended otherwise (2 busy, 1 hung up before the menu answered, 1 not known)');
    // The page's "By language" names the row of calls with no language plainly.
    expect(html).toContain('<th scope="row">no language: no path (busy, not answered, failed, hung up before the menu answered, or not known)</th><td data-count="language:(none)">4</td>');
  });

  it('says a partial path is partial: the most common paths keep its leading …, and the page (once, under the paths) and the terminal say how many', async () => {
    const file = path.join(dir, 'partial.jsonl');
    const record = { event: 'ivr.call', callSid: `CA${'5'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it', path: ['…', 'consumer-menu', 'consumer-menu'], inputs: ['…', 'none'], pathMissing: 'partial', durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const { run, html } = await report(file);
    const paths = /<h2 id="paths">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(paths).toContain('<td><bdi>…</bdi> &gt; <bdi>consumer-menu</bdi> &gt; <bdi>consumer-menu</bdi></td>');
    const note = "1 call has a partial path: the journal missed the call's first answers, so the path begins with … and the map counts the call from the first node it had";
    // Once, under the paths it is about: the totals said it too, a screen apart.
    expect(paths).toContain(`<p data-partial-paths="1">${note}.</p>`);
    expect(html.split(note)).toHaveLength(2);
    expect(run.stdout).toContain(`\n${note}\n`);
  });

  it('says how calls ended in plain words, the record\'s word small beside them, and languages by name', async () => {
    const { html } = await report(path.join(fixtures, 'calls.jsonl'), '--flow', FIXED_FLOW_FILE);
    expect(html).toContain('<th scope="row">the menu ended the call after its last words (the goodbye), or the caller hung up during them <small><code>menu-hung-up</code></small></th><td data-count="outcome:menu-hung-up">3</td>');
    expect(html).toContain('<th scope="row">English <small><code>en</code></small></th>');
    const paths = /<h2 id="paths">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(paths).toContain('<span title="transferred">put through to an operator</span> 1');
    expect(paths).not.toMatch(/<\/td><td>[a-z-]+ \d/);
  });

  it('says which calls the menu ended after a transfer no operator answered, or that was refused', async () => {
    const file = path.join(dir, 'no-operator.jsonl');
    const call = (n: number, dial: string, outcome: string) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', ...(outcome === 'transferred' ? [] : ['operator-unavailable', 'goodbye'])], inputs: ['none', '2', `dial:${dial}`], durationSeconds: 60, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });
    const closed = { ...call(4, 'x', 'menu-hung-up'), path: ['consumer-welcome', 'consumer-hours', 'closed', 'goodbye'], inputs: ['none'] };
    writeFileSync(file, [call(1, 'busy', 'menu-hung-up'), call(2, 'refused', 'menu-hung-up'), call(3, 'completed', 'transferred'), closed].map((r) => JSON.stringify(r)).join('\n'));
    const { html } = await report(file, '--flow', FIXED_FLOW_FILE);
    expect(html).toContain('<p data-menu-ended-after-transfer="2">Of the 3 calls the menu ended, 2 asked for an operator and were not put through: the transfer was not answered or not made (see “Transfers and how they ended”).</p>');
  });

  it('counts an SMS offer the caller declined', async () => {
    const declined = path.join(dir, 'declined.jsonl');
    const record = { event: 'ivr.call', callSid: `CA${'8'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms', 'goodbye'], inputs: ['none', 'none'], sms: 'declined', durationSeconds: 30, startedAt: '2026-12-08T11:00:00+01:00', from: '+39******4567', to: '+39******1240' };
    writeFileSync(declined, `${JSON.stringify(record)}\n`);
    const { run, html } = await report(declined);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 call, 2026-12-08 (the day of the calls): 0 put through, 1 ended in the menu (0 of them after hours, 1 on a holiday); SMS 0 sent, 0 failed, 1 declined, 0 offers unanswered');
    expect(shown(html, 'data-total', 'SMS declined')).toBe('1');
  });

  it('counts an SMS offer the call ended before answering apart from a declined one', async () => {
    // A caller who hung up during the closed message: the offer went to Twilio with it, but no answer to it came.
    const file = path.join(dir, 'unanswered.jsonl');
    const record = { event: 'ivr.call', callSid: `CA${'9'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'holiday-closed', 'chat-link-sms'], inputs: ['none'], sms: 'unanswered', durationSeconds: 12, startedAt: '2026-12-08T11:00:00+01:00', from: '+39******4567', to: '+39******1240' };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    const { run, html } = await report(file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SMS 0 sent, 0 failed, 0 declined, 1 offer unanswered');
    expect([shown(html, 'data-total', 'SMS declined'), shown(html, 'data-total', 'SMS offers unanswered')]).toEqual(['0', '1']);
  });

  it('counts a caller who hung up while the transfer rang apart from one who hung up before it rang, during the words before it', async () => {
    // Since December 2026 the <Dial> action after the hang-up is recorded (dial:canceled, or what Twilio sends). A caller
    // who hung up during the words before the <Dial> is gone before Twilio starts it: no transfer rang, no status.
    // Both are the caller hanging up, not the operators failing to answer.
    const file = path.join(dir, 'hung-up-ringing.jsonl');
    const base = { event: 'ivr.call', line: 'consumer', status: 'completed', outcome: 'caller-hung-up-during-transfer', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' };
    const records = [
      { ...base, callSid: `CA${'a1'.padStart(32, '0')}`, inputs: ['none', '2', 'dial:canceled'] },
      { ...base, callSid: `CA${'a2'.padStart(32, '0')}`, inputs: ['none', '2', 'dial:no-answer'] },
      { ...base, callSid: `CA${'a3'.padStart(32, '0')}`, inputs: ['none', '2'] },
    ];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { run, html } = await report(file);
    expect(run.code).toBe(0);
    const transfers = sectionOf(html, 'transfers');
    // Its columns in order, then the row: tried 3, 1 before it rang, 2 while ringing.
    expect(transfers).toContain('<th scope="col"><bdi>caller hung up before it rang (during the words before it)</bdi></th><th scope="col"><bdi>caller hung up while ringing</bdi></th>');
    expect(transfers).not.toMatch(/<bdi>(canceled|no-answer|not recorded)<\/bdi>/);
    expect(transfers).toMatch(/<th scope="row"><bdi>consumer-operator<\/bdi><\/th><td>[^<]*<\/td><td>3<\/td><td>1<\/td><td>2<\/td><\/tr>/);
    expect(html).toContain('<th scope="row">hung up during a transfer, while it rang or during the words before it <small><code>caller-hung-up-during-transfer</code></small></th>');
  });

  /** A consumer call asking for an operator in `language`, which the app refused to put through ("dial:refused"). */
  const refusedCall = (n: number, language: 'it' | 'en', startedAt: string) => ({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'menu-hung-up', language,
    path: ['consumer-welcome', ...(language === 'en' ? ['consumer-welcome-en'] : []), 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator', 'operator-unavailable', 'chat-link-sms', 'goodbye'],
    inputs: [language === 'en' ? '1' : 'none', '2', 'dial:refused', '1'], sms: 'sent', durationSeconds: 60, startedAt, from: '+39******4567', to: '+39******1240',
  });
  const sectionOf = (html: string, id: string) => new RegExp(`<h2 id="${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

  it('says plainly, by the totals, in the transfers and on the terminal, that refused transfers turned callers away for a setting unset or ringing the app, naming it', async () => {
    // The app refuses a transfer to the flow's placeholder (the line's own number) while DEST_* is unset, and to a DEST_* set to a
    // number of the app's (DEST_CONSUMER_OPERATOR_EN=+390237921250, the merchant line): the record says dial:refused either way.
    const records = path.join(dir, 'refused.jsonl');
    writeFileSync(records, [refusedCall(1, 'en', '2026-11-24T10:00:00+01:00'), refusedCall(2, 'en', '2026-11-24T11:00:00+01:00')].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { run, html } = await report(records);
    expect(run.code).toBe(0);
    const said = "2 transfers were refused: the operator's number is not set, or rings this app (DEST_CONSUMER_OPERATOR_EN); callers heard that no operator could answer (operator-unavailable)";
    expect(textBlock('docs/cli.md', '2 transfers were refused'), 'docs/cli.md, "Transfers the app refused"').toBe(said);
    expect(run.stdout).toContain(`SMS 2 sent, 0 failed, 0 declined, 0 offers unanswered\n${said}\n`);
    expect(sectionOf(html, 'totals')).toContain(`<p class="warn" data-refused>${said}.</p>`);
    expect(sectionOf(html, 'transfers')).toMatch(/<th scope="row"><bdi>consumer-operator<\/bdi><\/th><td>[^<]*<\/td><td>2<\/td><td>2<\/td><\/tr>[\s\S]*<p class="warn" data-refused>2 transfers were refused: the operator's number is not set, or rings this app \(DEST_CONSUMER_OPERATOR_EN\)/);
    // Calls put through or turned down by the operators' line are no refusal: nothing said.
    const plain = await report(path.join(fixtures, 'calls.jsonl'));
    expect(plain.html).not.toContain('data-refused');
    expect(plain.run.stdout).not.toContain('refused');
  });

  it('names each setting with its refusals when callers of both languages were turned away, and a number that rings the app though set in the flow', async () => {
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    // The English operators' number given in the flow (no placeholder), and the refusals still in the records: the
    // setting, which overrides it, rang the app. (The flow may not give a line's own number there: it is refused at load.)
    Object.assign(flow.destinations['consumer-operator-en'], { number: '+390200000002', placeholder: false });
    const flowFile = path.join(dir, 'en-set.json');
    writeFileSync(flowFile, JSON.stringify(flow, null, 2));
    const records = path.join(dir, 'refused-both.jsonl');
    writeFileSync(records, [refusedCall(1, 'it', '2026-11-24T10:00:00+01:00'), refusedCall(2, 'it', '2026-11-24T10:30:00+01:00'), refusedCall(3, 'en', '2026-11-24T11:00:00+01:00')].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const both = await report(records);
    expect(both.run.stdout).toContain("3 transfers were refused: the operator's number is not set, or rings this app (DEST_CONSUMER_OPERATOR_EN: 1, DEST_CONSUMER_OPERATOR_IT: 2); callers heard that no operator could answer (operator-unavailable)\n");
    const set = await report(records, '--flow', flowFile);
    expect(set.run.stdout).toContain("3 transfers were refused: the operator's number is not set, or rings this app (DEST_CONSUMER_OPERATOR_IT: 2); the operator's number rings this app itself (DEST_CONSUMER_OPERATOR_EN: 1); callers heard");
  });

  it('counts every refused transfer, saying it cannot tell why for a language the dial node has no destination for, or a node the flow no longer has', async () => {
    const records = path.join(dir, 'refused-unknown.jsonl');
    // A German caller (a language the fixed copy of the menu lacks, though the shipped one may gain it) refused at
    // consumer-operator; a refusal at a transfer since removed from the flow.
    const german = { ...refusedCall(2, 'it', '2026-11-24T10:00:00+01:00'), language: 'de' };
    const gone = { ...refusedCall(3, 'it', '2026-11-24T10:30:00+01:00'), path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'old-operator', 'operator-unavailable', 'chat-link-sms', 'goodbye'] };
    writeFileSync(records, [refusedCall(1, 'en', '2026-11-24T09:30:00+01:00'), german, gone].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { run, html } = await report(records, '--flow', FIXED_FLOW_FILE);
    expect(run.code).toBe(0);
    const said =
      "3 transfers were refused: the operator's number is not set, or rings this app (DEST_CONSUMER_OPERATOR_EN: 1); no destination for German callers in this flow (consumer-operator: 1); the flow no longer has the node (old-operator: 1); callers heard that no operator could answer (operator-unavailable)";
    expect(run.stdout).toContain(`${said}\n`);
    // On the page the values the records gave (a language, a node) are isolated (U+2068 … U+2069).
    const onPage = said.replace('German', '\u2068German\u2069').replace('old-operator', '\u2068old-operator\u2069');
    expect(sectionOf(html, 'totals')).toContain(`<p class="warn" data-refused>${onPage}.</p>`);
  });

  it('says beside the totals when calls through nodes the flow lacks are left out of after hours and on a holiday', async () => {
    // Records of another flow: a line this one lacks, told it was closed by nodes this one does not have.
    const records = path.join(dir, 'other-flow.jsonl');
    const call = (n: number, line: string, outcome: string, nodes: string[]) => ({ event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line, status: 'completed', outcome, language: 'it', path: nodes, inputs: ['none'], durationSeconds: 30, startedAt: '2026-11-24T20:00:00+01:00', from: '+39******4567', to: '+39******1260' });
    writeFileSync(
      records,
      [
        call(1, 'support', 'menu-hung-up', ['support-welcome', 'support-hours', 'support-closed']),
        call(2, 'support', 'menu-hung-up', ['support-welcome', 'support-hours', 'support-closed']),
        // Put through: it met an open line, so nothing is unknown of it.
        call(3, 'support', 'transferred', ['support-welcome', 'support-operator']),
        call(4, 'consumer', 'menu-hung-up', ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye']),
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const { run, html } = await report(records);
    expect(run.code).toBe(0);
    // Only the call of this flow's consumer line is counted after hours.
    expect(shown(html, 'data-total', 'After hours')).toBe('1');
    expect(html).toMatch(/<\/dl>\n<p class="warn" data-closed-unknown="2">After hours and on a holiday leave out 2 calls through nodes this flow does not have: whether they were told the line was closed is unknown \(see “Not in this flow” below\)\.<\/p>/);
    // The terminal summary says so too, right under its totals (whose "1 of them after hours" leaves them out).
    expect(run.stdout).toMatch(/^4 calls, .*\(1 of them after hours, 0 on a holiday\).*\nAfter hours and on a holiday leave out 2 calls through nodes this flow does not have: whether they were told the line was closed is unknown\n/);
    // The calls of this flow alone leave nothing unknown.
    const plain = await report(path.join(fixtures, 'calls.jsonl'));
    expect(plain.html).not.toContain('data-closed-unknown');
    expect(plain.run.stdout).not.toContain('leave out');
  });

  it('reads the same calls from Application Insights exports, CSV and JSON, and a CSV Excel saved with semicolons', async () => {
    // appinsights-traces-semicolon.csv is the CSV as Excel saves it where the decimal point is a comma (Italian).
    for (const file of ['appinsights-traces.csv', 'appinsights-traces.json', 'appinsights-traces-semicolon.csv']) {
      const { run, html } = await report(path.join(fixtures, file));
      expect(run.code, file).toBe(0);
      expect(run.stdout, file).toContain('6 calls, 2026-11-24 to 2026-12-08 (from the first call to the last): 1 put through, 4 ended in the menu (1 of them after hours, 1 on a holiday), 1 ended otherwise (1 busy); SMS 1 sent, 1 failed, 0 declined, 0 offers unanswered');
      expect(shown(html, 'data-total', 'Calls'), file).toBe('6');
    }
  });

  it('keeps to --from and --to, and says so when nothing is left', async () => {
    const { run, html } = await report(path.join(fixtures, 'calls.jsonl'), '--from', '2026-11-25', '--to', '2026-11-25');
    expect(run.stdout).toMatch(/^2 calls, 2026-11-25 \(the day asked for\): /);
    expect(run.stdout).toContain('4 records outside --from/--to left out; the records run from 2026-11-24 to 2026-12-08\n');
    expect(shown(html, 'data-total', 'Calls')).toBe('2');
    // Days after the last record: the terminal and the page say which days the records do cover, so the reader can ask again.
    const empty = await report(path.join(fixtures, 'calls.jsonl'), '--from', '2027-01-01');
    expect(empty.run.code).toBe(0);
    expect(empty.run.stdout).toContain('0 calls, from 2027-01-01 (the day asked for; no call since)');
    expect(empty.run.stdout).toContain('6 records outside --from/--to left out; the records run from 2026-11-24 to 2026-12-08\n');
    expect(empty.html).toContain('No calls in the days asked for.');
    expect(empty.html).toMatch(/<header>[\s\S]*6 records of calls outside the days asked for are left out; the records run from 2026-11-24 to 2026-12-08[\s\S]*<\/header>/);
  });

  it('says on the page, as on the terminal, that records outside --from/--to were left out, its counts in the singular for one', async () => {
    // The customer-service lead gets only the page: what the terminal says of the week must be on it too.
    const { run, html } = await report(path.join(fixtures, 'appinsights-traces.csv'), '--from', '2026-11-23', '--to', '2026-11-29');
    expect(run.stdout).toContain('1 record outside --from/--to left out');
    const header = /<header>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    expect(header).toContain('2026-11-23 to 2026-11-29 (the days asked for) · 5 calls from');
    expect(header).toContain('1 record of a call outside the days asked for is left out');
    // One call was told the line was closed (Tuesday 20:05): said as one, not "1 were told".
    expect(html).toContain('; 1 was told the line was closed (after hours 1, holiday 0).');
    // Without --from and --to nothing is left out, and the page says nothing of it.
    const all = await report(path.join(fixtures, 'appinsights-traces.csv'));
    expect(all.html).not.toContain('outside the days asked for');
    expect(all.html).toContain('; 2 were told the line was closed (after hours 1, holiday 1).');
  });

  it('refuses wrong usage with exit 2 and the usage', async () => {
    const noOutput = await runIvr(['report', path.join(fixtures, 'calls.jsonl')]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain('give --output FILE for the page');
    const missing = await runIvr(['report', path.join(dir, 'nope.jsonl'), '--output', path.join(dir, 'x.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl does not exist');
    // A file with no call record in it is the wrong file: no empty page, exit 2.
    const notRecords = path.join(dir, 'other.log');
    writeFileSync(notRecords, 'Local host listening on http://127.0.0.1:7071\n');
    const wrongFile = await runIvr(['report', notRecords, '--output', path.join(dir, 'wrong.html')]);
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr).toContain('other.log holds no ivr.call record');
    expect(existsSync(path.join(dir, 'wrong.html'))).toBe(false);
    const help = await runIvr(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ivr report RECORDS --output report.html');
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER_TESTS === '1';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.runIf((haveChromium || required) && (haveFaketime || process.env.REQUIRE_FAKETIME === '1'))('ivr report on calls made through the local host, in Chromium', () => {
  let host: HostProcess;
  // The server's clock set to an open Tuesday morning of the fixed copy of the menu, which it serves, so the calls
  // reach the menu whatever today is and whatever hours the shipped menu has.
  beforeAll(async () => {
    host = await startHostProcess({ at: '2026-11-24 09:00:00', env: { ...OPERATOR_NUMBERS, IVR_FLOW_FILE: FIXED_FLOW_FILE } });
  }, 30_000);
  afterAll(() => host?.stop());

  it('shows the counts of the calls on the map and the charts, offline, with no page error', async () => {
    const scripts = [['--press', '1', '--press', '2'], ['--press', '-', '--press', '3', '--press', 'hangup'], ['--press', '2', '--press', '9'], ['--press', '-', '--press', '-', '--press', '-']];
    for (const press of scripts) {
      const call = await runIvr(['call', '--url', `${host.origin}/api/voice`, ...press]);
      expect(call.code, call.stderr).toBe(0);
    }
    // The status callbacks are logged as each call ends.
    const lines = await host.waitForCallLines(scripts.length);
    const records = path.join(dir, 'local-host.log');
    writeFileSync(records, host.output());
    // The hours of the menu the host served say which calls came while the line was open.
    const { run, html, output } = await report(records, '--flow', FIXED_FLOW_FILE);
    expect(run.code).toBe(0);

    // The numbers on the page are the records': 4 calls on the consumer line; the English operator, the merchant
    // line and (after three silences) the Italian operator put through; one caller gave up in the complaints menu.
    const calls = lines.map((l) => JSON.parse(l));
    expect(calls.map((c) => c.outcome)).toEqual(['transferred', 'caller-hung-up-in-menu', 'transferred', 'transferred']);
    expect(shown(html, 'data-total', 'Calls')).toBe('4');
    expect(shown(html, 'data-total', 'Put through')).toBe('3');
    expect(html).toMatch(/data-node="consumer-welcome">[\s\S]*?4 calls</);
    expect(html).toMatch(/data-node="consumer-complaints">[\s\S]*?1 call, 1 ended here, hung up before pressing a key</);
    expect(html).toContain('title="Tuesday 10:00-11:00: 4 calls"');
    // The records of real calls, read with the flow they went through: every key leads where the flow says (no false alarm).
    expect(run.stderr).not.toContain('do not lead where');
    expect(html).not.toContain('data-wrong-keys');

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('request', (r) => requests.push(r.url()));
      const file = output;
      await page.goto(pathToFileURL(file).href);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Totals', 'Where callers go', 'When callers call, against the opening hours']));
      // Accessibility: axe-core's checks of text contrast and labels (WCAG 2 AA).
      await page.addScriptTag({ path: require.resolve('axe-core') });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        });
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations).toEqual([]);
      const shots = path.join(projectDir, 'out/browser');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
      // On a phone the page does not scroll sideways: the wide maps and tables scroll in their own boxes.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // A map's box is no taller than the window, so its sideways scrollbar is in sight.
      expect(await page.evaluate(() => Math.max(...[...document.querySelectorAll('.map')].map((m) => m.getBoundingClientRect().height)))).toBeLessThanOrEqual(844);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe.runIf(haveChromium || required)('the menu map of ivr report, in Chromium', () => {
  const open = async (html: string, viewport: { width: number; height: number }, media: 'screen' | 'print' = 'screen') => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const page = await browser.newPage({ viewport });
    await page.emulateMedia({ media });
    await page.goto(pathToFileURL(html).href);
    return { browser, page };
  };

  it('opens the map of a line on its start, and says the map scrolls', async () => {
    const { run, output } = await report(path.join(fixtures, 'calls.jsonl'));
    expect(run.code).toBe(0);
    // The consumer map is far wider than the page, its line's box near the middle: on load it is in sight in the box.
    const { browser, page } = await open(output, { width: 1280, height: 900 });
    try {
      await page.waitForTimeout(300);
      const map = page.locator('.map', { has: page.locator('[data-node="line:consumer"]') });
      const inSight = await map.evaluate((box) => {
        const shown = box.getBoundingClientRect();
        const start = (box.querySelector('[data-node="line:consumer"]') as Element).getBoundingClientRect();
        return { wider: box.scrollWidth > box.clientWidth, inSight: start.left >= shown.left && start.right <= shown.right && start.top >= shown.top && start.bottom <= shown.bottom };
      });
      expect(inSight).toEqual({ wider: true, inSight: true });
      expect(await page.locator('figcaption', { hasText: 'consumer line' }).first().innerText()).toContain('scroll it sideways to see the rest');
      // The box is still free to scroll: it does not spring back to the start.
      await map.evaluate((box) => box.scrollTo({ left: 0 }));
      await page.waitForTimeout(300);
      expect(await map.evaluate((box) => box.scrollLeft)).toBe(0);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('prints each map whole, in parts whose words can be read, no wider than an A4 page', async () => {
    // On the fixed copy of the menu: how many parts a map prints in depends on the menu's size.
    const { output } = await report(path.join(fixtures, 'calls.jsonl'), '--flow', FIXED_FLOW_FILE);
    // An A4 page less the page's margins of 12 mm: 186 mm, 703 CSS px.
    const { browser, page } = await open(output, { width: 703, height: 1032 }, 'print');
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
      const printed = await page.evaluate(() =>
        [...document.querySelectorAll('svg')]
          .filter((svg) => svg.getBoundingClientRect().width > 0 && (svg.classList.contains('ivr-diagram') || svg.querySelector('use')))
          .map((svg) => {
            const [x, y, width, height] = (svg.getAttribute('viewBox') as string).split(' ').map(Number) as [number, number, number, number];
            const map = svg.classList.contains('ivr-diagram') ? svg : (document.querySelector((svg.querySelector('use') as SVGUseElement).getAttribute('href') as string) as SVGSVGElement);
            const line = /of the (\w+) line/.exec(map.querySelector('title')?.textContent ?? '')?.[1];
            return { map: map.id, line, x, y, width, height, scale: svg.getBoundingClientRect().width / width, mapWidth: Number(map.getAttribute('width')), mapHeight: Number(map.getAttribute('height')) };
          }),
      );
      expect(printed.length).toBeGreaterThan(0);
      // Labels are 12 px in the map: printed at no less than 9 px (7 pt), where the whole map shrunk to the page made them 2.6 px.
      for (const part of printed) expect(part.scale * 12, JSON.stringify(part)).toBeGreaterThanOrEqual(9);
      // Together the parts of each map show all of it.
      for (const map of new Set(printed.map((p) => p.map))) {
        const parts = printed.filter((p) => p.map === map);
        const { mapWidth, mapHeight } = parts[0] as (typeof parts)[number];
        const missed: string[] = [];
        for (let x = 0; x <= mapWidth; x += 10) for (let y = 0; y <= mapHeight; y += 10) if (!parts.some((p) => p.x <= x && x <= p.x + p.width && p.y <= y && y <= p.y + p.height)) missed.push(`${x},${y}`);
        expect(missed, map).toEqual([]);
      }
      // docs/cli.md tells how many pages each of the shipped flow's maps takes in print, to leave them out: it stays true.
      const docs = readFileSync(path.join(projectDir, 'docs/cli.md'), 'utf8').replace(/\s+/g, ' ');
      const told = /consumer map takes (\d+) parts[^.;]* and its merchant map (\d+)/.exec(docs);
      expect(told, 'the sentence in docs/cli.md').not.toBeNull();
      const partsOf = (line: string) => printed.filter((p) => p.line === line).length;
      expect({ consumer: partsOf('consumer'), merchant: partsOf('merchant') }).toEqual({ consumer: Number(told?.[1]), merchant: Number(told?.[2]) });
    } finally {
      await browser.close();
    }
  }, 30_000);
});
