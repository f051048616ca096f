// `ivr report` says large counts with their digits grouped in thousands, as English writes them, on the terminal
// and on the page alike: "1,250 calls", not "1250 calls" (a week of a busy line is six digits: "540000 calls").

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-digits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 1,250 calls on Tuesday 24 November 2026 between 10:00 and 10:59: 1,200 put through, 50 that hung up in the menu. */
function records(): string {
  return Array.from({ length: 1_250 }, (_, i) => {
    const through = i < 1_200;
    return JSON.stringify({
      event: 'ivr.call', callSid: `CA${String(i).padStart(32, '0')}`, line: 'consumer', status: 'completed', language: 'it',
      outcome: through ? 'transferred' : 'caller-hung-up-in-menu',
      path: through ? ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'] : ['consumer-welcome', 'consumer-hours', 'consumer-menu'],
      inputs: through ? ['none', '2', 'dial:completed'] : ['none'],
      durationSeconds: 60, startedAt: `2026-11-24T10:${String(i % 60).padStart(2, '0')}:00+01:00`, from: '+39******4567', to: '+39******1240',
    });
  }).join('\n') + '\n';
}

describe('ivr report with more than a thousand calls', { timeout: 60_000 }, () => {
  it('groups the digits of its counts in thousands on the terminal and the page', async () => {
    const file = path.join(dir, 'busy.jsonl');
    writeFileSync(file, records());
    const output = path.join(dir, 'busy.html');
    const run = await runIvr(['report', file, '--output', output, '--flow', FIXED_FLOW_FILE]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1,250 calls, 2026-11-24 (the day of the calls): 1,200 put through, 50 ended in the menu (0 of them after hours, 0 on a holiday)');
    const html = readFileSync(output, 'utf8');
    // The totals, the tables of counts, the hour chart, the days, the transfers, the paths, the map and its table.
    expect(html).toContain('data-total="Calls">1,250<');
    expect(html).toContain('data-total="Put through">1,200 <small>(96%)</small><');
    expect(html).toContain('data-count="line:consumer">1,250<');
    expect(html).toContain('title="Tuesday 10:00-11:00: 1,250 calls">1,250<');
    expect(html).toMatch(/data-day="2026-11-24"><span class="bar"[^>]*><\/span> 1,250</);
    expect(html).toMatch(/<bdi>consumer-operator<\/bdi><\/th><td>[^<]*<\/td><td>1,200<\/td><td>1,200<\/td>/);
    expect(html).toContain('<tr><td>1,200</td>');
    expect(html).toMatch(/data-node="consumer-menu">[\s\S]*?1,250 calls, 50 ended here, hung up before pressing a key</);
    expect(html).toContain('<tr><th scope="row">consumer-menu</th><td>1,250</td><td>50</td><td>50</td></tr>');
    expect(html).toMatch(/<th scope="row">consumer-menu<\/th><td>2[^<]*<\/td><td>consumer-operator-hours<\/td><td>1,200<\/td>/);
  });
});
