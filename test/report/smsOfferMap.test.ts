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

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-sms-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Extra = { path: string[]; inputs: string[]; sms?: string; outcome?: string };
const record = (n: number, { path, inputs, sms, outcome = 'menu-hung-up' }: Extra) =>
  JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path, inputs,
    ...(sms ? { sms } : {}), durationSeconds: 40, startedAt: `2026-11-24T20:${String(n).padStart(2, '0')}:00+01:00`, from: '+39******4567', to: '+39******1240',
  });

/** The page's text without the isolation marks round record values. */
const plain = (html: string) => html.replace(/[\u2068\u2069]/g, '');

/** The rows of a table of the consumer map (`data-map-boxes` or `data-map-moves`), each as its cells' text. */
function tableRows(html: string, table: 'data-map-boxes' | 'data-map-moves'): string[][] {
  const markup = new RegExp(`<table ${table}><caption>[^<]*consumer line[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...markup.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]*>/g, '').replace(/&amp;/g, '&')));
}

/** The consumer map's box of `node`: its lines as drawn. */
function boxLines(html: string, node: string): string[] {
  const consumer = html.split('<svg').find((svg) => svg.includes('data-node="consumer-welcome"')) ?? '';
  const box = new RegExp(`data-node="${node}">([\\s\\S]*?)</g>`).exec(consumer)?.[1] ?? '';
  return [...box.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1] ?? '');
}

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
    // The box: 4 offers (the one that hung up during it ended there), and the 2 landline calls apart.
    expect(boxLines(html, 'chat-link-sms').slice(-2)).toEqual(['4 offered the SMS, 1 ended here, hung up waiting for a key', '2 not offered']);
    // The arrow out of it: the 3 offers answered, and the 2 calls not offered, each with its count.
    expect(html).toMatch(/data-from="chat-link-sms" data-to="goodbye">[\s\S]*?<text[^>]*>1: SMS, or none · 3; not offered · 2<\/text>/);
    // The map's table says the same.
    expect(tableRows(html, 'data-map-boxes')).toContainEqual(['chat-link-sms', '4 offered the SMS, 2 not offered', '1', '1']);
    const out = tableRows(html, 'data-map-moves').filter(([from]) => from === 'chat-link-sms');
    expect(out).toEqual([
      ['chat-link-sms', '1: SMS, or none', 'goodbye', '3'],
      ['chat-link-sms', 'not offered', 'goodbye', '2'],
    ]);
    // The arrow into the box still carries every call that reached it.
    expect(tableRows(html, 'data-map-moves')).toContainEqual(['closed', 'then', 'chat-link-sms', '6']);
    // The page says what the box counts.
    expect(html).toContain('The SMS offer (<bdi>chat-link-sms</bdi>) is made to mobile callers only: its box counts the calls offered the SMS');
  });

  it('lists the paths of the calls not offered apart from those offered the SMS, marked so', async () => {
    const html = plain(await reportOfLines(RECORDS, fixedFlow(), 'an evening of calls'));
    const paths = [...(/<h2 id="paths">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').matchAll(/<tr><td>(\d+)<\/td><td>(.*?)<\/td>/g)].map((m) => [m[1], (m[2] ?? '').replace(/<[^>]*>/g, '').replace(/&gt;/g, '>')]);
    expect(paths).toEqual([
      ['3', 'consumer-welcome > consumer-hours > closed > chat-link-sms > goodbye'],
      ['2', 'consumer-welcome > consumer-hours > closed > chat-link-sms (not offered) > goodbye'],
      ['1', 'consumer-welcome > consumer-hours > closed > chat-link-sms'],
    ]);
  });

  it('prints the hang-ups during the offer on the terminal as before: callers offered it, not the landline ones', async () => {
    const records = path.join(dir, 'evening.jsonl');
    writeFileSync(records, RECORDS.join('\n') + '\n');
    const run = await runIvr(['report', records, '--output', path.join(dir, 'evening.html'), '--flow', FIXED_FLOW_FILE]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SMS 2 sent, 0 failed, 1 declined, 1 offer unanswered');
    expect(run.stdout).toContain('Callers hung up most at: chat-link-sms (1)');
  });
});
