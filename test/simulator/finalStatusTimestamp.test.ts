// The final status callback carries Twilio's Timestamp, the instant the call
// ended: "Timestamp: the timestamp when the event fired, given as UTC in RFC
// 2822 format", sent with every status callback
// (https://www.twilio.com/docs/voice/api/call-resource#statuscallback; the
// Twilio-compatible SignalWire lists it the same way:
// https://developer.signalwire.com/compatibility-api/guides/signalwire-status-callbacks/voice-status-callbacks).
// The app dates a call its journal lost from it, less CallDuration: without
// it, a simulated call (its 94 seconds pass on a virtual clock, at once) was
// recorded as begun 94 seconds before it began.

import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { CallJournal } from '../../src/journal/callJournal';
import { simulateCall } from '../../src/simulator';
import { CONSUMER_LINE, MOBILE, ORIGIN, recordingLogger } from '../twilio/support';

/** A journal that keeps nothing and cannot be read, as a table journal whose storage is down. */
const unreachable: CallJournal = { record() {}, take: async () => ({ steps: null }), claimSms: async () => ({ first: true, settle() {} }) };

it("posts the call's end as Timestamp, so a call the journal lost is dated when it began, not its duration earlier", async () => {
  const began = DateTime.fromISO('2026-11-24T10:00:00', { zone: 'Europe/Rome' });
  const logger = recordingLogger();
  // The app's clock stays at the call's start, as a simulated call's seconds pass on a virtual clock.
  const app = createApp({ settings: readSettings({ PUBLIC_BASE_URL: ORIGIN, TWILIO_SIGNATURE_VALIDATION: 'off' }), clock: () => began, logger, journal: unreachable });
  const posted: Record<string, string>[] = [];
  const result = await simulateCall({
    url: `${ORIGIN}/api/voice`,
    statusCallback: `${ORIGIN}/api/voice/status`,
    startedAt: began.toJSDate(),
    transport: async (request) => {
      if (request.url.endsWith('/status')) posted.push(Object.fromEntries(new URLSearchParams(request.body)));
      return app.handle(request);
    },
    call: { to: CONSUMER_LINE, from: MOBILE },
    caller: [{ silence: true }, { digits: '1' }, { silence: true }, { silence: true }, { hangup: true }],
  });
  const seconds = Math.ceil(result.virtualSeconds);
  expect(seconds).toBeGreaterThan(30);
  expect(posted).toHaveLength(1);
  expect(posted[0]).toMatchObject({ CallDuration: String(seconds), Timestamp: began.plus({ seconds }).toUTC().toRFC2822() });
  const [record] = logger.events('ivr.call');
  expect(record).toMatchObject({ pathMissing: 'journal-unavailable', durationSeconds: seconds, startedAt: '2026-11-24T10:00:00+01:00' });
});
