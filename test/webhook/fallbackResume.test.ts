import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { PlainHandler } from '../../src/http/plainHttp';
import { simulateCall, type CallResult } from '../../src/simulator';

// When a request fails during a call (a cold instance, a platform 5xx), Twilio
// requests the number's fallback URL, "in the event of a fatal error while
// executing your call", adding ErrorCode and ErrorUrl, the URL that failed
// (https://www.twilio.com/docs/usage/security/availability-reliability).
// ivr provision sets the fallback to the start URL. A caller who was at a menu
// is asked that menu's question again, in their language, not sent back to
// the Italian welcome; after a transfer the call starts over, since how the
// transfer ended is not known.

const OPEN = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const app = createApp({ settings: readSettings({ DEST_CONSUMER_OPERATOR_EN: '+390200000002' }), clock: () => OPEN, logger: quiet });
const BASE = 'http://localhost:7071';

/** The app, but the first request to a URL containing `failing` gets a 502, as from a front end with no instance ready. */
function failingOnce(failing: string): PlainHandler {
  let failed = false;
  return async (request) => {
    if (!failed && request.url.includes(failing)) {
      failed = true;
      return { status: 502, headers: {}, body: '' };
    }
    return app.handle(request);
  };
}

function call(failing: string, keys: string[], dialStatus: 'completed' | 'busy' = 'completed'): Promise<CallResult> {
  return simulateCall({
    url: `${BASE}/api/voice`,
    fallbackUrl: '/api/voice',
    transport: failingOnce(failing),
    call: { to: '+390237921240', from: '+393401234567' },
    // Then the caller hangs up, so nothing after the keys is theirs.
    caller: [...keys.map((digits) => ({ digits })), { hangup: true as const }],
    dial: () => ({ status: dialStatus }),
  });
}

const heardAfterTheFailure = (result: CallResult) => {
  const failedAt = result.transcript.findIndex((event) => event.type === 'fallback');
  expect(failedAt, 'the call went to the fallback').toBeGreaterThan(0);
  return result.transcript.slice(failedAt).flatMap((event) => (event.type === 'say' ? [event.text] : []));
};

describe("a request that fails mid-call: the fallback resumes where the caller was", () => {
  it('a key after the English complaints procedure lost: its choices asked again in English, without the procedure read again', async () => {
    const result = await call('node=consumer-complaints', ['1', '3', '2', '2']);
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toBe('To hear this information again, press 1. To make your complaint to an operator, press 2. To go back to the main menu, press star.');
    expect(heard.some((text) => text.startsWith('For a complaint'))).toBe(false);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+390200000002' });
  });

  it('a key in the English menu lost: the English menu asks again, not the Italian welcome', async () => {
    const result = await call('node=consumer-menu', ['1', '3', '2']);
    const heard = heardAfterTheFailure(result);
    expect(heard[0]).toMatch(/^To learn how to use the chat, press 1\./);
    expect(heard).not.toContain('Benvenuto nel servizio clienti di Klarna Italia.');
    expect(result.outcome).toMatchObject({ kind: 'dial', to: '+390200000002' });
  });

  it('after a transfer: the call starts over at the welcome, and the operator is not dialled again by itself', async () => {
    const result = await call('node=consumer-operator', ['1', '2'], 'busy');
    expect(heardAfterTheFailure(result)[0]).toBe('Benvenuto nel servizio clienti di Klarna Italia.');
    expect(result.transcript.filter((event) => event.type === 'dial')).toHaveLength(1);
  });
});
