import { expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { TOKEN, WEEKDAY_OPEN, at, formPost, recordingLogger, twilioCallParams } from '../hardening/support';

// A number's "Call status changes" set by hand to /api/voice instead of /api/voice/status: each call's status
// callback was answered 200 as the start of a call, and nothing said why no call was ever recorded.

const BASE = 'https://ivr.klarna-italia.example';
const WARNING =
  `/api/voice got a call's status callback (CallStatus=completed), so no call is recorded (no ivr.call line): ` +
  `in the Twilio console, set the number's "Call status changes" to ${BASE}/api/voice/status (HTTP POST), or run npx ivr provision with the number and ${BASE}; ` +
  'said once until the app restarts';

function appLogging() {
  const logger = recordingLogger();
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: BASE }), clock: at(WEEKDAY_OPEN), logger });
  logger.lines.length = 0; // start-up warnings (placeholder destinations) are not the point here
  const post = (params: Record<string, string>) => {
    const url = `${BASE}/api/voice`;
    return app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, url, params)));
  };
  return { logger, post };
}

it('a status callback sent to /api/voice is answered as today, and the log names the status URL to set, once for two of them', async () => {
  const { logger, post } = appLogging();
  for (const status of ['completed', 'no-answer']) {
    const answer = await post(twilioCallParams({ CallStatus: status, CallDuration: '12' }));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toMatch(/^<\?xml[\s\S]*<Response>/);
  }
  expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', message: WARNING }]);
});

it('a call starting (CallStatus=ringing) is no status callback: nothing is said', async () => {
  const { logger, post } = appLogging();
  expect((await post(twilioCallParams())).status).toBe(200);
  expect(logger.lines.filter((l) => l.message.includes('status callback'))).toEqual([]);
});
