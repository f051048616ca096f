import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PageEvent } from '../../src/devphone/callSession';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { DEV_PHONE_TEST_FLOW, startLocalServer, type LocalServer } from './localServer';
import { MERCHANT_HOLIDAY_TOLD } from './merchantHoliday';

// The dev phone's server side over real HTTP, as the page uses it: start a
// call, follow its events, answer prompts. These need no browser and always
// run; test/browser/devPhone.browser.test.ts drives the page itself. Both
// call through a flow of their own (DEV_PHONE_TEST_FLOW), so the wording and
// hours they quote stay put when the shipped menu is edited.

let server: LocalServer;
let original: string;

beforeAll(async () => {
  // With a token the simulator signs every request and the webhook checks it, as with Twilio.
  // The merchant operators' number set, the consumer operators' not: a transfer to the consumer line called is refused.
  server = await startLocalServer({ TWILIO_AUTH_TOKEN: 'devphone-test-token', DEST_MERCHANT_OPERATOR_IT: '+390200000003' }, DEV_PHONE_TEST_FLOW);
  original = readFileSync(server.flowFile, 'utf8');
});
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A call placed from the dev phone, with what the page would have seen so far. */
async function dial(to: string, at: string, dial = 'completed', sms?: string, from?: string) {
  const response = await post('/devphone/calls', { to, at, dial, ...(sms ? { sms } : {}), ...(from === undefined ? {} : { from }) });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const events: PageEvent[] = [];
  let ended = false;
  /** Follows the call's events, as the page does, until `done` holds or the call ends. */
  async function follow(done: () => boolean): Promise<PageEvent[]> {
    while (!done() && !ended) {
      const response = await fetch(`${server.origin}/devphone/calls/${id}/events?after=${events.length - 1}`);
      const batch = (await response.json()) as { events: PageEvent[]; ended: boolean };
      events.push(...batch.events);
      ended = batch.ended;
    }
    return events;
  }
  let prompts = 0;
  const nextPrompt = () => follow(() => events.filter((e) => e.type === 'gather').length > prompts).then(() => prompts++);
  const answer = async (body: unknown) => post(`/devphone/calls/${id}/input`, body);
  const toEnd = () => follow(() => false);
  return { id, events, nextPrompt, answer, toEnd };
}

const said = (events: PageEvent[]) => events.flatMap((e) => (e.type === 'say' ? [`${e.language}: ${e.text}`] : []));
const nodes = (events: PageEvent[]) => events.flatMap((e) => (e.type === 'node' ? [`${e.from ?? '(line)'} > ${e.node}`] : []));

describe('the local server keeps the webhooks where they are', () => {
  it('serves the dev phone page at / and its script, and still answers Twilio at /api/voice', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('role="log"');
    expect(html).toContain('data-key="#"');
    expect((await fetch(`${server.origin}/devphone/app.js`)).status).toBe(200);
    // Unsigned, so the webhook refuses it: the route table, not the dev phone, answered.
    const webhook = await fetch(`${server.origin}/api/voice`, { method: 'POST', body: 'To=%2B390237921240' });
    expect(webhook.status).toBe(403);
    expect((await fetch(`${server.origin}/api/nothing`)).status).toBe(404);
  });

  it('draws the diagram of the line asked for', async () => {
    const svg = await (await fetch(`${server.origin}/devphone/diagram.svg?line=merchant`)).text();
    expect(svg).toContain('data-node="merchant-menu"');
    // The consumer line's own welcome, which no merchant-line call passes (its 9 leads on to the consumer menu, not the welcome).
    expect(svg).not.toContain('data-node="consumer-welcome"');
  });
});

describe('a call from the dev phone', () => {
  it('consumer line, open instant: 1 for English, 2 for an operator, refused as the deployed app refuses it, with the path through the menu', async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    expect(said(call.events)).toEqual(['it-IT: Benvenuto nel servizio clienti di Klarna Italia.', 'en-GB: For English, press 1.']);
    expect((await call.answer({ digits: '1' })).status).toBe(204);
    await call.nextPrompt();
    expect(said(call.events).at(-1)).toMatch(/^en-GB: To learn how to use the chat, press 1\./);
    await call.answer({ digits: '2' });
    // The failure path offers the chat links by SMS (the dev phone calls from a mobile): the caller stays silent.
    await call.nextPrompt();
    await call.answer({ silence: true });
    const events = await call.toEnd();
    expect(said(events)).toContain('en-GB: We are connecting you to an operator. Please hold.');
    // The English operators' number is still the placeholder, the consumer line's own: dialling it would ring the app
    // again, so the app refuses, the caller hears the failure path, and the page shows the app's error naming the setting.
    expect(events.some((e) => e.type === 'dial')).toBe(false);
    expect(said(events)).toContain('en-GB: We are sorry, no operator can answer right now. You can call again later, or chat with us: in the Klarna app or on the website, go to the Customer Service section and choose Chat with us. Or use the contact form in the Contacts section of the website.');
    expect(events.find((e) => e.type === 'app-error')).toMatchObject({ message: expect.stringContaining('refused to transfer at node "consumer-operator" to consumer-operator-en') });
    expect(events.find((e) => e.type === 'app-error')).toMatchObject({ message: expect.stringContaining('DEST_CONSUMER_OPERATOR_EN') });
    // The setting, as a field too: the page's status names it from there (not from the message's words).
    expect(events.find((e) => e.type === 'app-error')).toMatchObject({ refusedTransfer: { destination: 'consumer-operator-en', setting: 'DEST_CONSUMER_OPERATOR_EN' } });
    // And in the host's log, as a Twilio call's refusal is.
    expect(server.logs.error).toEqual(expect.arrayContaining([expect.stringContaining('refused to transfer at node "consumer-operator" to consumer-operator-en')]));
    expect(events[0]).toMatchObject({ type: 'call', line: 'consumer', instant: '2026-11-24T10:00:00.000+01:00', timeZone: 'Europe/Rome' });
    expect(nodes(events).slice(0, 7)).toEqual(['(line) > consumer-welcome', 'consumer-welcome > consumer-welcome-en', 'consumer-welcome-en > consumer-hours', 'consumer-hours > consumer-menu', 'consumer-menu > consumer-operator-hours', 'consumer-operator-hours > consumer-operator', 'consumer-operator > operator-unavailable']);
  });

  it("the app's clock moves on with the call: begun at 16:59:55, the hours check some seconds in finds the line closed", async () => {
    const call = await dial('+390237921240', '2026-11-24T16:59:55');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt(); // the chat-link SMS offer, after the closed message
    expect(nodes(call.events)).toContain('consumer-hours > closed');
  });

  it('the page chooses what a transfer does, even during the call: busy gives the apology', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt();
    expect((await post(`/devphone/calls/${call.id}/dial`, { status: 'busy' })).status).toBe(204);
    await call.answer({ digits: '1' });
    // The merchant apology, then goodbye: no chat-link SMS offer on the merchant line, though the dev phone calls from a mobile.
    const events = await call.toEnd();
    expect(events.find((e) => e.type === 'dial')).toMatchObject({ to: '+390200000003', status: 'busy' });
    expect(said(events)).toContain('it-IT: Ci dispiace, in questo momento nessun operatore dedicato ai commercianti può rispondere. Puoi richiamare più tardi, oppure scriverci con il modulo di contatto, nella sezione Contatti del sito Klarna.');
    expect(nodes(events)).toContain('merchant-operator > merchant-operator-unavailable');
  });

  it('on a holiday, silence at the welcome leads to the closed message naming the day', async () => {
    const call = await dial('+390237921240', '2026-12-25T10:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt(); // the chat-link SMS offer (the caller is an Italian mobile)
    await call.answer({ silence: true });
    const events = await call.toEnd();
    expect(said(events).join('\n')).toContain('it-IT: Oggi il servizio clienti telefonico è chiuso per Natale.');
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: { kind: 'hangup' } });
    expect(nodes(events)).toContain('consumer-hours > holiday-closed');
  });

  it('hanging up ends the call as the caller; keys after that are refused', async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    expect((await call.answer({ hangup: true })).status).toBe(204);
    const events = await call.toEnd();
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: { kind: 'caller-hangup' } });
    const late = await call.answer({ digits: '1' });
    expect(late.status).toBe(409);
  });

  it('the chat-link SMS goes to the simulated Messages API and shows on the page with the number and the text', async () => {
    const call = await dial('+390237921240', '2026-11-24T20:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt();
    expect(said(call.events).at(-1)).toBe('it-IT: Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.');
    await call.answer({ digits: '1' });
    const events = await call.toEnd();
    expect(events.filter((e) => e.type === 'app-sms')).toEqual([
      expect.objectContaining({ to: '+393401234567', status: 'sent', body: expect.stringContaining('Modulo di contatto: https://www.klarna.com/it/contatti/') }),
    ]);
    expect(said(events)).toContain('it-IT: Ti abbiamo inviato un SMS con i link.');
  });

  it('the page can make Twilio refuse the SMS, or leave the app without a sender', async () => {
    const refused = await dial('+390237921240', '2026-11-24T20:00', 'completed', 'failed');
    await refused.nextPrompt();
    await refused.answer({ silence: true });
    await refused.nextPrompt();
    await refused.answer({ digits: '1' });
    const events = await refused.toEnd();
    expect(events.filter((e) => e.type === 'app-sms')).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 21610 }) })]);
    expect(said(events).join('\n')).toContain("non siamo riusciti a inviare l'SMS");

    const noSender = await dial('+390237921240', '2026-11-24T20:00', 'completed', 'off');
    await noSender.nextPrompt();
    await noSender.answer({ silence: true });
    const quiet = await noSender.toEnd();
    expect(said(quiet).join('\n')).not.toContain('SMS');
    const wrong = await post('/devphone/calls', { to: '+390237921240', at: '2026-11-24T20:00', sms: 'maybe' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('sms must be one of sent, failed, off');
  });

  it('calls from the caller asked for: a withheld number is offered no SMS; a caller that is no number is refused, saying how to write one', async () => {
    const withheld = await dial('+390237921240', '2026-11-24T20:00', 'completed', undefined, 'anonymous');
    await withheld.nextPrompt();
    expect(withheld.events.find((e) => e.type === 'call')).toMatchObject({ from: 'anonymous' });
    await withheld.answer({ silence: true });
    const events = await withheld.toEnd();
    expect(said(events).join('\n')).toContain('In questo momento il servizio clienti telefonico è chiuso.');
    expect(said(events).join('\n')).not.toContain('SMS');
    const bad = await post('/devphone/calls', { to: '+390237921240', from: 'abc', at: '2026-11-24T20:00' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      'the caller\'s number (from) "abc" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), e.g. +393401234567, or anonymous for a withheld number',
    );
  });

  it('reads a number typed as people write it, and refuses one without its country code as ivr call does', async () => {
    const spaced = await dial('+39 02 3792 1250', '2026-11-24T10:00');
    await spaced.nextPrompt();
    expect(said(spaced.events)[0]).toBe('it-IT: Benvenuto nel servizio clienti di Klarna Italia per i commercianti.');
    await spaced.answer({ hangup: true });
    await spaced.toEnd();
    const national = await post('/devphone/calls', { to: '0237921250', at: '2026-11-24T10:00', dial: 'completed' });
    expect(national.status).toBe(400);
    expect(((await national.json()) as { error: string }).error).toBe('the number "0237921250" has no country code; write it in E.164, as Twilio sends it: + and the country code, e.g. +390237921250 for an Italian number');
    const words = await post('/devphone/calls', { to: 'merchants', at: '2026-11-24T10:00', dial: 'completed' });
    expect(((await words.json()) as { error: string }).error).toBe('the number "merchants" is not a phone number in E.164, as Twilio sends it; write + and the country code and number, digits only (7 to 15), e.g. +390237921240');
  });

  it('refuses an instant that is not one, and keys nobody asked for', async () => {
    const bad = await post('/devphone/calls', { to: '+390237921240', at: 'tomorrow', dial: 'completed' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('at "tomorrow" is not an ISO-8601 date-time; e.g. 2026-11-24T10:00 (Europe/Rome) or 2026-11-24T09:00:00Z');
    // A date alone would be midnight, when every line is closed: refused, as ivr call --at refuses it.
    const dateOnly = await post('/devphone/calls', { to: '+390237921240', at: '2026-11-24', dial: 'completed' });
    expect(dateOnly.status).toBe(400);
    expect(((await dateOnly.json()) as { error: string }).error).toBe('at "2026-11-24" has no time of day (it would be 00:00); give one, e.g. 2026-11-24T10:00');
    expect((await post('/devphone/calls/00000000-0000-0000-0000-000000000000/input', { digits: '1' })).status).toBe(404);
  });
});

describe('a transfer to a real number', () => {
  it('is not marked placeholder once its setting gives the number', async () => {
    const real = await startLocalServer({ TWILIO_SIGNATURE_VALIDATION: 'off', DEST_CONSUMER_OPERATOR_IT: '+390211111111' }, DEV_PHONE_TEST_FLOW);
    try {
      const started = await fetch(`${real.origin}/devphone/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: '+390237921240', at: '2026-11-24T10:00', dial: 'completed' }) });
      const { id } = (await started.json()) as { id: string };
      const events: PageEvent[] = [];
      for (let after = -1, ended = false; !ended; ) {
        const batch = (await (await fetch(`${real.origin}/devphone/calls/${id}/events?after=${after}`)).json()) as { events: PageEvent[]; ended: boolean; next: number };
        events.push(...batch.events);
        ended = batch.ended;
        after = batch.next - 1;
        if (events.filter((e) => e.type === 'gather').length === 1 && !events.some((e) => e.type === 'input')) await fetch(`${real.origin}/devphone/calls/${id}/input`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ silence: true }) });
        else if (events.filter((e) => e.type === 'gather').length === 2 && events.filter((e) => e.type === 'input').length === 1) await fetch(`${real.origin}/devphone/calls/${id}/input`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ digits: '2' }) });
      }
      const dial = events.find((e) => e.type === 'dial');
      expect(dial).toMatchObject({ to: '+390211111111' });
      expect(dial).not.toHaveProperty('placeholder');
    } finally {
      await real.close();
    }
  });
});

describe('editing the flow file, with the server running', () => {
  /** Saves as editors, sed -i and git checkout do: a new file renamed over the old one. */
  const save = (text: string) => {
    writeFileSync(`${server.flowFile}.new`, text);
    renameSync(`${server.flowFile}.new`, server.flowFile);
  };
  /** What /api/voice answers the consumer line right now, to a request signed as Twilio signs it. */
  const webhookAnswer = async () => {
    const params = { CallSid: 'CA00000000000000000000000000000009', To: '+390237921240', From: '+393401234567' };
    const url = `${server.origin}/api/voice`;
    const signature = getExpectedTwilioSignature('devphone-test-token', url, params);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    return response.text();
  };

  it('the next call hears each save; a broken save keeps the last good flow on the phone, the page and its map, with the error beside it; fixing it works again', async () => {
    try {
      save(original.replace('Benvenuto nel servizio clienti di Klarna Italia.', 'Ciao! Questo è il menu modificato.'));
      const first = await dial('+390237921240', '2026-11-24T10:00');
      await first.nextPrompt();
      expect(said(first.events)[0]).toBe('it-IT: Ciao! Questo è il menu modificato.');
      await first.answer({ hangup: true });

      save(original.replace('Benvenuto nel servizio clienti di Klarna Italia.', 'Secondo salvataggio.'));
      const second = await dial('+390237921240', '2026-11-24T10:00');
      await second.nextPrompt();
      expect(said(second.events)[0]).toBe('it-IT: Secondo salvataggio.');
      await second.answer({ hangup: true });

      const data = JSON.parse(original);
      data.nodes['consumer-menu'].options[0].next = 'nowhere';
      save(JSON.stringify(data, null, 2));
      const started = await post('/devphone/calls', { to: '+390237921240', at: '2026-11-24T10:00', dial: 'completed' });
      expect(started.status).toBe(201);
      const { flowError } = (await started.json()) as { flowError: string };
      expect(flowError).toContain(server.flowFile);
      expect(flowError).toContain('nodes.consumer-menu.options[0].next');
      const stale = await dial('+390237921240', '2026-11-24T10:00');
      await stale.nextPrompt();
      expect(said(stale.events)[0]).toBe('it-IT: Secondo salvataggio.');
      await stale.answer({ hangup: true });
      expect(await webhookAnswer()).toContain('Secondo salvataggio.');

      const info = (await (await fetch(`${server.origin}/devphone/flow`)).json()) as { error: string; lines: { name: string }[]; version: number };
      expect(info.error).toContain('nowhere');
      expect(info.lines.map((l) => l.name)).toEqual(['consumer', 'merchant']);
      const diagram = await fetch(`${server.origin}/devphone/diagram.svg?line=consumer`);
      expect(diagram.status).toBe(200);
      expect(await diagram.text()).toContain('data-node="consumer-menu"');
      // Logged once the save has settled (50 ms: liveApp.ts), so a save caught half made is never logged as broken.
      await expect.poll(() => server.logs.error.filter((m) => m.includes('nowhere'))).toHaveLength(1);

      save(original);
      const fixed = await dial('+390237921240', '2026-11-24T10:00');
      await fixed.nextPrompt();
      expect(said(fixed.events)[0]).toBe('it-IT: Benvenuto nel servizio clienti di Klarna Italia.');
      await fixed.answer({ hangup: true });
      expect(await webhookAnswer()).toContain('Benvenuto nel servizio clienti di Klarna Italia.');
      const after = (await (await fetch(`${server.origin}/devphone/flow`)).json()) as { error?: string; version: number };
      expect(after.error).toBeUndefined();
      expect(after.version).toBeGreaterThan(info.version);
    } finally {
      writeFileSync(server.flowFile, original);
    }
  });
});

describe('the call record of a dev-phone call', () => {
  it('is written to the host log as one ivr.call line, as for a call Twilio places', async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    await call.answer({ digits: '1' });
    await call.nextPrompt();
    await call.answer({ hangup: true });
    await call.toEnd();
    const lines = server.logs.info.filter((m) => m.includes('"event":"ivr.call"')).map((m) => JSON.parse(m) as Record<string, unknown>);
    const record = lines.find((l) => Array.isArray(l.inputs) && (l.inputs as string[]).join(',') === '1');
    expect(record).toMatchObject({ line: 'consumer', status: 'completed', outcome: 'caller-hung-up-in-menu', language: 'en', path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu'] });
    expect(record!.from).toBe('+39******4567'); // masked, as every call's number in the log
    // Twilio's Timestamp is the call's end on the call's own clock, not this machine's: startedAt plus the duration.
    const ended = DateTime.fromISO(record!.startedAt as string, { setZone: true }).plus({ seconds: record!.durationSeconds as number });
    expect(record!.timestamp).toBe(ended.toUTC().toRFC2822());
  });

  it('is counted in the report of this host\'s calls that the page links to', async () => {
    const page = await (await fetch(`${server.origin}/`)).text();
    expect(page).toContain('href="/devphone/report"');
    const res = await fetch(`${server.origin}/devphone/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const calls = server.logs.info.filter((m) => m.includes('"event":"ivr.call"')).length;
    expect(calls).toBeGreaterThan(0);
    // The report's total is the number of ivr.call lines this host wrote, and the map shows the call above.
    expect(html).toMatch(new RegExp(`data-total="Calls">${calls}<`));
    expect(html).toMatch(/data-node="consumer-menu">[\s\S]*?ended here, hung up before pressing a key/);
  });
});

/** The transcript lines from the `request` event of the answer to `path` onward: node markers, what the IVR says and what the app logs or texts, in the order the page is told. */
function answerTold(events: PageEvent[], path: string): string[] {
  const start = events.findIndex((e) => e.type === 'request' && new URL(e.url).pathname + new URL(e.url).search === path);
  expect(start, `a request to ${path}`).toBeGreaterThanOrEqual(0);
  const rest = events.slice(start + 1);
  const end = rest.findIndex((e) => e.type === 'request' || e.type === 'end');
  return rest.slice(0, end < 0 ? undefined : end).flatMap((e) => {
    // As the page shows a node: with why the app went there, when the caller's keys do not say.
    if (e.type === 'node') return [`At ${e.node}${e.why ? ` — ${e.why}` : ''}`];
    if (e.type === 'say') return [e.text];
    if (e.type === 'gather') return ['(waits for a key)'];
    if (e.type === 'app-error') return [`(app error: ${e.message.replace(/^CallSid=\S+ /, '').slice(0, 45)}…)`];
    if (e.type === 'app-sms') return [`(SMS to ${e.to}: ${e.status})`];
    return [];
  });
}

describe('the transcript the page is told reads in call order', () => {
  it('each node comes just before what is said there: a merchant on a holiday hears the closed message at merchant-holiday-closed, then the goodbye at goodbye', async () => {
    const call = await dial('+390237921250', '2026-12-25T10:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    const events = await call.toEnd();
    expect(answerTold(events, '/api/voice/continue?line=merchant&node=merchant-welcome&lang=it&tries=0')).toEqual(MERCHANT_HOLIDAY_TOLD);
  });

  it('a wrong key: the menu says why at the menu, then the call is at the menu again and hears its question', async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt(); // For English, press 1
    await call.answer({ silence: true });
    await call.nextPrompt(); // the Italian menu
    await call.answer({ digits: '7' });
    await call.nextPrompt();
    const told = answerTold(call.events, '/api/voice/continue?line=consumer&node=consumer-menu&lang=it&tries=0');
    // The excuse belongs to the menu the caller was at: it comes before the marker of the menu asked again.
    expect(told).toEqual(['La scelta non è valida.', 'At consumer-menu', '(waits for a key)', expect.stringMatching(/^Per sapere come usare la chat/)]);
    await call.answer({ hangup: true });
    await call.toEnd();
  });

  it("what the app logs or texts comes after the request that caused it, at its node's place: a refused transfer after the transfer's words, the SMS after the key that asked for it", async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    await call.answer({ digits: '1' }); // English
    await call.nextPrompt();
    await call.answer({ digits: '2' }); // an operator: the placeholder number is the line's own, refused
    await call.nextPrompt(); // the failure path offers the chat links by SMS
    await call.answer({ digits: '1' });
    const events = await call.toEnd();
    expect(answerTold(events, '/api/voice/continue?line=consumer&node=consumer-menu&lang=en&tries=0')).toEqual([
      'At consumer-operator-hours',
      'At consumer-operator — hours checked at 10:00:33: open until 17:00',
      'We are connecting you to an operator. Please hold.',
      '(app error: refused to transfer at node "consumer-operato…)',
      'At operator-unavailable',
      expect.stringMatching(/^We are sorry, no operator can answer right now\./),
      'At chat-link-sms',
      '(waits for a key)',
      expect.stringMatching(/by text message, press 1\.$/),
    ]);
    // The message is sent before the IVR says so: the confirmation, then the goodbye, follow it.
    expect(answerTold(events, '/api/voice/continue?line=consumer&node=chat-link-sms&lang=en&tries=0').slice(0, 3)).toEqual([
      '(SMS to +393401234567: sent)',
      'We have sent you a text message with the links.',
      expect.stringMatching(/^At /),
    ]);
  });
});

describe('a key during the prompt', () => {
  // Twilio's <Gather> listens while its nested <Say> plays: a key interrupts it there and is taken at once
  // ("the timeout begins either after the audio completes or when the caller presses their first key",
  // https://www.twilio.com/docs/voice/twiml/gather#bargein). The page sends `after`: the second into the prompt.
  it('cuts the prompt at that second: the call clock, the barge-in and the input say so, and the prompt is told once', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    // The whole prompt is told before the key, so the page can read it out while the call waits.
    expect(said(call.events)).toEqual(['it-IT: Benvenuto nel servizio clienti di Klarna Italia per i commercianti.', 'en-GB: For English, press 1.']);
    expect((await call.answer({ digits: '1', after: 2 })).status).toBe(204);
    await call.nextPrompt();
    expect(call.events.find((e) => e.type === 'barge-in')).toEqual({ type: 'barge-in', at: 2, input: 'keys', after: 2, cutSeconds: 4 });
    expect(call.events.find((e) => e.type === 'input')).toMatchObject({ at: 2, action: { digits: '1', after: 2 } });
    // Said once each, as the page was told them: the simulator's own events for the prompt add nothing.
    expect(said(call.events).filter((line) => line.includes('Benvenuto'))).toHaveLength(1);
    expect(call.events.filter((e) => e.type === 'gather')).toHaveLength(2);
    // The next answer is asked for on the call's clock: 2 s in, plus the key's second.
    const next = call.events.filter((e) => e.type === 'request')[1];
    expect(next).toMatchObject({ at: 3, params: { Digits: '1' } });
    await call.answer({ hangup: true });
    await call.toEnd();
  });

  it('refuses an "after" that is no second into the prompt, saying what it is', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    const wrong = await call.answer({ digits: '1', after: -1 });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('"after" is the second into the prompt the first key was pressed at: a number, 0 or more (not -1).');
    await call.answer({ hangup: true });
    await call.toEnd();
  });

  it('refuses an "after" beyond the prompt, naming its length, rather than losing the key; the call still takes one', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    // The welcome lasts 6 s and waits 3 s for a key: a key "20 s into it" would come after the menu gave up on it.
    const beyond = await call.answer({ digits: '1', after: 20 });
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as { error: string }).error).toBe(
      '"after" is 20 s, but this prompt lasts 6 s: send a second within it, or leave "after" out for a key once the prompt has been said (the menu then waits 3 s for a key, its timeout).',
    );
    // Nothing was taken: the prompt still waits, and a key within it goes through.
    expect(call.events.filter((e) => e.type === 'input')).toEqual([]);
    expect((await call.answer({ digits: '1', after: 6 })).status).toBe(204);
    await call.nextPrompt();
    expect(call.events.filter((e) => e.type === 'request')[1]).toMatchObject({ params: { Digits: '1' } });
    await call.answer({ hangup: true });
    await call.toEnd();
  });
});

describe('a hang-up during the prompt', () => {
  // On Twilio the call ends the moment the caller hangs up, whatever is playing; nothing after runs
  // (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends).
  it('ends the call at that second, not once the whole menu has been read: the transcript and the call record say so', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    await call.answer({ digits: '1', after: 0.5 });
    await call.nextPrompt(); // the merchant menu, in English
    await call.answer({ digits: '9', after: 0 }); // back to the consumer menu, whose 23 s prompt begins at 10.5
    await call.nextPrompt();
    const menu = call.events.filter((e) => e.type === 'gather').at(-1)!;
    expect(menu.at).toBe(10.5);
    expect((await call.answer({ hangup: true, after: 3 })).status).toBe(204);
    const events = await call.toEnd();
    const after = events.slice(events.indexOf(menu)).filter((e) => e.type === 'hangup' || e.type === 'end');
    expect(after).toEqual([
      { type: 'hangup', at: 13.5, by: 'caller' },
      { type: 'end', at: 13.5, outcome: { kind: 'caller-hangup' } },
    ]);
    const record = server.logs.info
      .filter((m) => m.includes('"event":"ivr.call"'))
      .map((m) => JSON.parse(m) as Record<string, unknown>)
      .find((l) => l.line === 'merchant' && (l.inputs as string[]).join(',') === '1,9');
    expect(record).toMatchObject({ outcome: 'caller-hung-up-in-menu', durationSeconds: 14 });
  });

  it('sent while the IVR is between prompts (after a key, before the next menu is asked) ends the call as the next menu begins, before a word of it', async () => {
    const logged = server.logs.info.length;
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    // The key and the hang-up reach the server in the same tick, so the hang-up comes before the IVR has even
    // fetched the next menu (as behind a slow webhook), every run: nothing waits for the caller when it arrives.
    const input = (body: unknown) =>
      server.devPhone.fetch(new Request(`${server.origin}/devphone/calls/${call.id}/input`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const [key, hangup] = await Promise.all([input({ digits: '1', after: 1 }), input({ hangup: true })]);
    expect([key.status, hangup.status]).toEqual([204, 204]);
    const events = await call.toEnd();
    // The English menu begins at 0:05 (after the English welcome); its 23 s prompt is never heard.
    const menu = events.filter((e) => e.type === 'gather').at(-1)!;
    expect(menu.at).toBe(5);
    expect(events.slice(events.indexOf(menu)).filter((e) => e.type === 'hangup' || e.type === 'end')).toEqual([
      { type: 'hangup', at: 5, by: 'caller' },
      { type: 'end', at: 5, outcome: { kind: 'caller-hangup' } },
    ]);
    const records = server.logs.info
      .slice(logged)
      .filter((m) => m.includes('"event":"ivr.call"'))
      .map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(records).toMatchObject([{ line: 'consumer', inputs: ['1'], outcome: 'caller-hung-up-in-menu', durationSeconds: 5 }]);
  });

  it('sent during the message before a menu (a negative "after") ends the call there, as ivr call --hangup-at does, though the IVR already waits at the menu', async () => {
    const logged = server.logs.info.length;
    // A Saturday: silent at the welcome, the caller hears that the line is closed (three <Say>s), then the offer of the links by SMS.
    const call = await dial('+390237921240', '2026-11-28T10:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt();
    const offer = call.events.filter((e) => e.type === 'gather').at(-1)!;
    const message = call.events.filter((e) => e.type === 'say' && e.at >= 5 && e.at < offer.at);
    expect(message.map((e) => e.type === 'say' && e.text.split(' ').slice(0, 2).join(' '))).toEqual(['In questo', 'Riapriamo lunedì', 'Puoi anche']);
    const start = message[0]!.at;
    // Before the message began is before anything the caller could hang up during.
    const early = await call.answer({ hangup: true, after: start - 1 - offer.at });
    expect(early.status).toBe(400);
    expect(((await early.json()) as { error: string }).error).toBe(
      `"after" is the second into the prompt the caller hung up at: a number, ${start - offer.at} or more (the message said before the prompt began ${offer.at - start} s before it) (not ${start - 1 - offer.at}).`,
    );
    // Two seconds into the message.
    expect((await call.answer({ hangup: true, after: start + 2 - offer.at })).status).toBe(204);
    const events = await call.toEnd();
    expect(events.slice(events.indexOf(offer)).filter((e) => e.type === 'hangup' || e.type === 'end')).toEqual([
      { type: 'hangup', at: start + 2, by: 'caller' },
      { type: 'end', at: start + 2, outcome: { kind: 'caller-hangup' } },
    ]);
    const records = server.logs.info
      .slice(logged)
      .filter((m) => m.includes('"event":"ivr.call"'))
      .map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(records).toMatchObject([{ line: 'consumer', durationSeconds: start + 2 }]);
  });

  it('refuses an "after" for a hang-up that is no second into the prompt', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    const wrong = await call.answer({ hangup: true, after: 'soon' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('"after" is the second into the prompt the caller hung up at: a number, 0 or more (not "soon").');
    const beyond = await call.answer({ hangup: true, after: 7 });
    expect(((await beyond.json()) as { error: string }).error).toMatch(/^"after" is 7 s, but this prompt lasts 6 s: .* for a hang-up once the prompt has been said/);
    await call.answer({ hangup: true });
    await call.toEnd();
  });
});

// "Wait for my key (no time limit)": the page answers no prompt by itself, so a call waits as long as its page is open.
// The server knows the page is open by its asking for the call's events (it asks again at once after each answer);
// only a call whose page has stopped asking (the tab closed) is taken as hung up once the idle time has passed.
describe('a prompt nobody answers', () => {
  const IDLE_MS = 1_000;
  let idle: LocalServer;
  beforeAll(async () => {
    idle = await startLocalServer({}, DEV_PHONE_TEST_FLOW, { idleMs: IDLE_MS, pollWaitMs: 50 });
  });
  afterAll(() => idle.close());

  /** Starts a call and asks for its events, as the page does, until the welcome waits for a key; then `keepAsking` goes on asking. */
  async function callWaitingAtWelcome() {
    const response = await fetch(`${idle.origin}/devphone/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+390237921240', at: '2026-11-24T10:00' }),
    });
    const { id } = (await response.json()) as { id: string };
    const events: PageEvent[] = [];
    let ended = false;
    const ask = async () => {
      const batch = (await (await fetch(`${idle.origin}/devphone/calls/${id}/events?after=${events.length - 1}`)).json()) as { events: PageEvent[]; ended: boolean };
      events.push(...batch.events);
      ended = batch.ended;
    };
    while (!events.some((e) => e.type === 'gather')) await ask();
    const keepAsking = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until && !ended) await ask();
    };
    const toEnd = () => keepAsking(60_000);
    const input = (body: unknown) =>
      fetch(`${idle.origin}/devphone/calls/${id}/input`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { events, keepAsking, toEnd, input, isEnded: () => ended };
  }

  it('waits for the key as long as the page keeps asking for the call\'s events, well past the idle time', async () => {
    const call = await callWaitingAtWelcome();
    await call.keepAsking(3 * IDLE_MS);
    expect(call.isEnded()).toBe(false);
    expect(call.events.filter((e) => e.type === 'input')).toEqual([]);
    // The key still goes to the welcome: the caller is at the English menu.
    expect((await call.input({ digits: '1' })).status).toBe(204);
    await call.keepAsking(500);
    expect(call.events.filter((e) => e.type === 'input').map((e) => e.type === 'input' && e.action)).toEqual([{ digits: '1' }]);
    expect(call.events.filter((e) => e.type === 'gather')).toHaveLength(2);
    await call.input({ hangup: true });
    await call.toEnd();
  });

  it('ends as a hang-up once the page has stopped asking (the tab closed) for the idle time', async () => {
    const call = await callWaitingAtWelcome();
    await new Promise((resolve) => setTimeout(resolve, 2 * IDLE_MS));
    await call.toEnd();
    expect(call.events.filter((e) => e.type === 'input').map((e) => e.type === 'input' && e.action)).toEqual([{ hangup: true }]);
    expect(call.events.at(-1)).toMatchObject({ type: 'end', outcome: { kind: 'caller-hangup' } });
    expect((await call.input({ digits: '1' })).status).toBe(409);
  });
});
