import { afterEach, expect, it, vi } from 'vitest';
import { readSettings } from '../../src/config/settings';
import { createLocalHost, type LocalHost } from '../../src/server/localHost';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';

// The dev phone fills its instant field, once at load, with "now" as the
// flow's wall clock reads it (/devphone/flow's `now`): the day a developer in
// Rome calls "today", whatever the zone of the machine running `npm start`.
// Only Date is faked here (the host's timers run): the clock is the test's,
// never today's.

let host: LocalHost | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await host?.close();
});

async function defaultInstantAt(utc: string): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(utc));
  host = createLocalHost({ settings: readSettings({ IVR_FLOW_FILE: FIXED_FLOW_FILE }), logger: { info() {}, warn() {}, error() {} } });
  const info = (await (await host.devPhone.fetch(new Request('http://127.0.0.1/devphone/flow'))).json()) as { now: string; timeZone: string };
  expect(info.timeZone).toBe('Europe/Rome');
  return info.now;
}

it("at 23:30 UTC on New Year's Eve the dev phone offers 00:30 on 1 January of the next year, Rome's time", async () => {
  expect(await defaultInstantAt('2026-12-31T23:30:00Z')).toBe('2027-01-01T00:30');
});

it('the night the clocks go forward (28 March 2027), 01:30 UTC is 03:30 in Rome', async () => {
  expect(await defaultInstantAt('2027-03-28T01:30:00Z')).toBe('2027-03-28T03:30');
});
