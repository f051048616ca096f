import { afterEach, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalHost, type LocalHost } from '../../src/server/localHost';
import { SHIPPED_FLOW_FILE, shippedFlowWithWelcome, startOf } from '../support/shippedFlow';
import { DateTime } from 'luxon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { CALL_SID, TOKEN, formPost, recordingLogger, twilioCallParams } from '../hardening/support';

// A token that no longer matches (rotated in the console, not in the app
// settings) refuses every request of every call: the voice webhook, Twilio's
// fallback to the same URL, the status callback. One warning each was three
// lines per call for the whole outage. The log now says it as the call
// journal says a storage failure (SECURITY.md, "What the app logs"): the first
// refusal in full, a count every 10 minutes while it lasts, and one line at the
// first request accepted after each warning.

const ORIGIN = 'https://ivr.klarna-italia.example';
const matchesAgain = (refused: number) =>
  `X-Twilio-Signature matches again: this request is accepted, after ${refused} ${refused === 1 ? 'request' : 'requests'} refused for their signature since the first warning ` +
  '(should refusals go on, some requests are signed for another URL or token, such as a number pointed at another address: a count follows every 10 minutes)';
const FIRST = `CallSid=${CALL_SID} POST ${ORIGIN}/api/voice: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)`;

/** The app with the token it was given, at 09:00 UTC on the test's fake clock, and its log from then on. */
function appAt9() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
  const logger = recordingLogger();
  const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: ORIGIN }), clock, logger });
  logger.lines.length = 0; // start-up warnings (placeholder destinations) are not the point here
  return { app, logger };
}

let host: LocalHost | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await host?.close();
  host = undefined;
});

it('a token outage: the first refusal in full, a count with the latest every 10 minutes, and a line when requests are accepted again', async () => {
  const { app, logger } = appAt9();
  // Twilio signs with the promoted token the app does not have yet.
  const post = (path: string, params: Record<string, string>, token = 'the-new-token') => app.fetch(formPost(`${ORIGIN}${path}`, params, getExpectedTwilioSignature(token, `${ORIGIN}${path}`, params)));
  const warnings = () => logger.lines.filter((l) => l.level !== 'info');

  // Three calls: the start request, Twilio's fallback to the same URL, and the status callback, each refused.
  for (let call = 0; call < 3; call++) {
    expect((await post('/api/voice', twilioCallParams())).status).toBe(403);
    expect((await post('/api/voice', twilioCallParams({ ErrorCode: '11200' }))).status).toBe(403);
    expect((await post('/api/voice/status', twilioCallParams({ CallStatus: 'completed' }))).status).toBe(403);
  }
  expect(logger.lines).toEqual([{ level: 'warn', message: `${FIRST}; further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)` }]);

  // Five minutes on, still refused, still counted; ten minutes after the warning, the next refusal brings a count and
  // shows itself whole: a new URL would show here.
  vi.setSystemTime(new Date('2026-11-24T09:05:00Z'));
  expect((await post('/api/voice', twilioCallParams())).status).toBe(403);
  expect(warnings()).toHaveLength(1);
  vi.setSystemTime(new Date('2026-11-24T09:10:00Z'));
  expect((await post('/api/voice/status', twilioCallParams({ CallStatus: 'completed' }))).status).toBe(403);
  expect(warnings()).toHaveLength(2);
  expect(warnings()[1]).toEqual({
    level: 'warn',
    message: `10 more requests refused for their signature since the last warning (11 requests in all); the latest: CallSid=${CALL_SID} POST ${ORIGIN}/api/voice/status: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)`,
  });
  expect((await post('/api/voice', twilioCallParams())).status).toBe(403);
  expect(warnings()).toHaveLength(2);

  // The app settings catch up: the next request is accepted, and the log says the outage is over and what it cost.
  expect((await post('/api/voice', twilioCallParams(), TOKEN)).status).toBe(200);
  expect(logger.lines.filter((l) => l.level === 'info')).toEqual([
    { level: 'info', message: matchesAgain(12) },
  ]);
  // A refusal soon after is counted still (some requests may be signed otherwise); one after 10 quiet minutes is news again: in full.
  expect((await post('/api/voice', twilioCallParams())).status).toBe(403);
  expect(warnings()).toHaveLength(2);
  // First the count the ended run left unsaid (the two refused at 09:10 after its count).
  vi.setSystemTime(new Date('2026-11-24T09:20:00Z'));
  expect((await post('/api/voice', twilioCallParams())).status).toBe(403);
  expect(warnings()).toHaveLength(4);
  expect(warnings()[2]!.message).toBe('2 more requests refused for their signature after the last warning (13 requests in all), none in the 10 minutes since the latest');
  expect(warnings().at(-1)!.message.startsWith(FIRST)).toBe(true);
  expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
});

it('refusals among accepted requests (one number pointed at another address) are counted too: two lines, not two a refusal', async () => {
  const { app, logger } = appAt9();
  const post = (token: string) => app.fetch(formPost(`${ORIGIN}/api/voice`, twilioCallParams(), getExpectedTwilioSignature(token, `${ORIGIN}/api/voice`, twilioCallParams())));
  // A busy hour: twenty calls answered, and between them twenty refused (signed with a token the app does not have).
  for (let i = 0; i < 20; i++) {
    expect((await post(TOKEN)).status).toBe(200);
    expect((await post('another-token')).status).toBe(403);
  }
  expect(logger.lines.map((l) => l.message)).toEqual([
    `${FIRST}; further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)`,
    matchesAgain(1),
  ]);
  // Refusals go on (one at 09:05); ten minutes after the warning, the count, and again one line at the next request accepted.
  vi.setSystemTime(new Date('2026-11-24T09:05:00Z'));
  expect((await post('another-token')).status).toBe(403);
  vi.setSystemTime(new Date('2026-11-24T09:10:00Z'));
  expect((await post('another-token')).status).toBe(403);
  expect((await post(TOKEN)).status).toBe(200);
  expect((await post(TOKEN)).status).toBe(200);
  expect(logger.lines.map((l) => l.message).slice(2)).toEqual([
    `21 more requests refused for their signature since the last warning (22 requests in all); the latest: ${FIRST}`,
    matchesAgain(22),
  ]);
  // Five more refused among the calls, then none: ten quiet minutes on, the next request brings their count, once.
  vi.setSystemTime(new Date('2026-11-24T09:12:00Z'));
  for (let i = 0; i < 5; i++) {
    expect((await post('another-token')).status).toBe(403);
    expect((await post(TOKEN)).status).toBe(200);
  }
  vi.setSystemTime(new Date('2026-11-24T09:22:00Z'));
  expect((await post(TOKEN)).status).toBe(200);
  expect((await post(TOKEN)).status).toBe(200);
  expect(logger.lines.map((l) => l.message).slice(4)).toEqual(['5 more requests refused for their signature after the last warning (27 requests in all), none in the 10 minutes since the latest']);
});

it('npm start: flow saves between refused requests do not start the count over: one refusal in full, the others counted', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-refusals-')), 'flow.json');
  writeFileSync(file, readFileSync(SHIPPED_FLOW_FILE, 'utf8'));
  const save = (text: string) => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };
  const logger = recordingLogger();
  host = createLocalHost({ settings: readSettings({ IVR_FLOW_FILE: file, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: ORIGIN }), logger });
  const live = host.live;
  const post = (token: string) => live.current().fetch(formPost(`${ORIGIN}/api/voice`, twilioCallParams(), getExpectedTwilioSignature(token, `${ORIGIN}/api/voice`, twilioCallParams())));
  const refusals = () => logger.lines.filter((l) => l.message.includes('refused with 403'));

  expect((await post('the-new-token')).status).toBe(403);
  for (const words of ['Primo.', 'Secondo.']) {
    save(shippedFlowWithWelcome(words));
    // The app was made again from the saved flow, and the next request is refused as the first was.
    expect(JSON.stringify(live.current().flow.nodes[startOf('consumer')])).toContain(words);
    expect((await post('the-new-token')).status).toBe(403);
  }
  expect(refusals()).toEqual([{ level: 'warn', message: `${FIRST}; further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)` }]);
  expect((await post(TOKEN)).status).toBe(200);
  expect(logger.lines.filter((l) => l.message.startsWith('X-Twilio-Signature matches again'))).toEqual([
    { level: 'info', message: matchesAgain(3) },
  ]);
});
