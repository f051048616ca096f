import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import type { PageEvent } from '../../src/devphone/callSession';
import { startLocalServer, type LocalServer } from './localServer';

// The dev phone's server side over real HTTP, as the page uses it: start a
// call, follow its events, answer prompts. These need no browser and always
// run; test/browser/devPhone.browser.test.ts drives the page itself.

let server: LocalServer;
let original: string;

beforeAll(async () => {
  // With a token the simulator signs every request and the webhook checks it, as with Twilio.
  server = await startLocalServer({ TWILIO_AUTH_TOKEN: 'devphone-test-token' });
  original = readFileSync(server.flowFile, 'utf8');
});
afterAll(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A call placed from the dev phone, with what the page would have seen so far. */
async function dial(to: string, at: string, dial = 'completed') {
  const response = await post('/devphone/calls', { to, at, dial });
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
    expect(svg).not.toContain('data-node="consumer-menu"');
  });
});

describe('a call from the dev phone', () => {
  it('consumer line, open instant: 1 for English, 2 for an operator, connected, with the path through the menu', async () => {
    const call = await dial('+390237921240', '2026-11-24T10:00');
    await call.nextPrompt();
    expect(said(call.events)).toEqual(['it-IT: Benvenuto nel servizio clienti di Klarna Italia.', 'en-GB: For English, press 1.']);
    expect((await call.answer({ digits: '1' })).status).toBe(204);
    await call.nextPrompt();
    expect(said(call.events).at(-1)).toMatch(/^en-GB: To learn how to use the chat, press 1\./);
    await call.answer({ digits: '2' });
    const events = await call.toEnd();
    expect(said(events).at(-1)).toBe('en-GB: We are connecting you to an operator. Please hold.');
    expect(events.find((e) => e.type === 'dial')).toMatchObject({ to: '+390237921240', status: 'completed' });
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: { kind: 'dial', to: '+390237921240' } });
    expect(events[0]).toMatchObject({ type: 'call', line: 'consumer', instant: '2026-11-24T10:00:00.000+01:00', timeZone: 'Europe/Rome' });
    expect(nodes(events)).toEqual(['(line) > consumer-welcome', 'consumer-welcome > consumer-hours', 'consumer-hours > consumer-menu', 'consumer-menu > consumer-operator']);
  });

  it('the page chooses what a transfer does, even during the call: busy gives the apology', async () => {
    const call = await dial('+390237921250', '2026-11-25T11:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    await call.nextPrompt();
    expect((await post(`/devphone/calls/${call.id}/dial`, { status: 'busy' })).status).toBe(204);
    await call.answer({ digits: '1' });
    const events = await call.toEnd();
    expect(events.find((e) => e.type === 'dial')).toMatchObject({ status: 'busy' });
    expect(said(events)).toContain('it-IT: Ci dispiace, in questo momento nessun operatore può rispondere. Puoi scriverci in chat: nell\'app Klarna o sul sito, vai nella sezione Servizio Clienti e scegli Chatta con noi.');
    expect(nodes(events)).toContain('merchant-operator > operator-unavailable');
  });

  it('on a holiday, silence at the welcome leads to the closed message naming the day', async () => {
    const call = await dial('+390237921240', '2026-12-25T10:00');
    await call.nextPrompt();
    await call.answer({ silence: true });
    const events = await call.toEnd();
    expect(said(events).join('\n')).toContain('it-IT: Oggi è festa, Natale di Gesù, e il servizio clienti telefonico è chiuso.');
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

  it('refuses an instant that is not one, and keys nobody asked for', async () => {
    const bad = await post('/devphone/calls', { to: '+390237921240', at: 'tomorrow', dial: 'completed' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('is not a date and time');
    expect((await post('/devphone/calls/00000000-0000-0000-0000-000000000000/input', { digits: '1' })).status).toBe(404);
  });
});

describe('editing the flow file, with the server running', () => {
  it('the next call uses the edited flow; a broken flow is reported, not crashed on, and fixing it works again', async () => {
    try {
      const edited = original.replace('Benvenuto nel servizio clienti di Klarna Italia.', 'Ciao! Questo è il menu modificato.');
      writeFileSync(server.flowFile, edited);
      const first = await dial('+390237921240', '2026-11-24T10:00');
      await first.nextPrompt();
      expect(said(first.events)[0]).toBe('it-IT: Ciao! Questo è il menu modificato.');
      await first.answer({ hangup: true });

      const data = JSON.parse(original);
      data.nodes['consumer-menu'].options[0].next = 'nowhere';
      writeFileSync(server.flowFile, JSON.stringify(data, null, 2));
      const broken = await dial('+390237921240', '2026-11-24T10:00');
      const events = await broken.toEnd();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'flow-error' });
      expect((events[0] as { message: string }).message).toContain(server.flowFile);
      expect((events[0] as { message: string }).message).toContain('nodes.consumer-menu.options[0].next');
      const diagram = await fetch(`${server.origin}/devphone/diagram.svg?line=consumer`);
      expect(diagram.status).toBe(422);
      expect(await diagram.text()).toContain('nodes.consumer-menu.options[0].next');
      expect(((await (await fetch(`${server.origin}/devphone/flow`)).json()) as { error: string }).error).toContain('nowhere');

      writeFileSync(server.flowFile, original);
      const fixed = await dial('+390237921240', '2026-11-24T10:00');
      await fixed.nextPrompt();
      expect(said(fixed.events)[0]).toBe('it-IT: Benvenuto nel servizio clienti di Klarna Italia.');
      await fixed.answer({ hangup: true });
    } finally {
      writeFileSync(server.flowFile, original);
    }
  });
});
