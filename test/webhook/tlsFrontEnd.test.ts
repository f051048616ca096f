import { describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { simulateCall } from '../../src/simulator';
import type { PlainRequest, PlainResponse } from '../../src/http/plainHttp';
import { CALL_SID, TOKEN, WEEKDAY_OPEN, at, formPost, recordingLogger, twilioCallParams } from '../hardening/support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { startHostProcess } from '../support/hostProcess';

// Deployed on Azure Functions, Twilio calls https://<app>.azurewebsites.net
// and signs that URL, but the front end ends TLS and Linux function apps have
// seen the request as http (https://github.com/Azure/azure-functions-host/issues/6602,
// https://github.com/Azure/Azure-Functions/issues/1926). Twilio names exactly
// this scheme mismatch as the usual cause of 403s and error 11200 behind a
// proxy: the signature is over the URL Twilio called, scheme included
// (https://support.twilio.com/hc/en-us/articles/50535649249307-Fixing-Twilio-Request-Validation-403-Errors-Behind-a-Proxy,
// https://www.twilio.com/docs/usage/webhooks/webhooks-security).
// Without PUBLIC_BASE_URL the app also tries the https form of the http URL it
// sees, whatever X-Forwarded-Proto says (a header anyone can send, which the
// Azure host does not always act on): the signature itself must still be made
// with the auth token over that host, port, path and query.

const clock = at(WEEKDAY_OPEN);
const SEEN = 'http://my-ivr.azurewebsites.net';
const PUBLIC = 'https://my-ivr.azurewebsites.net';
const STATE = 'line=consumer&node=consumer-menu&lang=it&tries=0';
const NEXT = 'fedcba9876543210fedcba9876543210';

/** The app as deployed: the auth token set, no PUBLIC_BASE_URL. */
function deployedApp(env: Record<string, string> = {}) {
  const logger = recordingLogger();
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, ...OPERATOR_NUMBERS, ...env }), clock, logger });
  logger.lines.length = 0; // start-up notes are not the point here
  return { app, logger };
}

/** What a front end that ends TLS hands the function: the same request, its scheme http. */
const behindTlsFrontEnd = (handle: (request: PlainRequest) => Promise<PlainResponse>) => (request: PlainRequest) =>
  handle({ ...request, url: request.url.replace(/^https:/, 'http:') });

/** A different character at position i, as in the signature matrix: digits stay digits, letters letters. */
function changeAt(text: string, i: number): string {
  const ch = text[i] as string;
  const next = /[0-9]/.test(ch) ? String((Number(ch) + 1) % 10) : /[a-y]/i.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 1) : /[zZ]/.test(ch) ? 'a' : ch === '-' ? '_' : 'x';
  return text.slice(0, i) + next + text.slice(i + 1);
}

describe('behind a front end that ends TLS (Azure), without PUBLIC_BASE_URL', () => {
  const params = twilioCallParams();

  it('a request Twilio signed over the https URL, seen as http, gets the menu’s TwiML, not 403', async () => {
    const { app } = deployedApp();
    const res = await app.fetch(formPost(`${SEEN}/api/voice`, params, getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/voice`, params)));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^<\?xml[^>]*\?><Response><Gather /);
    expect(body).toContain('Klarna');
  });

  it('so does a menu choice, its call state in the query, and a request signed with the secondary token during a rotation', async () => {
    const { app } = deployedApp({ TWILIO_AUTH_TOKEN_SECONDARY: NEXT });
    const choice = twilioCallParams({ CallStatus: 'in-progress', Digits: '1' });
    const continued = await app.fetch(formPost(`${SEEN}/api/voice/continue?${STATE}`, choice, getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/voice/continue?${STATE}`, choice)));
    expect(continued.status).toBe(200);
    expect(await continued.text()).toMatch(/<Response>/);
    const rotated = await app.fetch(formPost(`${SEEN}/api/voice`, params, getExpectedTwilioSignature(NEXT, `${PUBLIC}/api/voice`, params)));
    expect(rotated.status).toBe(200);
  });

  it('Twilio’s :443 form of the https URL is accepted too, as the port variants are', async () => {
    const { app } = deployedApp();
    const res = await app.fetch(formPost(`${SEEN}/api/voice`, params, getExpectedTwilioSignature(TOKEN, `${PUBLIC}:443/api/voice`, params)));
    expect(res.status).toBe(200);
  });

  it('a whole call, every request signed over https and delivered as http, reaches the operator', async () => {
    const { app } = deployedApp();
    const result = await simulateCall({
      url: `${PUBLIC}/api/voice`,
      transport: behindTlsFrontEnd(app.handle),
      call: { to: '+390237921240', from: '+393401234567' },
      caller: [{ digits: '1' }, { digits: '2' }],
      authToken: TOKEN,
    });
    expect(result.outcome).toMatchObject({ kind: 'dial', to: OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_EN });
  });

  it('only Twilio’s https signature for this very URL gets through: another host, another token, or any other character of the URL gets 403, no TwiML', async () => {
    const { app } = deployedApp();
    const answer = (signature: string) => app.fetch(formPost(`${SEEN}/api/voice/continue?${STATE}`, params, signature));
    const refused = async (signature: string) => {
      const res = await answer(signature);
      return res.status === 403 && !(await res.text()).includes('<Response');
    };
    expect((await answer(getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/voice/continue?${STATE}`, params))).status).toBe(200);
    expect(await refused(getExpectedTwilioSignature(TOKEN, `https://attacker.example/api/voice/continue?${STATE}`, params))).toBe(true);
    expect(await refused(getExpectedTwilioSignature('another-token-0123456789abcdef', `${PUBLIC}/api/voice/continue?${STATE}`, params))).toBe(true);
    expect(await refused(getExpectedTwilioSignature(TOKEN, `https://my-ivr.azurewebsites.net:8443/api/voice/continue?${STATE}`, params))).toBe(true);
    const signedUrl = `${PUBLIC}/api/voice/continue?${STATE}`;
    for (let i = 0; i < signedUrl.length; i++) {
      const other = changeAt(signedUrl, i);
      if (other === signedUrl) continue;
      expect(await refused(getExpectedTwilioSignature(TOKEN, other, params)), `signed over ${other}`).toBe(true);
    }
  });

  it('with PUBLIC_BASE_URL set, its own scheme is the one signed: an http origin named there does not take https signatures', async () => {
    const { app } = deployedApp({ PUBLIC_BASE_URL: 'http://ivr.klarna-italia.example' });
    const url = 'http://10.0.0.4:8080/api/voice';
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, 'http://ivr.klarna-italia.example/api/voice', params)))).status).toBe(200);
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, 'https://ivr.klarna-italia.example/api/voice', params)))).status).toBe(403);
  });

  it('a refusal’s warning names both URLs checked, so the one in the Twilio console can be compared', async () => {
    const { app, logger } = deployedApp();
    await app.fetch(formPost(`${SEEN}/api/voice?x=1`, params, 'bad'));
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: `CallSid=${CALL_SID} POST ${SEEN}/api/voice (and ${PUBLIC}/api/voice): refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL); further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)`,
      },
    ]);
  });

  it('names only the URL checked when no other was: one seen as https, or with an http PUBLIC_BASE_URL', async () => {
    const refusal = (url: string) => `CallSid=${CALL_SID} POST ${url}: refused with 403, X-Twilio-Signature missing or not made for this URL`;
    const seenHttps = deployedApp();
    await seenHttps.app.fetch(formPost(`${PUBLIC}/api/voice`, params, 'bad'));
    expect(seenHttps.logger.lines[0]?.message).toContain(refusal(`${PUBLIC}/api/voice`));
    const httpOrigin = deployedApp({ PUBLIC_BASE_URL: 'http://ivr.klarna-italia.example' });
    await httpOrigin.app.fetch(formPost('http://10.0.0.4:8080/api/voice', params, 'bad'));
    expect(httpOrigin.logger.lines[0]?.message).toContain(refusal('http://ivr.klarna-italia.example/api/voice'));
  });
});

describe('the local host (npm start) with TWILIO_AUTH_TOKEN set', { timeout: 60_000 }, () => {
  it('answers TwiML to a request signed over https and sent over plain http, and still to one signed over the http URL', async () => {
    const host = await startHostProcess({ env: { TWILIO_AUTH_TOKEN: TOKEN } });
    try {
      const params = twilioCallParams();
      const https = host.origin.replace(/^http:/, 'https:');
      const overHttps = await fetch(formPost(`${host.origin}/api/voice`, params, getExpectedTwilioSignature(TOKEN, `${https}/api/voice`, params)));
      expect(overHttps.status).toBe(200);
      expect(await overHttps.text()).toMatch(/<Response><Gather /);
      const overHttp = await fetch(formPost(`${host.origin}/api/voice`, params, getExpectedTwilioSignature(TOKEN, `${host.origin}/api/voice`, params)));
      expect(overHttp.status).toBe(200);
      const otherHost = await fetch(formPost(`${host.origin}/api/voice`, params, getExpectedTwilioSignature(TOKEN, 'https://attacker.example/api/voice', params)));
      expect(otherHost.status).toBe(403);
    } finally {
      host.stop();
    }
  });
});
