// `ivr report` and the chat-link SMS offer (chat-link-sms, an sms-offer node) on the map. The app offers the SMS
// to mobile callers only: a landline caller passes the node without an offer and without pressing anything, and
// the record says so by having no `sms` (docs/call-records.md). The map counts the offers made on the offer's box
// and the calls not offered apart: on the box, its arrow out, the map's table and the paths.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportOfLines } from '../../src/report/reportOfLines';
import { FIXED_FLOW_FILE, fixedFlow } from '../support/fixedMenu';
import { runIvr } from '../support/runIvr';
import { textBlock } from '../docs/markdown';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-sms-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Extra = { path: string[]; inputs: string[]; sms?: string; outcome?: string; line?: string };
const record = (n: number, { path, inputs, sms, outcome = 'menu-hung-up', line = 'consumer' }: Extra) =>
  JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line, status: 'completed', outcome, language: 'it', path, inputs,
    ...(sms ? { sms } : {}), durationSeconds: 40, startedAt: `2026-11-24T20:${String(n).padStart(2, '0')}:00+01:00`, from: '+39******4567', to: '+39******1240',
  });

/** The page's text without the isolation marks round record values. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '');

/** The rows of a table of the consumer map, or `line`'s (`data-map-boxes` or `data-map-moves`), each as its cells' text. */
function tableRows(html: string, table: 'data-map-boxes' | 'data-map-moves', line = 'consumer'): string[][] {
  const markup = new RegExp(`<table ${table}><caption>[^<]*${line} line[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...markup.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]*>/g, '').replace(/&amp;/g, '&')));
}

/** The SVG of the consumer map, or of the map that starts at `start`. */
const mapOf = (html: string, start = 'consumer-welcome') => html.split('<svg').find((svg) => svg.includes(`data-node="${start}"`) && svg.includes('aria-describedby')) ?? '';

/** The consumer map's box of `node`, or that of the map that starts at `start`: its lines as drawn. */
function boxLines(html: string, node: string, start?: string): string[] {
  const box = new RegExp(`data-node="${node}">([\\s\\S]*?)</g>`).exec(mapOf(html, start))?.[1] ?? '';
  return [...box.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1] ?? '');
}

/** The label of the consumer map's arrow from `from` to `to`, or of the map that starts at `start`. */
const arrowLabel = (html: string, from: string, to: string, start?: string) =>
  new RegExp(`data-from="${from}" data-to="${to}">[\\s\\S]*?<text[^>]*>([^<]*)</text>`).exec(mapOf(html, start))?.[1];

/** The most common paths, each as its calls and its nodes in words. */
const pathRows = (html: string) =>
  [...(/<h2 id="paths">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').matchAll(/<tr><td>(\d+)<\/td><td>(.*?)<\/td>/g)].map((m) => [m[1], (m[2] ?? '').replace(/<[^>]*>/g, '').replace(/&gt;/g, '>')]);

describe('the SMS offer on the report map', { timeout: 30_000 }, () => {
  // An evening: six callers told the line is closed, then at the SMS offer. Four are on a mobile and were offered it
  // (two took it, one pressed nothing, one hung up during it); two called from a landline and passed with no offer.
  const CLOSED = ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye'];
  const RECORDS = [
    record(1, { path: CLOSED, inputs: ['none', '1'], sms: 'sent' }),
    record(2, { path: CLOSED, inputs: ['none', '1'], sms: 'sent' }),
    record(3, { path: CLOSED, inputs: ['none', 'none'], sms: 'declined' }),
    record(4, { path: CLOSED.slice(0, 4), inputs: ['none'], sms: 'unanswered', outcome: 'caller-hung-up-in-menu' }),
    record(5, { path: CLOSED, inputs: ['none'] }),
    record(6, { path: CLOSED, inputs: ['none'] }),
  ];

  it('counts the offers made on the box, and the landline callers that passed it as not offered, on the map and in its table', async () => {
    const html = plain(await reportOfLines(RECORDS, fixedFlow(), 'an evening of calls'));
    // The totals count the offers as the records say: 2 sent, 1 declined, 1 unanswered (4 offers, not 6).
    expect(html).toContain('<dd data-total="SMS sent">2</dd>');
    expect(html).toContain('<dd data-total="SMS declined">1</dd>');
    expect(html).toContain('<dd data-total="SMS offers unanswered">1</dd>');
    // The box: the 4 offers made, as the totals count them, the one whose call ended before answering it among
    // them, the 2 landline calls, a line each; then the call that ended there, on a line of its own (as one, the box
    // was twice as wide as others).
    expect(boxLines(html, 'chat-link-sms').slice(-5)).toEqual(['4 offered the SMS', '1 of them ended before answering', '(perhaps before hearing it)', '2 not offered', '1 ended here']);
    expect(textBlock('docs/cli.md', '4 offered the SMS').split('\n'), 'docs/cli.md, "The SMS offer on the map"').toEqual(boxLines(html, 'chat-link-sms').slice(-5));
    // The arrow out of it: the 3 offered, and the 2 calls not offered, each with its count ("1: SMS, or none" read,
    // beside "not offered", as no offer).
    expect(arrowLabel(html, 'chat-link-sms', 'goodbye')).toBe('offered · 3; not offered · 2');
    // The map's table says the same.
    expect(tableRows(html, 'data-map-boxes')).toContainEqual(['chat-link-sms', '4 offered the SMS, 1 of them ended before answering (perhaps before hearing it), 2 not offered', '1', '0']);
    const out = tableRows(html, 'data-map-moves').filter(([from]) => from === 'chat-link-sms');
    expect(out).toEqual([
      ['chat-link-sms', 'offered', 'goodbye', '3'],
      ['chat-link-sms', 'not offered', 'goodbye', '2'],
    ]);
    // The arrow into the box still carries every call that reached it.
    expect(tableRows(html, 'data-map-moves')).toContainEqual(['closed', 'then', 'chat-link-sms', '6']);
    // The page says what the box counts, and that an old record's declined offer reads as not offered.
    expect(html).toContain('The SMS offer (<bdi>chat-link-sms</bdi>) is made to mobile callers only: its box counts the calls offered the SMS');
    expect(html).toContain('(“not offered”: a landline, or no SMS sender set; in records written before early December 2026, a declined offer too)');
  });

  it('says apart the calls that ended before answering the offer, perhaps during the closed message: not hang-ups at the offer', async () => {
    // Five after-hours calls hanging up 12 s in, during the closed message (as `npx ivr call --json --at
    // 2026-11-24T20:00 --from <n> --press - --hangup-at 12` records them): the offer went to Twilio with the message,
    // so a mobile's record says `unanswered` at chat-link-sms; a landline's went on to the goodbye.
    const mobile = (n: number) => record(n, { path: CLOSED.slice(0, 4), inputs: ['none'], sms: 'unanswered', outcome: 'caller-hung-up-in-menu' });
    const landline = (n: number) => record(n, { path: CLOSED, inputs: ['none'] });
    const records = [mobile(1), mobile(2), mobile(3), landline(4), landline(5)];
    const html = plain(await reportOfLines(records, fixedFlow(), 'an evening of calls'));
    expect(boxLines(html, 'chat-link-sms').slice(-5)).toEqual(['3 offered the SMS', '3 of them ended before answering', '(perhaps before hearing it)', '2 not offered', '3 ended here']);
    // Not drawn red, as a box where callers hung up before pressing a key.
    expect(/<g class="([^"]*)" data-node="chat-link-sms">/.exec(mapOf(html))?.[1]).toBe('node node-sms-offer');
    expect(tableRows(html, 'data-map-boxes')).toContainEqual(['chat-link-sms', '3 offered the SMS, 3 of them ended before answering (perhaps before hearing it), 2 not offered', '3', '0']);
    expect(html).toContain('Calls offered it that “ended before answering (perhaps before hearing it)” are said apart, not as hang-ups at the offer');
    // Their outcome in words does not say they waited for a key either: the closed message and the offer's wait
    // were one answer to Twilio, which does not say how much of it they heard.
    expect(html).toContain('hung up while the menu spoke or waited for a key');
    expect(html).not.toContain('hung up while the menu waited for a key');
    // Nor does the terminal say callers hung up most at the offer: it says what the unanswered offers may be.
    const file = path.join(dir, 'closed-message.jsonl');
    writeFileSync(file, records.join('\n') + '\n');
    const run = await runIvr(['report', file, '--output', path.join(dir, 'closed-message.html'), '--flow', FIXED_FLOW_FILE]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SMS 0 sent, 0 failed, 0 declined, 3 offers unanswered (the calls ended before an answer, perhaps before hearing it)\n');
    expect(run.stdout).not.toContain('hung up most at');
  });

  it('takes a record written before 7 December 2026, which said `declined` of a caller who hung up at the offer, as one that ended before answering it', async () => {
    const old = record(1, { path: CLOSED.slice(0, 4), inputs: ['none'], sms: 'declined', outcome: 'caller-hung-up-in-menu' });
    const html = plain(await reportOfLines([old], fixedFlow(), 'an old record'));
    expect(boxLines(html, 'chat-link-sms').slice(-5)).toEqual(['1 offered the SMS', '1 of them ended before answering', '(perhaps before hearing it)', '0 not offered', '1 ended here']);
    expect(/<g class="([^"]*)" data-node="chat-link-sms">/.exec(mapOf(html))?.[1]).toBe('node node-sms-offer');
  });

  it('counts a call that went on past the offer as one that answered it, whatever its record last said of the SMS', async () => {
    // A call that started over while at the offer keeps `unanswered`, and its path goes on past the offer.
    const startedOver = JSON.stringify({ ...JSON.parse(record(1, { path: [...CLOSED.slice(0, 4), 'consumer-welcome', 'consumer-hours', 'closed', 'goodbye'], inputs: ['none', 'none'], sms: 'unanswered' })), startedOver: ['consumer-welcome'] });
    const html = plain(await reportOfLines([startedOver], fixedFlow(), 'one call'));
    expect(boxLines(html, 'chat-link-sms').slice(-2)).toEqual(['1 offered the SMS', '0 not offered']);
  });

  it('draws an offer no call reached as any box and arrow no call took: one 0', async () => {
    // A merchant call: the merchant map holds the consumer menu (and its offer) its callers can reach.
    const merchant = record(7, { line: 'merchant', path: ['merchant-welcome', 'merchant-hours', 'merchant-closed', 'goodbye'], inputs: ['none'] });
    const html = plain(await reportOfLines([merchant], fixedFlow(), 'a merchant call'));
    expect(boxLines(html, 'chat-link-sms', 'merchant-welcome').at(-1)).toBe('0 calls');
    expect(arrowLabel(html, 'chat-link-sms', 'goodbye', 'merchant-welcome')).toBe('0');
    expect(tableRows(html, 'data-map-boxes', 'merchant')).toContainEqual(['chat-link-sms', '0', '0', '0']);
    expect(tableRows(html, 'data-map-moves', 'merchant').filter(([from]) => from === 'chat-link-sms')).toEqual([['chat-link-sms', 'then', 'goodbye', '0']]);
  });

  it('marks the paths through two offer nodes as their boxes count them: offered or not, not known', async () => {
    // A flow with a second offer after the first: a record has one `sms`, which cannot say which offer made it.
    const flow = structuredClone(fixedFlow());
    const first = flow.nodes['chat-link-sms'];
    if (first?.type !== 'sms-offer') throw new Error('the fixed menu has its chat-link-sms offer');
    flow.nodes['second-offer'] = { ...first, next: 'goodbye' };
    first.next = 'second-offer';
    const twice = ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'second-offer', 'goodbye'];
    const html = plain(await reportOfLines([record(1, { path: twice, inputs: ['none', '1', 'none'], sms: 'sent' })], flow, 'one call'));
    expect(boxLines(html, 'chat-link-sms').slice(-3)).toEqual(['0 offered the SMS', '0 not offered', '1 offered or not: not known']);
    expect(pathRows(html)).toEqual([['1', 'consumer-welcome > consumer-hours > closed > chat-link-sms (offered or not: not known) > second-offer (offered or not: not known) > goodbye']]);
  });

  it('lists the paths of the calls not offered apart from those offered the SMS, marked so', async () => {
    const html = plain(await reportOfLines(RECORDS, fixedFlow(), 'an evening of calls'));
    expect(pathRows(html)).toEqual([
      ['3', 'consumer-welcome > consumer-hours > closed > chat-link-sms > goodbye'],
      ['2', 'consumer-welcome > consumer-hours > closed > chat-link-sms (not offered) > goodbye'],
      ['1', 'consumer-welcome > consumer-hours > closed > chat-link-sms'],
    ]);
  });

  it('says how many calls the paths past the 15 listed hold', async () => {
    // 22 calls on 16 paths (the menu said once, twice, … 16 times): 7 on the first, 1 on each other. The page lists
    // 15 paths, 21 calls: the call on the 16th is said not listed.
    const menuTimes = (n: number) => ['consumer-welcome', 'consumer-hours', ...Array.from({ length: n }, () => 'consumer-menu')];
    const records = [...Array.from({ length: 7 }, (_, i) => record(i + 1, { path: menuTimes(1), inputs: ['none'] })), ...Array.from({ length: 15 }, (_, i) => record(i + 8, { path: menuTimes(i + 2), inputs: ['none'] }))];
    const html = plain(await reportOfLines(records, fixedFlow(), 'a day of calls'));
    const rows = pathRows(html);
    expect(rows).toHaveLength(15);
    expect(rows.reduce((sum, [calls]) => sum + Number(calls), 0)).toBe(21);
    expect(html).toContain('<p data-paths-unlisted="1">1 call on a rarer path is not listed.</p>');
  });
});
