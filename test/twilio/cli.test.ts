import { describe, expect, it } from 'vitest';
import { FIXED_FLOW_FILE } from '../support/fixedMenu';
import { runIvr } from '../support/runIvr';

// The built `ivr` as users run it (npm test builds first), with app settings
// from this test only. Nothing here may reach Twilio: no run below has both
// credentials and a reason to call the REST API. Calls run on the fixed copy
// of the menu (test/support/fixedMenu.ts), whose offer and goodbye they quote.

const run = (args: string[], env: Record<string, string> = {}) => runIvr(args, { env: { IVR_FLOW_FILE: FIXED_FLOW_FILE, ...env } });

// Fake but well-formed: an in-process `ivr call` never uses them; its app texts a simulated Messages API.
const SMS_SETTINGS = {
  TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'f00dfeedf00dfeedf00dfeedf00dfeed',
  IVR_SMS_FROM: '+390212345678',
};
const OFFER = 'Per ricevere con un SMS i link della chat e del modulo di contatto, premi 1.';
/** What the caller hears: the IVR's lines, not the transcript's notes (which say why no SMS is offered). */
const heard = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('IVR ')).join('\n');

describe('ivr call shows the SMS offer exactly where callers get it', () => {
  it('a mobile caller on Saturday: after the chat sentence; pressing 1 texts the simulated API from IVR_SMS_FROM', async () => {
    const { code, stdout } = await run(['call', '--at', '2026-11-28T11:00', '--from', '+393401234567', '--press', '-', '--press', '1', '--json'], SMS_SETTINGS);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const said = (json.transcript as { say?: string }[]).flatMap((t) => (t.say ? [t.say] : []));
    expect(said.slice(-4)).toEqual([
      expect.stringContaining('Oppure usa il modulo di contatto nella sezione Contatti del sito.'),
      OFFER,
      'Ti abbiamo inviato un SMS con i link.',
      'Grazie per aver chiamato Klarna. Arrivederci.',
    ]);
    expect(json.sms).toEqual([expect.objectContaining({ to: '+393401234567', from: '+390212345678', status: 'sent' })]);
  });

  it('a landline caller hears no offer', async () => {
    const { stdout } = await run(['call', '--at', '2026-11-28T11:00', '--from', '+390212345678', '--press', '-'], SMS_SETTINGS);
    expect(stdout).toContain('Chatta con noi');
    expect(heard(stdout)).not.toContain('SMS');
    expect(stdout).toContain('\n  (no SMS offer: the number does not start with +393 (mobilePrefixes in the flow))\n');
  });

  it('with --sms off (the app without IVR_SMS_FROM) nobody does', async () => {
    const { stdout } = await run(['call', '--at', '2026-11-28T11:00', '--press', '-', '--sms', 'off']);
    expect(stdout).toContain('Chatta con noi');
    expect(heard(stdout)).not.toContain('SMS');
    expect(stdout).toContain('\n  (no SMS offer: the app has no SMS sender set up)\n');
  });
});

describe('ivr provision from the command line', () => {
  it('--dry-run without credentials shows what it would set and exits 0', async () => {
    const { code, stdout } = await run(['provision', '+390212345678', 'https://klarna-ivr.azurewebsites.net', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('A call comes in (voice URL): https://klarna-ivr.azurewebsites.net/api/voice');
    expect(stdout).toContain('Call status changes (status callback): https://klarna-ivr.azurewebsites.net/api/voice/status');
  });

  it('refuses an http URL with exit 2 and says why', async () => {
    const { code, stderr } = await run(['provision', '+390212345678', 'http://klarna-ivr.azurewebsites.net', '--dry-run']);
    expect(code).toBe(2);
    expect(stderr).toContain('--allow-http');
  });

  it('is listed in ivr --help', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout).toMatch(/provision\s+point a Twilio number at the deployed app/);
  });
});

describe('the twilio REST client is loaded only to send an SMS', () => {
  const script = (sendAtTheEnd: boolean) => `
    const { DateTime } = require('luxon');
    const { createApp } = require('./dist/src/app/createApp');
    const { readSettings } = require('./dist/src/config/settings');
    const { simulateCall } = require('./dist/src/simulator');
    const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]twilio[\\\\/]lib[\\\\/]rest[\\\\/]Twilio\\.js$/.test(f));
    (async () => {
      const settings = readSettings(${JSON.stringify(SMS_SETTINGS)});
      const app = createApp({ settings, clock: () => DateTime.fromISO('2026-11-28T11:00', { zone: 'Europe/Rome' }), logger: { info() {}, warn() {}, error() {} } });
      for (const [from, press] of [['+390212345678', ['-']], ['+393401234567', ['-', '-']], ['+393401234567', ['-', '1']]]) {
        await simulateCall({ url: 'http://localhost:7071/api/voice', transport: app.handle, call: { to: '+390237921240', from }, caller: press.map((p) => (p === '-' ? { silence: true } : { digits: p })), authToken: settings.authToken });
      }
      const before = loaded();
      ${sendAtTheEnd ? "require('./dist/src/twilio/restClient').createRestClient(settings.sms.credentials);" : ''}
      console.log(JSON.stringify({ before, after: loaded() }));
    })();`;

  it('calls with and without the offer, even a key press on another account, never load it; creating a client does', async () => {
    const { stdout, stderr } = await run(['-e', script(true)]);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ before: false, after: true });
  });
});
