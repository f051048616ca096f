import { describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { API, fakeTwilioDuringSuite, htmlPage, tooManyRequests, twilioError } from './fakeTwilio';
import { call, MOBILE, SATURDAY, SMS_ENV, SMS_FROM, WEEKDAY_OPEN } from './support';

// The chat-link SMS end to end: the simulator plays Twilio's voice side, msw
// plays the Messages API, and the real twilio client sits between.

const { twilio, server } = fakeTwilioDuringSuite();

const OFFER_IT = 'Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.';
const SENT_IT = 'Ti abbiamo inviato un SMS con i link.';
const FAILED_IT = "Ci dispiace, non siamo riusciti a inviare l'SMS. Trovi la chat nell'app Klarna, nella sezione Servizio Clienti.";
const GOODBYE_IT = 'Grazie per aver chiamato Klarna. Arrivederci.';

describe('a mobile caller on a closed line', () => {
  it('hears the offer after the chat and contact form, presses 1, gets one SMS with both links, hears it was sent', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    expect(c.said.slice(-4)).toEqual([
      expect.stringContaining('Chatta con noi. Oppure usa il modulo di contatto'),
      OFFER_IT,
      SENT_IT,
      GOODBYE_IT,
    ]);
    expect(c.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({
      to: MOBILE,
      from: SMS_FROM,
      body: 'Klarna Italia. Chat (accedi, Servizio Clienti, Chatta con noi): https://www.klarna.com/it/servizio-clienti/ Modulo di contatto: https://www.klarna.com/it/contatti/',
    });
    const [sms] = c.logger.events('ivr.sms');
    expect(sms).toMatchObject({ level: 'info', result: 'sent', sid: twilio.messages[0]!.sid, status: 'queued', to: '+39******4567' });
    // The call's record: the key press, the SMS sent, then the goodbye node hung up.
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ inputs: ['none', '1'], sms: 'sent', outcome: 'menu-hung-up' })]);
    expect(c.logger.events('ivr.call')[0].path.slice(-2)).toEqual(['chat-link-sms', 'goodbye']);
  });

  it('in English after pressing 1 at the welcome: English offer, English SMS, English confirmation', async () => {
    const c = await call({ at: SATURDAY, press: ['1', '1'] });
    expect(c.said).toContain('To receive the links to the chat and the contact form by text message, press 1.');
    expect(c.said.slice(-2)).toEqual(['We have sent you a text message with the links.', 'Thank you for calling Klarna. Goodbye.']);
    expect(twilio.messages[0]?.body).toMatch(/^Klarna Italia\. Chat \(log in, Customer Service, Chat with us\): https:\/\/\S+ Contact form: https:\/\/\S+$/);
  });

  it('on a public holiday, after the holiday is named', async () => {
    const c = await call({ at: '2026-12-08T10:00', press: ['-', '1'] });
    expect(c.heard).toContain("chiuso per l'Immacolata");
    expect(c.said.slice(-3)).toEqual([OFFER_IT, SENT_IT, GOODBYE_IT]);
  });

  it('silence at the offer: goodbye, and no SMS; the record says the offer was declined', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '-'] });
    expect(c.said.slice(-2)).toEqual([OFFER_IT, GOODBYE_IT]);
    expect(twilio.requests).toEqual([]);
    // `ivr replay` needs to know the offer was made: only a mobile caller with a sender hears it.
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ inputs: ['none', 'none'], sms: 'declined', outcome: 'menu-hung-up' })]);
  });

  it('another key at the offer: declined too, goodbye, no SMS', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '2'] });
    expect(c.said.slice(-2)).toEqual([OFFER_IT, GOODBYE_IT]);
    expect(twilio.requests).toEqual([]);
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ inputs: ['none', '2'], sms: 'declined', outcome: 'menu-hung-up' })]);
  });

  it('hanging up during the offer: unanswered (not declined: the caller gave no answer), the call ended at the offer', async () => {
    const c = await call({ at: SATURDAY, press: ['-', { hangup: true }] });
    expect(c.said.at(-1)).toBe(OFFER_IT);
    expect(twilio.requests).toEqual([]);
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ inputs: ['none'], sms: 'unanswered', outcome: 'caller-hung-up-in-menu' })]);
    expect(c.logger.events('ivr.call')[0].path.at(-1)).toBe('chat-link-sms');
  });

  it('a Messaging Service as the sender', async () => {
    const service = `MG${'5e'.repeat(16)}`;
    await call({ at: SATURDAY, press: ['-', '1'], env: { ...SMS_ENV, IVR_SMS_FROM: service } });
    expect(twilio.requests[0]?.form.get('MessagingServiceSid')).toBe(service);
    expect(twilio.requests[0]?.form.has('From')).toBe(false);
  });
});

describe('a busy or unanswered operator', () => {
  it.each(['busy', 'no-answer'] as const)('%s: the apology, the offer, the SMS', async (status) => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', '2', '1'], dialStatus: status });
    expect(c.heard).toContain('Ci dispiace, in questo momento nessun operatore può rispondere.');
    expect(c.said.slice(-3)).toEqual([OFFER_IT, SENT_IT, GOODBYE_IT]);
    expect(twilio.messages).toHaveLength(1);
  });

  it('an answered transfer offers nothing', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', '2'], dialStatus: 'completed' });
    expect(c.heard).not.toContain('SMS');
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ inputs: ['none', '2', 'dial:completed'], outcome: 'transferred' })]);
    expect(c.logger.events('ivr.call')[0]).not.toHaveProperty('sms');
  });
});

describe('when Twilio does not take the message, the caller is told so and the log says why', () => {
  it.each([
    ['the caller unsubscribed (21610)', () => twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'), 'rejected', 21610],
    ['SMS to Italy not enabled (21408)', () => twilioError(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +393401234567."), 'rejected', 21408],
    ['credentials revoked (401)', () => twilioError(401, 20003, 'Authenticate'), 'credentials', 20003],
    ['rate limited (429)', () => tooManyRequests(1), 'rate-limited', 20429],
    ['Twilio down (500)', () => twilioError(500, 20500, 'Internal Server Error'), 'twilio-error', 20500],
    ['a gateway page (502)', () => htmlPage(502), 'twilio-error', undefined],
    ['no network', () => HttpResponse.error(), 'network', undefined],
    ['a 201 that is not JSON', () => HttpResponse.text('OK', { status: 201 }), 'malformed', undefined],
    ['JSON without a message sid', () => HttpResponse.json({ status: 'queued' }, { status: 201 }), 'malformed', undefined],
  ] as const)('%s', async (_label, answer, reason, code) => {
    server.use(http.post(`${API}/Accounts/:account/Messages.json`, answer));
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    expect(c.said.slice(-3)).toEqual([OFFER_IT, FAILED_IT, GOODBYE_IT]);
    expect(c.outcome.kind).toBe('hangup');
    const [sms] = c.logger.events('ivr.sms');
    expect(sms).toMatchObject({ level: 'warn', result: 'failed', reason });
    if (code) expect(sms.code).toBe(code);
    expect(c.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(c.logger.events('ivr.call')).toEqual([expect.objectContaining({ sms: 'failed', outcome: 'menu-hung-up' })]);
  });

  it('a 429 is not retried while the caller waits: one request', async () => {
    let requests = 0;
    server.use(http.post(`${API}/Accounts/:account/Messages.json`, () => (requests++, tooManyRequests(1))));
    await call({ at: SATURDAY, press: ['-', '1'] });
    expect(requests).toBe(1);
  });

  it('no answer within IVR_SMS_TIMEOUT_MS: the call goes on without it', async () => {
    server.use(http.post(`${API}/Accounts/:account/Messages.json`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    const c = await call({ at: SATURDAY, press: ['-', '1'], env: { ...SMS_ENV, IVR_SMS_TIMEOUT_MS: '500' } });
    expect(c.said.slice(-2)).toEqual([FAILED_IT, GOODBYE_IT]);
    expect(c.logger.events('ivr.sms')[0]).toMatchObject({ result: 'failed', reason: 'timeout' });
  });
});

describe('who is not offered the SMS', () => {
  it.each([
    ['an Italian landline', '+390212345678'],
    ['a withheld number', 'anonymous'],
    ['a foreign mobile', '+447700900123'],
  ])('%s', async (_label, from) => {
    const c = await call({ at: SATURDAY, from, press: ['-', '1'] });
    expect(c.heard).not.toContain('SMS');
    expect(c.said.at(-1)).toBe(GOODBYE_IT);
    expect(twilio.requests).toEqual([]);
    // No offer, so nothing declined either.
    expect(c.logger.events('ivr.call')[0]).not.toHaveProperty('sms');
  });

  it('anyone, when IVR_SMS_FROM is not set', async () => {
    const { IVR_SMS_FROM: _unset, ...env } = SMS_ENV;
    const c = await call({ at: SATURDAY, press: ['-', '1'], env });
    expect(c.heard).not.toContain('SMS');
    expect(twilio.requests).toEqual([]);
  });

  it('anyone on an open line choosing a menu option', async () => {
    const c = await call({ at: WEEKDAY_OPEN, press: ['-', '1', '*'] });
    expect(c.heard).not.toContain('SMS');
  });
});

describe('never a message the account did not ask for', () => {
  it('a call on another account (any simulated call, e.g. ivr call) hears the offer but no SMS leaves', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'], accountSid: `AC${'9f'.repeat(16)}` });
    expect(c.said.slice(-3)).toEqual([OFFER_IT, FAILED_IT, GOODBYE_IT]);
    expect(twilio.requests).toEqual([]);
    expect(c.logger.events('ivr.sms')[0]).toMatchObject({ level: 'warn', result: 'not-sent', reason: 'other-account' });
  });

  it('an offer request replayed with the sent flag sends nothing', async () => {
    const c = await call({ at: SATURDAY, press: ['-', '1'] });
    expect(twilio.messages).toHaveLength(1);
    // The request that pressed 1, sent again with the state the call now carries.
    const pressed = c.transcript.filter((e) => e.type === 'request').at(-1);
    if (pressed?.type !== 'request') throw new Error('no request');
    const replay = await call({ at: SATURDAY, press: [] });
    const url = new URL(pressed.url);
    url.searchParams.set('sms', '1');
    const { expectedSignature } = await import('../../src/webhook/twilioSignature');
    const params = { ...pressed.params, Digits: '1' };
    const res = await replay.app.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(SMS_ENV.TWILIO_AUTH_TOKEN, url.toString(), params) },
        body: new URLSearchParams(params),
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(GOODBYE_IT);
    expect(twilio.messages).toHaveLength(1);
  });

  it('settings refuse an SMS sender on an unsigned webhook, which anyone could use to text any number', async () => {
    await expect(call({ at: SATURDAY, press: [], env: { ...SMS_ENV, TWILIO_SIGNATURE_VALIDATION: 'off' } })).rejects.toThrow(/IVR_SMS_FROM is set but Twilio signatures are not checked/);
    const { TWILIO_ACCOUNT_SID: _sid, ...noCredentials } = SMS_ENV;
    await expect(call({ at: SATURDAY, press: [], env: noCredentials })).rejects.toThrow(/no credentials for it are set; set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN/);
    await expect(call({ at: SATURDAY, press: [], env: { ...SMS_ENV, IVR_SMS_FROM: '0212345678' } })).rejects.toThrow(/IVR_SMS_FROM is "0212345678"/);
    await expect(call({ at: SATURDAY, press: [], env: { ...SMS_ENV, IVR_SMS_TIMEOUT_MS: '20000' } })).rejects.toThrow(/IVR_SMS_TIMEOUT_MS is "20000"/);
  });

  it('the start-up log says the links are still placeholders', async () => {
    const c = await call({ at: SATURDAY, press: [] });
    expect(c.logger.lines.some((l) => l.level === 'warn' && l.message.includes('SMS links marked as placeholders') && l.message.includes('chat-link-sms.links.chat'))).toBe(true);
  });

  it("the start-up log warns of an Italian geographic sender, which Twilio's Italy numbers cannot text from; not of a mobile, a name or a service", async () => {
    const warned = (logger: { lines: { level: string; message: string }[] }) => logger.lines.filter((l) => l.level === 'warn' && l.message.includes('is an Italian geographic number'));
    const geographic = await call({ at: SATURDAY, press: [], env: { ...SMS_ENV, IVR_SMS_FROM: '+390237921240' } });
    expect(warned(geographic.logger)).toEqual([
      {
        level: 'warn',
        message:
          "IVR_SMS_FROM +39******1240 is an Italian geographic number, and Twilio's cannot send SMS: every chat-link message would fail (Twilio error 21606) and callers would hear it was not sent. Use a number whose Capabilities in the Twilio console list SMS, a registered alphanumeric sender, or a Messaging Service (docs/twilio.md).",
      },
    ]);
    for (const from of ['+393123456789', 'Klarna', `MG${'0'.repeat(32)}`]) {
      expect(warned((await call({ at: SATURDAY, press: [], env: { ...SMS_ENV, IVR_SMS_FROM: from } })).logger), from).toEqual([]);
    }
  });
});
