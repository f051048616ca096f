import { expect, it } from 'vitest';
import { DateTime } from 'luxon';
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
      message: `CallSid=${CALL_SID} POST https://ivr.klarna-italia.example/api/voice/status: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL); further refusals are counted, not logged, until a request is accepted again (with a count every 10 minutes)`,
    },
  ]);
  expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
});
