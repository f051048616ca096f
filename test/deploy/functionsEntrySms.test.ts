import { expect, it } from 'vitest';
import { runIvr } from '../support/runIvr';

// The deployed app said nothing of the chat-link SMS, while `npm start` says
// "Chat-link SMS: off (…)": an app deployed without IVR_SMS_FROM offered no
// caller the links by SMS, and its log never said so. The built entry, as the
// Functions host loads it.

const ENTRY = `require('./dist/functions/index.js');`;
const DEPLOYED = { TWILIO_AUTH_TOKEN: 'functions-entry-token', AZURE_FUNCTIONS_ENVIRONMENT: 'Production', IVR_FLOW_FILE: '' };
const OFF = 'Chat-link SMS: off (IVR_SMS_FROM unset): callers are not offered the links by SMS. Set IVR_SMS_FROM, with the Twilio credentials, to offer them (docs/twilio.md, "The chat links by SMS").';

it('started without IVR_SMS_FROM, the functions entry says the SMS offer is off, and why; with it, says nothing of it', { timeout: 30_000 }, async () => {
  const off = await runIvr(['-e', ENTRY], { env: DEPLOYED });
  expect(off.code).toBe(0);
  expect(off.stdout.split('\n')).toContain(OFF);

  const on = await runIvr(['-e', ENTRY], { env: { ...DEPLOYED, IVR_SMS_FROM: 'Klarna', TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}` } });
  expect(on.code).toBe(0);
  expect(on.stdout + on.stderr).not.toContain('Chat-link SMS');
});
