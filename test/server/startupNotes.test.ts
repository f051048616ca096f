import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startHostProcess } from '../support/hostProcess';

// What `npm start` says at start-up about the SMS offer and the signatures,
// for the engineer pointing a Twilio number at it through a tunnel
// (docs/twilio.md): with PUBLIC_BASE_URL set and no IVR_SMS_FROM, callers are
// offered no SMS, and every request's signature must match PUBLIC_BASE_URL.

describe('npm start says at start-up', { timeout: 60_000 }, () => {
  it('behind a tunnel: that callers get no SMS offer and how to hear one, and the origin signatures are checked against', async () => {
    const host = await startHostProcess({ env: { PUBLIC_BASE_URL: 'https://abc123.ngrok.app', TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef', IVR_LOCAL_SMS: '' } });
    try {
      await expect.poll(() => host.output()).toContain('Twilio signatures are checked');
      expect(host.output()).toContain(
        'Chat-link SMS: off (IVR_LOCAL_SMS unset: off, as PUBLIC_BASE_URL is set without IVR_SMS_FROM): callers are not offered the links by SMS. Set IVR_LOCAL_SMS=simulated to hear the offer with nothing sent.',
      );
      expect(host.output()).toContain('Twilio signatures are checked (TWILIO_AUTH_TOKEN is set), against https://abc123.ngrok.app (PUBLIC_BASE_URL).');
    } finally {
      host.stop();
    }
  });

  it('during a token rotation: that TWILIO_AUTH_TOKEN_SECONDARY is accepted too, never the tokens themselves', async () => {
    const primary = '0123456789abcdef0123456789abcdef';
    const secondary = 'fedcba9876543210fedcba9876543210';
    const host = await startHostProcess({ env: { TWILIO_AUTH_TOKEN: primary, TWILIO_AUTH_TOKEN_SECONDARY: secondary, IVR_LOCAL_SMS: '' } });
    try {
      await expect.poll(() => host.output()).toContain('Twilio signatures are checked');
      expect(host.output()).toContain('Twilio signatures are checked (TWILIO_AUTH_TOKEN is set, and TWILIO_AUTH_TOKEN_SECONDARY is accepted too, for a rotation), against the URL each request was sent to');
      expect(host.output()).not.toContain(primary);
      expect(host.output()).not.toContain(secondary);
    } finally {
      host.stop();
    }
  });

  it('on this machine alone: the simulated SMS, and signatures checked against the URL each request was sent to', async () => {
    const host = await startHostProcess({ env: { TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef', IVR_LOCAL_SMS: '' } });
    try {
      await expect.poll(() => host.output()).toContain('Twilio signatures are checked');
      expect(host.output()).toContain('Chat-link SMS: a simulated Messages API (IVR_LOCAL_SMS unset: simulated); nothing is sent.');
      expect(host.output()).toContain('against the URL each request was sent to (behind a tunnel, set PUBLIC_BASE_URL to its https origin).');
    } finally {
      host.stop();
    }
  });

  // The function app says the same line (test/contract/azureFunctions.test.ts): one wording for both hosts.
  it('with TWILIO_SIGNATURE_VALIDATION=off: a WARNING that anyone who finds the URL can drive the menu, and no "checked" line', async () => {
    const host = await startHostProcess({ env: { TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef', IVR_LOCAL_SMS: '', TWILIO_SIGNATURE_VALIDATION: 'off' } });
    try {
      await expect.poll(() => host.output()).toContain('TWILIO_SIGNATURE_VALIDATION');
      expect(host.output()).toContain(
        'WARNING: TWILIO_SIGNATURE_VALIDATION=off: webhooks are NOT checked against X-Twilio-Signature, so anyone who finds the URL can drive the menu; remove the setting to check them.',
      );
      expect(host.output()).not.toContain('Twilio signatures are checked');
    } finally {
      host.stop();
    }
  });

  it("with IVR_LOG_PHONE_NUMBERS=full: a WARNING that callers' whole numbers are logged", async () => {
    const host = await startHostProcess({ env: { TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef', IVR_LOCAL_SMS: '', IVR_LOG_PHONE_NUMBERS: 'Full' } });
    try {
      await expect.poll(() => host.output()).toContain('IVR_LOG_PHONE_NUMBERS');
      expect(host.output()).toContain(
        "WARNING: IVR_LOG_PHONE_NUMBERS=full: callers' phone numbers are logged whole (ivr.call records, errors), not masked; set it back to masked, or remove it, once the investigation is over (SECURITY.md).",
      );
    } finally {
      host.stop();
    }
  });

  // HOST other than 127.0.0.1 (here 127.0.0.2, still this machine): the link printed is the address listened on,
  // which is the only one a browser here reaches (localhost is 127.0.0.1), and the dev phone answers it.
  it('on HOST=127.0.0.2: the dev phone link at that address, which the dev phone answers, and no network warning', async () => {
    const host = await startHostProcess({ env: { HOST: '127.0.0.2', IVR_LOCAL_SMS: '' } });
    try {
      await expect.poll(() => host.output()).toContain('Dev phone: open');
      const { hostname, port } = new URL(host.origin);
      expect(hostname).toBe('127.0.0.2');
      expect(host.output()).toContain(`Dev phone: open http://127.0.0.2:${port}/ in a browser`);
      expect(host.output()).not.toContain('WARNING: HOST=');
      // The page answers a browser at that link, which sends Host: 127.0.0.2:PORT.
      const page = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.2', port, path: '/', headers: { host: `127.0.0.2:${port}` } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(page).toBe(200);
    } finally {
      host.stop();
    }
  });
});
