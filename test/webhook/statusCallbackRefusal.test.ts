import { expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { CALL_SID, TOKEN, formPost, recordingLogger, twilioCallParams } from '../hardening/support';

// A status callback refused for its signature is logged as a refused webhook
// is (SECURITY.md, "What the app logs"): the CallSid, the method and the URL
// checked, and what to check. Behind a custom domain the URL is what shows a
// wrong PUBLIC_BASE_URL; before, this route logged neither.

it('a refused status callback is logged with its CallSid and the URL checked, never the token', async () => {
  const logger = recordingLogger();
  const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example' }), clock, logger });
  logger.lines.length = 0; // start-up warnings (placeholder destinations) are not the point here
  const answer = await app.fetch(formPost('http://localhost:7071/api/voice/status', twilioCallParams({ CallStatus: 'completed', CallDuration: '12' }), 'bad'));
  expect(answer.status).toBe(403);
  expect(logger.lines).toEqual([
    {
      level: 'warn',
      message: `CallSid=${CALL_SID} POST https://ivr.klarna-italia.example/api/voice/status: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL); further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)`,
    },
  ]);
  expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
});

it('a signed status callback whose CallSid is not a CallSid gets 204 and a warning that no record will be written, and why', async () => {
  const logger = recordingLogger();
  const clock = () => DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN }), clock, logger });
  logger.lines.length = 0;
  const url = 'http://localhost:7071/api/voice/status';
  for (const callSid of ['CA-not-a-sid\nforged line', '']) {
    const params = twilioCallParams({ CallSid: callSid, CallStatus: 'completed', CallDuration: '12' });
    const answer = await app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, url, params)));
    expect(answer.status).toBe(204);
  }
  // Nothing of what the request sent as CallSid reaches the log.
  const warning = (shown: string) => ({
    level: 'warn',
    message: `status callback with CallSid=${shown}: answered 204, and no ivr.call line will be written for it: the call journal and the record are keyed by the call's CallSid (CA and 32 hex digits), which this request does not carry`,
  });
  expect(logger.lines).toEqual([warning('(not a CallSid)'), warning('(not a CallSid)')]);
});
