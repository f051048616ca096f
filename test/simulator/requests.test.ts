import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { describe, expect, it } from 'vitest';
import { simulateCall, type TranscriptEvent } from '../../src/simulator';
import { BASE, CALL, call, fakeApp, twiml } from './fakeApp';

const TOKEN = 'test-auth-token-0123456789abcdef';

describe('webhook requests', () => {
  it('carry Twilio’s call parameters; CallStatus is ringing first, in-progress after', async () => {
    const result = await call({ '/voice': twiml('<Redirect>/next</Redirect>'), '/next': twiml('') });
    const common = {
      AccountSid: CALL.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: CALL.callSid,
      Called: CALL.to,
      Caller: CALL.from,
      Direction: 'inbound',
      From: CALL.from,
      To: CALL.to,
      // Geography: the country from each number, the rest empty (see geography.test.ts).
      ...Object.fromEntries(['From', 'Caller', 'To', 'Called'].flatMap((side) => ['City', 'State', 'Zip'].map((place) => [`${side}${place}`, '']))),
      FromCountry: 'IT',
      CallerCountry: 'IT',
      ToCountry: 'IT',
      CalledCountry: 'IT',
    };
    expect(result.received.map((r) => r.params)).toEqual([
      { ...common, CallStatus: 'ringing' },
      { ...common, CallStatus: 'in-progress' },
    ]);
    expect(result.received[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(result.callSid).toBe(CALL.callSid);
  });

  it('generates 34-character CA/AC sids when the call has none', async () => {
    const app = fakeApp({ '/voice': twiml('') });
    const result = await simulateCall({ url: `${BASE}/voice`, transport: app.transport, call: { to: '+39', from: '+1' } });
    expect(result.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(app.received[0]?.params.AccountSid).toMatch(/^AC[0-9a-f]{32}$/);
  });

  it('sign POSTs so that twilio’s validateRequest accepts them (and rejects tampering)', async () => {
    const result = await call(
      { '/voice': twiml('<Gather action="/menu?state=abc%20d" numDigits="1"/>'), '/menu': twiml('') },
      { authToken: TOKEN, caller: [{ digits: '2' }] },
    );
    for (const received of result.received) {
      const signature = received.headers.get('x-twilio-signature') ?? '';
      expect(validateRequest(TOKEN, signature, received.url, received.params)).toBe(true);
      expect(validateRequest(TOKEN, signature, received.url, { ...received.params, Digits: '9' })).toBe(false);
      expect(validateRequest('another-token', signature, received.url, received.params)).toBe(false);
    }
    expect(result.received[1]?.url).toBe(`${BASE}/menu?state=abc%20d`);
  });

  it('sign GETs over the full URL with the parameters in the query', async () => {
    const result = await call({ '/voice': twiml('<Redirect method="GET">/again?x=1</Redirect>'), '/again': twiml('') }, { authToken: TOKEN });
    const received = result.received[1]!;
    expect(received.url).toMatch(/\/again\?x=1&.*CallSid=CA/);
    expect(received.method).toBe('GET');
    expect(validateRequest(TOKEN, received.headers.get('x-twilio-signature') ?? '', received.url, {})).toBe(true);
  });

  it('send no signature without an auth token', async () => {
    const result = await call({ '/voice': twiml('') });
    expect(result.received[0]?.headers.has('x-twilio-signature')).toBe(false);
  });

  it('follow HTTP redirects like a browser: 303 becomes a GET, the base URL moves', async () => {
    const result = await call({
      '/voice': () => new Response(null, { status: 303, headers: { location: '/moved/here' } }),
      '/moved/here': twiml('<Redirect>again</Redirect>'),
      '/moved/again': twiml(''),
    });
    expect(result.received.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/voice'],
      ['GET', '/moved/here'],
      ['POST', '/moved/again'],
    ]);
    expect(result.requests).toBe(3);
  });

  it('never fetch another origin: the call ends naming the URL, the transport is not called', async () => {
    const result = await call({ '/voice': twiml('<Say>hi</Say><Redirect>https://elsewhere.test/twiml</Redirect>') });
    expect(result.outcome).toEqual({
      kind: 'not-followed',
      url: 'https://elsewhere.test/twiml',
      reason: `outside ${BASE}, the origin this call was pointed at`,
    });
    expect(result.received).toHaveLength(1);
  });

  it('stream every event through onEvent as it happens, in transcript order', async () => {
    const streamed: TranscriptEvent[] = [];
    const result = await call({ '/voice': twiml('<Say>a</Say><Pause/>') }, { onEvent: (e) => streamed.push(e) });
    expect(streamed).toEqual(result.transcript);
    expect(streamed.at(-1)).toEqual({ at: 2, type: 'end', outcome: { kind: 'hangup', endOfDocument: true } });
  });
});

describe('the final status callback (the number’s, not the TwiML’s)', () => {
  it('when the call ends, posts CallStatus=completed and the duration in whole seconds, signed, after every webhook', async () => {
    const result = await call(
      { '/voice': twiml('<Say>Ciao</Say><Pause length="3"/><Hangup/>'), '/status': () => new Response(null, { status: 204 }) },
      { authToken: TOKEN, statusCallback: `${BASE}/status` },
    );
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/status']);
    const status = result.received[1]!;
    expect(status.method).toBe('POST');
    expect(status.params).toMatchObject({ CallSid: CALL.callSid, CallStatus: 'completed', CallDuration: String(Math.ceil(result.virtualSeconds)), From: CALL.from, To: CALL.to });
    expect(Number(status.params.CallDuration)).toBeGreaterThanOrEqual(3);
    expect(validateRequest(TOKEN, status.headers.get('x-twilio-signature') ?? '', status.url, status.params)).toBe(true);
    // Not a webhook of the call: it is neither counted nor in the transcript.
    expect(result.requests).toBe(1);
    expect(result.transcript.filter((e) => e.type === 'request')).toHaveLength(1);
  });

  it.each([
    ['busy', 'busy'],
    ['rejected', 'no-answer'],
  ])('a <Reject reason="%s"> leaves the call unanswered: %s, 0 seconds', async (reason, status) => {
    const result = await call({ '/voice': twiml(`<Reject reason="${reason}"/>`), '/status': '' }, { statusCallback: `${BASE}/status` });
    expect(result.received.at(-1)?.params).toMatchObject({ CallStatus: status, CallDuration: '0' });
  });

  it('a status callback that fails changes nothing in the call', async () => {
    const result = await call(
      {
        '/voice': twiml('<Say>Ciao</Say>'),
        '/status': () => {
          throw new Error('down');
        },
      },
      { statusCallback: `${BASE}/status` },
    );
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('none without a status callback URL', async () => {
    const result = await call({ '/voice': twiml('<Say>Ciao</Say>') });
    expect(result.received.map((r) => r.path)).toEqual(['/voice']);
  });
});
