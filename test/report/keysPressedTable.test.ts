// `ivr report`'s keys pressed at each menu: the figure customer-service operations ask for first is how many callers
// asked for an operator, and the map's arrow to the operator counts them with the callers the menu sent there after
// three failed tries. The page's "Keys pressed at each menu" says each key at each menu and SMS offer with its calls,
// how many times it was pressed, and where this flow sends it, the last failed try on a row of its own; the terminal
// names the keys pressed most and the calls sent on after failing. Only keys the records pair with a menu count,
// and the calls they cannot pair are said; Twilio's fallback is no key of the caller's.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { reportRecords } from './reportRun';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-keys-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WELCOME = ['consumer-welcome', 'consumer-hours'];
const M = 'consumer-menu';
const OPERATOR = ['consumer-operator-hours', 'consumer-operator'];
let sid = 0;
/** A consumer call's record: `path` and `inputs` whole, the welcome's included. */
const call = (path: string[], inputs: string[], outcome = 'caller-hung-up-in-menu', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event: 'ivr.call', callSid: `CA${String(++sid).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path, inputs, ...extra, durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });
/** A call that heard the welcome in Italian (no key), then `path` from the consumer menu on, with its `inputs` there. */
const atMenu = (path: string[], inputs: string[], outcome?: string) => call([...WELCOME, ...path], ['none', ...inputs], outcome);

/** The rows of the table of keys pressed at `menu`: key, calls, times pressed, where this flow sends it, as a reader sees them. */
function keyRows(html: string, menu: string): string[][] {
  const table = new RegExp(`<table class="keys" data-keys-at="${menu}">[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).map((cell) => cell.replace(/&amp;/g, '&')));
}

/** The page's words without its markup. */
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('ivr report says the keys callers pressed at each menu', { timeout: 30_000 }, () => {
  it('tells the callers who pressed 2 for an operator from those the menu sent there after 3 failed tries, silence from wrong keys', async () => {
    const records = [
      // Four asked for an operator.
      ...[1, 2, 3, 4].map(() => atMenu([M, ...OPERATOR], ['2', 'dial:completed'], 'transferred')),
      // One pressed nothing three times: the third failed try put it through.
      atMenu([M, M, M, ...OPERATOR], ['none', 'none', 'none', 'dial:completed'], 'transferred'),
      // One pressed 7, 8 and 6, none of them the menu's: put through after the third.
      atMenu([M, M, M, ...OPERATOR], ['7', '8', '6', 'dial:completed'], 'transferred'),
      // One pressed 1 for the chat; one hung up while the menu spoke.
      atMenu([M, 'consumer-chat'], ['1']),
      atMenu([M], []),
      // One whose journal missed its start: which menu its keys answered, the record does not say.
      call(['…', M, 'consumer-chat'], ['…', '1'], 'caller-hung-up-in-menu', { pathMissing: 'partial' }),
    ];
    const { run, html } = await reportRecords(dir, 'operator', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);

    expect(html).toContain('<caption>Keys pressed at consumer-menu, consumer line</caption>');
    expect(keyRows(html, M)).toEqual([
      ['2', '4', '4', 'sends 2 to consumer-operator-hours'],
      ['no key', '1', '2', 'asks again when no key is pressed'],
      ['no key, on the last try', '1', '1', 'takes no key as a 3rd failed try, which goes on to consumer-operator-hours'],
      ['7', '1', '1', 'has no key 7 there (the menu asks again)'],
      ['8', '1', '1', 'has no key 8 there (the menu asks again)'],
      ['6, on the last try', '1', '1', 'has no key 6 there (a 3rd failed try, which goes on to consumer-operator-hours)'],
      ['1', '1', '1', 'sends 1 to consumer-chat'],
    ]);
    // The map's arrow to the operator counts all six: its words send the reader here.
    expect(text(html)).toContain('the keys themselves are counted in “Keys pressed at each menu” below');
    expect(text(html)).toContain('2 calls were sent on to consumer-operator-hours after the 3 failed tries consumer-menu allows (no key, or a key it has no option for), not by pressing a key for it.');
    // The welcome: every call whose path has it (not the partial one) pressed nothing there.
    expect(keyRows(html, 'consumer-welcome')).toEqual([['no key', '8', '8', 'sends no key to consumer-hours']]);
    expect(html).toContain('<p data-keys-unpaired="1">1 call has keys counted only as far as the record pairs its answers with the menus');

    expect(run.stdout).toContain('\nKeys pressed most: 2 at consumer-menu (4 calls), 7 at consumer-menu (1 call), 8 at consumer-menu (1 call); the keys of 1 call are counted only as far as its record pairs them with the menus\n');
    expect(run.stdout).toContain("\nSent on after a menu's last failed try (no key, or a key it has no option for): 2 calls at consumer-menu, to consumer-operator-hours after 3 failed tries\n");
  });

  it("leaves out Twilio's fallback, which is no key of the caller's, and counts the tries around it as the engine does", async () => {
    const records = [
      // No key, the request after it failed (the menu said again), then no key twice more: put through on the third failed try.
      atMenu([M, M, M, M, ...OPERATOR], ['none', 'fallback:11200', 'none', 'none', 'dial:completed'], 'transferred'),
    ];
    const { run, html } = await reportRecords(dir, 'fallback', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(keyRows(html, M)).toEqual([
      ['no key', '1', '2', 'asks again when no key is pressed'],
      ['no key, on the last try', '1', '1', 'takes no key as a 3rd failed try, which goes on to consumer-operator-hours'],
    ]);
    expect(text(html)).toContain("Twilio's fallback after a failed request (1 call, see “Where callers go”) is no key of the caller's: not counted here.");
    expect(html).not.toContain('data-keys-unpaired');
  });

  it('says what the SMS offer does with each answer, and leaves out the landline callers it was not made to', async () => {
    const closed = ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye'];
    const records = [
      call(closed, ['none', '1'], 'menu-hung-up', { sms: 'sent' }),
      call(closed, ['none', '1'], 'menu-hung-up', { sms: 'sent' }),
      call(closed, ['none', 'none'], 'menu-hung-up', { sms: 'declined' }),
      // A landline: no offer, no answer.
      call(closed, ['none'], 'menu-hung-up'),
    ];
    const { run, html } = await reportRecords(dir, 'offer', records, FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    expect(html).toContain('<caption>Keys pressed at the SMS offer chat-link-sms, consumer line</caption>');
    expect(keyRows(html, 'chat-link-sms')).toEqual([
      ['1', '2', '2', 'sends the SMS, then goes on to goodbye'],
      ['no key', '1', '1', 'takes no key as declining the SMS, and goes on to goodbye'],
    ]);
    expect(html).not.toContain('data-keys-unpaired');
    expect(run.stdout).toContain('\nKeys pressed most: 1 at chat-link-sms (2 calls)\n');
  });

  it('says where the calls went when this flow sends their key elsewhere, and lists a key no phone has apart', async () => {
    // The calls pressed 3 for the complaints procedure; this flow has since swapped keys 3 and 4.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    for (const option of flow.nodes[M].options) {
      if (option.key === '3') option.next = 'consumer-written';
      else if (option.key === '4') option.next = 'consumer-complaints';
    }
    const swapped = path.join(dir, 'swapped.json');
    writeFileSync(swapped, JSON.stringify(flow, null, 2));
    const records = [atMenu([M, 'consumer-complaints'], ['3']), atMenu([M, M, 'consumer-chat'], ['x'.repeat(40), '1'])];
    const { run, html } = await reportRecords(dir, 'swapped', records, swapped);
    expect(run.code, run.stderr).toBe(0);
    expect(keyRows(html, M)).toEqual([
      ['3', '1', '1', 'sends 3 to consumer-written; these calls went to consumer-complaints'],
      ['1', '1', '1', 'sends 1 to consumer-chat'],
      ['another key', '1', '1', 'keys not listed one by one: longer than 8 keys, not keys of a phone, or more kinds than the table lists'],
    ]);
  });
});
