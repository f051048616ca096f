// `ivr report` on calls one of whose requests failed, answered by Twilio's fallback URL (`fallback:11200` in the
// record's inputs): the key the caller pressed then was lost, and the menu was said again. That is the app or Twilio
// failing, not the caller pressing nothing or a wrong key: the page and the terminal count such calls apart, with
// the nodes it happened at, and the menu's arrow back to itself says so instead of the flow's "repeat".

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { arrowRows, reportRecords } from './reportRun';
import { textBlock } from '../docs/markdown';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-report-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = ['consumer-welcome', 'consumer-hours', 'consumer-menu'];
let sid = 0;
const call = (then: string[], inputs: string[], outcome = 'caller-hung-up-in-menu') =>
  JSON.stringify({ event: 'ivr.call', callSid: `CA${String(++sid).padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome, language: 'it', path: [...START, ...then], inputs, durationSeconds: 40, startedAt: '2026-11-24T10:00:00+01:00', from: '+39******4567', to: '+39******1240' });

const RECORDS = [
  // The caller's key at the menu lost twice: the menu said again, then 3.
  ...[1, 2].map(() => call(['consumer-menu', 'consumer-complaints'], ['none', 'fallback:11200', '3'])),
  // A caller who pressed * to hear the menu again: the flow's repeat.
  call(['consumer-menu', 'consumer-complaints'], ['none', '*', '3']),
  // The transfer's request failed: the fallback began the call again at the welcome.
  call(['consumer-operator-hours', 'consumer-operator', ...START, 'consumer-chat'], ['none', '2', 'fallback:11200', 'none', '1']),
];

const report = (flowFile: string) => reportRecords(dir, path.basename(flowFile), RECORDS, flowFile);

/** The rows of the consumer map's table of arrows from the consumer menu back to itself: key or outcome, calls. */
const repeatArrows = (html: string) => arrowRows(html, 'consumer').filter(([from, , to]) => from === 'consumer-menu' && to === 'consumer-menu').map(([, ways, , calls]) => [ways, calls]);

describe("ivr report on calls Twilio's fallback answered", { timeout: 30_000 }, () => {
  it('says on the terminal and the page how many calls had a request fail, and at which nodes, as no key of the caller', async () => {
    const { run, html } = await report(FIXED_FLOW_FILE);
    expect(run.code, run.stderr).toBe(0);
    const said =
      "3 calls had a request fail, and Twilio's fallback answered it (at consumer-menu 2, consumer-operator 1): the app or Twilio failed there, not the caller. " +
      'What the caller pressed then (or how a transfer ended) was lost, and is not counted as a key pressed or as no key. ' +
      "At a menu the caller heard it again, their tries as they were: on the map, \"a request failed, Twilio's fallback\" on the menu's arrow back to itself. " +
      'After a transfer the call began again at its line\'s start, in the caller\'s language (before 7 December 2026, in Italian whatever language they had chosen): no arrow of the map shows it';
    expect(run.stdout).toContain(`\n${said}\n`);
    expect(textBlock('docs/cli.md', '3 calls had a request fail'), 'docs/cli.md, "Requests that failed"').toBe(said);
    expect(html).toContain(`data-fallbacks="3">${said.replace(/"/g, '&quot;')}.</p>`);
  });

  it("labels the menu's arrow back to itself with the fallback apart from the flow's repeat, which counts the caller who pressed *", async () => {
    const { html } = await report(FIXED_FLOW_FILE);
    expect(repeatArrows(html)).toEqual([
      ['*, none / wrong: repeat', '1'],
      ["a request failed, Twilio's fallback", '2'],
    ]);
    expect(html).toContain(">*, none / wrong: repeat · 1; a request failed, Twilio's fallback · 2</text>");
  });

  it('reads no key in a fallback when the flow is not the one the calls went through: the keys after it are still checked', async () => {
    // Keys 3 and 4 swapped since: the two callers whose key was lost then pressed 3, which leads elsewhere now, as did
    // the caller who pressed * first.
    const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8'));
    for (const option of flow.nodes['consumer-menu'].options) {
      if (option.key === '3') option.next = 'consumer-written';
      else if (option.key === '4') option.next = 'consumer-complaints';
    }
    const swapped = path.join(dir, 'swapped.json');
    writeFileSync(swapped, JSON.stringify(flow));
    const { run } = await report(swapped);
    const warning = run.stderr.split('\n').find((line) => line.startsWith('ivr report: The keys'))?.split(' (the flow ')[0] ?? '';
    expect(warning).toContain('The keys of 3 calls do not lead where this flow sends them: 3 calls pressed 3 at consumer-menu and went to consumer-complaints, where this flow sends 3 to consumer-written');
    expect(warning).not.toContain('fallback');
  });
});
