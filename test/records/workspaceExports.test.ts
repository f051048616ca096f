// The exports docs/call-records.md tells a user to make, in each shape the
// Azure tools write them, read by `ivr report` and `ivr replay`. The
// Application Insights resource's Logs name the columns of `traces`
// `timestamp` and `message`; a Log Analytics workspace names those of
// `AppTraces` `TimeGenerated` and `Message`
// (https://learn.microsoft.com/azure/azure-monitor/reference/tables/apptraces).
// Before, a JSON export of the workspace form gave "holds no ivr.call record"
// (exit 2): the JSON readers looked for `message` and `timestamp` only.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ivr-workspace-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A call put through on Tuesday 24 November 2026, ended 09:01:23 UTC after 83 s; without `startedAt` (an app
 * before it) and without Twilio's timestamp, so only the export row's own time says when it was. Its path names the
 * nodes of the fixed copy of the menu, which the commands here read: a rename in the shipped menu does not reach them.
 */
const undated = { event: 'ivr.call', callSid: `CA${'7'.padStart(32, '0')}`, line: 'consumer', status: 'completed', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], durationSeconds: 83, from: '+39******4567', to: '+39******1240' };
/** The same call with its start, as today's app writes it: what `ivr replay` needs. */
const dated = { ...undated, callSid: `CA${'6'.padStart(32, '0')}`, startedAt: '2026-11-24T10:00:00+01:00' };
const loggedAt = '2026-11-24T09:01:23.000Z';
const message = (record: object) => `[Information] ${JSON.stringify(record)}`;

const queryResult = (time: string, text: string, records: object[]) =>
  JSON.stringify({ tables: [{ name: 'PrimaryResult', columns: [{ name: time, type: 'datetime' }, { name: text, type: 'string' }], rows: records.map((r) => [loggedAt, message(r)]) }] }, null, 2);
/** What `az monitor log-analytics query` prints: an array of row objects, each with its TableName. */
const cliArray = (time: string, text: string, records: object[]) => JSON.stringify(records.map((r) => ({ [text]: message(r), TableName: 'PrimaryResult', [time]: loggedAt })), null, 2);

const SHAPES: { name: string; file: string; text: (records: object[]) => string }[] = [
  { name: 'an Application Insights query result (`az monitor app-insights query`): timestamp, message', file: 'appinsights-tables.json', text: (r) => queryResult('timestamp', 'message', r) },
  { name: 'a workspace query result (the REST API): TimeGenerated, Message', file: 'workspace-tables.json', text: (r) => queryResult('TimeGenerated', 'Message', r) },
  { name: '`az monitor log-analytics query` of the traces form: an array with message, timestamp', file: 'cli-array-traces.json', text: (r) => cliArray('timestamp', 'message', r) },
  { name: '`az monitor log-analytics query` of the AppTraces form: an array with Message, TimeGenerated', file: 'cli-array-apptraces.json', text: (r) => cliArray('TimeGenerated', 'Message', r) },
  { name: "a workspace's CSV export from the portal: TimeGenerated [UTC], Message", file: 'workspace.csv', text: (r) => `TimeGenerated [UTC],Message\n${r.map((x) => `"11/24/2026, 9:01:23.000 AM","${message(x).replace(/"/g, '""')}"`).join('\n')}\n` },
];

describe('an export of the call records, in each shape the Azure tools write', { timeout: 60_000 }, () => {
  for (const shape of SHAPES) {
    it(`ivr report reads ${shape.name}, dating a record without startedAt by the row's own time`, async () => {
      const records = path.join(dir, shape.file);
      writeFileSync(records, shape.text([undated]));
      const output = path.join(dir, `${shape.file}.html`);
      const run = await runIvr(['report', records, '--flow', FIXED_FLOW_FILE, '--output', output]);
      expect(run.stderr).not.toContain('holds no ivr.call record');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('1 call, 2026-11-24 (the day of the calls): 1 put through');
      // Logged 09:01:23 UTC, 83 s after it began: 10:00 in Rome.
      expect(readFileSync(output, 'utf8')).toContain('title="Tuesday 10:00-11:00: 1 call"');
    });

    it(`ivr replay replays the call in ${shape.name}`, async () => {
      const records = path.join(dir, `dated-${shape.file}`);
      writeFileSync(records, shape.text([dated]));
      const run = await runIvr(['replay', records, '--flow', FIXED_FLOW_FILE]);
      expect(run.stderr).not.toContain('holds no ivr.call record');
      expect(run.stdout).toMatch(/^0 of 1 calls would go differently$/m);
      expect(run.code).toBe(0);
    });
  }
});

it('two days exported as CSV and joined with cat, as docs/call-records.md says past the row cap: the second header is passed over, both days counted', async () => {
  const day = (record: object) => `\uFEFFtimestamp [UTC],message\n"11/24/2026, 9:01:23.000 AM","${message(record).replace(/"/g, '""')}"\n`;
  const nextDay = { ...dated, callSid: `CA${'5'.padStart(32, '0')}`, startedAt: '2026-11-25T10:00:00+01:00' };
  const joined = path.join(dir, 'week.csv');
  writeFileSync(joined, day(dated) + day(nextDay));
  const run = await runIvr(['report', joined, '--flow', FIXED_FLOW_FILE, '--output', path.join(dir, 'week.html')]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('2 calls, 2026-11-24 to 2026-11-25 (from the first call to the last): 2 put through');
  expect(run.stderr).not.toMatch(/could not be read/);
}, 60_000);
