import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { firstSayOf, promptSaid, sayElement, startOf } from '../support/shippedFlow';

// One suite that every host of the route table must pass (Hono's
// common.case.test idea): the in-process app, the local node:http host and the
// Azure Functions adapter. Assertions avoid the clock: hosts other than the
// in-process one read the real time.

export interface Host {
  /** Origin the host answers on, e.g. http://127.0.0.1:7071 */
  baseUrl: string;
  send(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export type StartHost = (env: Record<string, string>) => Promise<Host>;

const TOKEN = 'contract-test-token';
const call = { CallSid: 'CA11111111111111111111111111111111', AccountSid: 'AC11111111111111111111111111111111', From: '+393401234567', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' };

function form(url: string, params: Record<string, string>, signature?: string): Request {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature) headers['x-twilio-signature'] = signature;
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

export function webhookContract(hostName: string, start: StartHost): void {
  describe(`${hostName}: webhook contract, signature checking off`, () => {
    let host: Host;
    beforeAll(async () => {
      host = await start({ TWILIO_SIGNATURE_VALIDATION: 'off' });
    });
    afterAll(() => host.close());

    it('answers the first webhook of the consumer line with the Italian welcome and the English offer', async () => {
      const res = await host.send(form(`${host.baseUrl}/api/voice`, { ...call, To: '+390237921240', Called: '+390237921240' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      const xml = await res.text();
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Gather /);
      // The welcome as the flow words it: the Italian greeting, then the English offer.
      const [greeting, offer] = promptSaid(startOf('consumer'), 'it') as [string, string];
      expect(xml).toContain(`${sayElement(greeting, 'it')}${sayElement(offer, 'en')}`);
      expect(xml).toContain(`action="/api/voice/continue?line=consumer&amp;node=${startOf('consumer')}&amp;lang=it&amp;tries=0"`);
    });

    it('answers the merchant line with the merchant welcome', async () => {
      const res = await host.send(form(`${host.baseUrl}/api/voice`, { ...call, To: '+390237921250' }));
      expect(await res.text()).toContain(firstSayOf('merchant-welcome', 'it'));
    });

    it('continues the call from the state in the URL: key 1 switches to English', async () => {
      const url = `${host.baseUrl}/api/voice/continue?line=consumer&node=${startOf('consumer')}&lang=it&tries=0`;
      const res = await host.send(form(url, { ...call, To: '+390237921240', Digits: '1', CallStatus: 'in-progress' }));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain('<Say language="en-GB"');
      expect(xml).not.toContain('<Say language="it-IT"');
    });
  });

  describe(`${hostName}: webhook contract, signature checking on`, () => {
    let host: Host;
    beforeAll(async () => {
      host = await start({ TWILIO_AUTH_TOKEN: TOKEN });
    });
    afterAll(() => host.close());

    it('refuses an unsigned request with 403 and no TwiML', async () => {
      const res = await host.send(form(`${host.baseUrl}/api/voice`, { ...call, To: '+390237921240' }));
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('<Response');
    });

    it('answers a request signed as Twilio signs it', async () => {
      const url = `${host.baseUrl}/api/voice`;
      const params = { ...call, To: '+390237921240' };
      const res = await host.send(form(url, params, getExpectedTwilioSignature(TOKEN, url, params)));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('For English, press 1.');
    });
  });
}
