// `ivr report` on calls that went on from a say node to a node the flow drawn no longer goes on to: a say node,
// like an SMS offer, goes on to one node whatever the caller does, so the path alone says the flow has changed
// since the calls. An hours node's way on depends on the time it was reached, which a record does not give.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { projectDir } from '../support/runIvr';
import { reportRecords } from './reportRun';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-say-moves-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixed menu with its merchant holiday message going on to the merchant menu, not goodbye: a later deploy's. */
function flowAfterDeploy(change: (nodes: Record<string, { next?: string }>) => void = () => {}): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
  flow.nodes['merchant-holiday-closed'].next = 'merchant-menu';
  change(flow.nodes);
  const file = path.join(dir, `flow-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(flow, null, 2));
  return file;
}

type Call = { path: string[]; inputs: string[]; line?: string; startedAt: string; startedOver?: string[] };
const record = (n: number, { path, inputs, line = 'merchant', startedAt, startedOver }: Call) =>
  JSON.stringify({
    event: 'ivr.call', callSid: `CA${String(n).padStart(32, '0')}`, line, status: 'completed', outcome: 'menu-hung-up', language: 'it', path, inputs,
    ...(startedOver ? { startedOver } : {}), durationSeconds: 30, startedAt, from: '+39******4567', to: line === 'merchant' ? '+39******1250' : '+39******1240',
  });

const HOLIDAY = ['merchant-welcome', 'merchant-hours', 'merchant-holiday-closed', 'goodbye'];

describe('calls that went on from a say node elsewhere than the flow drawn', { timeout: 30_000 }, () => {
  it('are said on the terminal and the page, in words for a say node', async () => {
    // Two merchants called on the 8 December holiday and heard the holiday message, then goodbye; the flow drawn
    // goes on from that message to the merchant menu.
    const calls = [record(1, { path: HOLIDAY, inputs: ['none'], startedAt: '2026-12-08T11:00:00+01:00' }), record(2, { path: HOLIDAY, inputs: ['none'], startedAt: '2026-12-08T12:00:00+01:00' })];
    const { run, html } = await reportRecords(dir, 'holiday', calls, flowAfterDeploy());
    expect(run.code, run.stderr).toBe(0);
    const said = '2 calls did not go where this flow sends them: 2 calls went on from merchant-holiday-closed to goodbye, where this flow goes on to merchant-menu';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow `);
    expect(run.stderr).toContain('The flow has changed since these calls, or is not the one they went through: give that one with --flow');
    expect(html).toContain('data-wrong-keys="2"');
    expect(html).toContain(`${said}.</strong>`);
    // No key took them there, so no arrow of the map is said to show what they pressed.
    expect(`${run.stderr}${html}`).not.toContain('arrows say the keys');
  });

  it('are not said across a gap in the path, for a call that started over, or after an hours check', async () => {
    const calls = [
      // A call of over 30 answers whose record left out the middle ("…"): what followed the message is not known.
      record(1, { path: ['merchant-welcome', 'merchant-hours', 'merchant-holiday-closed', '…', 'goodbye'], inputs: ['none', '…'], startedAt: '2026-12-08T11:00:00+01:00' }),
      // A call that started over: its path goes on at the line's start where it did.
      record(2, { path: HOLIDAY, inputs: ['none'], startedOver: ['merchant-holiday-info'], startedAt: '2026-12-08T11:05:00+01:00' }),
      // Begun at 16:59:50, open then; the check, after the welcome, found the line closed at 17:00. The record gives only
      // the start, so the way an hours check took is not judged.
      record(3, { line: 'consumer', path: ['consumer-welcome', 'consumer-hours', 'closed', 'chat-link-sms', 'goodbye'], inputs: ['none'], startedAt: '2026-11-24T16:59:50+01:00' }),
    ];
    const { run, html } = await reportRecords(dir, 'not-judged', calls, flowAfterDeploy());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('where this flow sends them');
    expect(html).not.toContain('data-wrong-keys');
  });

  it('are said with the SMS offer calls of the sample records, each in its own words', async () => {
    // The sample records (test/report/fixtures/calls.jsonl) drawn with a flow whose SMS offer goes on to the
    // written-request message, as the shipped flow's goes on to its information keys: two calls left the offer for
    // goodbye, one the merchant holiday message.
    const flowFile = flowAfterDeploy((nodes) => {
      (nodes['chat-link-sms'] as { next: string }).next = 'consumer-written';
    });
    const sample = readFileSync(path.join(projectDir, 'test/report/fixtures/calls.jsonl'), 'utf8').trimEnd().split('\n');
    const { run, html } = await reportRecords(dir, 'sample', sample, flowFile);
    expect(run.code, run.stderr).toBe(0);
    const said = '3 calls did not go where this flow sends them: 2 calls went on from the SMS offer chat-link-sms to goodbye, where this flow goes on to consumer-written; 1 call went on from merchant-holiday-closed to goodbye, where this flow goes on to merchant-menu';
    expect(run.stderr).toContain(`ivr report: ${said} (the flow `);
    expect(html).toContain('data-wrong-keys="3"');
    expect(html).toContain(`${said}.</strong>`);
  });
});
