import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpFunctionOptions } from '@azure/functions';
import { webhookContract } from './webhookContract';

// The Azure entry registers routes with app.http at import; this captures the
// registrations and calls the handlers the way the Functions host would.
const registered = vi.hoisted(() => new Map<string, { route: string; methods: string[]; handler: unknown }>());
vi.mock('@azure/functions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@azure/functions')>();
  return {
    ...actual,
    app: {
      ...actual.app,
      http: (name: string, options: HttpFunctionOptions) =>
        registered.set(name, { route: options.route ?? name, methods: options.methods ?? [], handler: options.handler }),
    },
  };
});

webhookContract('Azure Functions adapter', async (env) => {
  registered.clear();
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, { AZURE_FUNCTIONS_ENVIRONMENT: 'Production', TWILIO_AUTH_TOKEN: '', TWILIO_SIGNATURE_VALIDATION: 'on' }, env);
  await import('../../functions/index');
  process.env = saved;
  const baseUrl = 'https://ivr.example.azurewebsites.net';
  return {
    baseUrl,
    async send(request) {
      const url = new URL(request.url);
      const route = [...registered.values()].find((r) => `/api/${r.route}` === url.pathname);
      if (!route || !route.methods.includes(request.method)) return new Response('Not found', { status: 404 });
      const azureRequest = new HttpRequest({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body: { string: await request.text() },
      });
      const result = await (route.handler as HttpHandler)(azureRequest, new InvocationContext({ functionName: 'test' }));
      return new Response(result.body as string, { status: result.status, headers: result.headers as Record<string, string> });
    },
    close: async () => {},
  };
});

describe('Azure Functions start-up', () => {
  async function importWith(env: Record<string, string>) {
    registered.clear();
    vi.resetModules();
    const saved = { ...process.env };
    Object.assign(process.env, { AZURE_FUNCTIONS_ENVIRONMENT: 'Production', TWILIO_AUTH_TOKEN: '', TWILIO_SIGNATURE_VALIDATION: 'on', IVR_FLOW_FILE: '' }, env);
    try {
      await import('../../functions/index');
    } finally {
      process.env = saved;
    }
  }

  it('refuses to start deployed without TWILIO_AUTH_TOKEN, and registers nothing', async () => {
    await expect(importWith({})).rejects.toThrow(/TWILIO_AUTH_TOKEN is not set/);
    expect(registered.size).toBe(0);
  });

  it('refuses to start on a wrong call journal or SMS setting with its problem and its fix apart, as for every setting, and registers nothing', async () => {
    await expect(importWith({ TWILIO_AUTH_TOKEN: 'x', IVR_CALL_JOURNAL: 'maybe' })).rejects.toThrow(
      expect.objectContaining({ name: 'SettingsError', problem: 'IVR_CALL_JOURNAL is "maybe"', fix: 'set it to "memory" or "table", or leave it unset (table when AzureWebJobsStorage is a storage connection string, memory otherwise)' }),
    );
    await expect(importWith({ TWILIO_AUTH_TOKEN: 'x', TWILIO_ACCOUNT_SID: '', TWILIO_API_KEY: '', TWILIO_API_SECRET: '', IVR_SMS_FROM: 'Klarna' })).rejects.toThrow(
      expect.objectContaining({ problem: "IVR_SMS_FROM is set, so the app sends SMS with Twilio's REST API, and no credentials for it are set", fix: 'set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or with TWILIO_API_KEY and TWILIO_API_SECRET), or unset IVR_SMS_FROM' }),
    );
    expect(registered.size).toBe(0);
  });

  it('refuses to start on a wrong flow file, naming the file and the JSON path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ivr-flow-'));
    const file = path.join(dir, 'broken.json');
    const flow = JSON.parse(readFileSync(path.join(__dirname, '../../flows/klarna-italia.json'), 'utf8'));
    flow.lines.consumer.start = 'benvenuto';
    writeFileSync(file, JSON.stringify(flow));
    await expect(importWith({ TWILIO_AUTH_TOKEN: 'x', IVR_FLOW_FILE: file })).rejects.toThrow(/broken\.json[\s\S]*at lines\.consumer\.start, line 1: refers to node "benvenuto"/);
    expect(registered.size).toBe(0);
  });

  it('started with signature checking off on purpose, says so in the app\'s log', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await importWith({ TWILIO_SIGNATURE_VALIDATION: 'off' });
      expect(warn.mock.calls.map((c) => String(c[0]))).toContain(
        'WARNING: TWILIO_SIGNATURE_VALIDATION=off: webhooks are NOT checked against X-Twilio-Signature, so anyone who finds the URL can drive the menu; remove the setting to check them.',
      );
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x' });
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('TWILIO_SIGNATURE_VALIDATION'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('under Core Tools (Development) without TWILIO_AUTH_TOKEN, starts and warns that it answers unsigned requests, as npm start does; with the token, says nothing of it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const said = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('TWILIO_AUTH_TOKEN is not set'));
    try {
      await importWith({ AZURE_FUNCTIONS_ENVIRONMENT: 'Development' });
      expect(registered.size).toBeGreaterThan(0);
      expect(said()).toEqual([
        'WARNING: TWILIO_AUTH_TOKEN is not set: this function app (AZURE_FUNCTIONS_ENVIRONMENT=Development, as func start runs it) answers unsigned requests; set TWILIO_AUTH_TOKEN in local.settings.json to check X-Twilio-Signature.',
      ]);
      warn.mockClear();
      await importWith({ AZURE_FUNCTIONS_ENVIRONMENT: 'Development', TWILIO_AUTH_TOKEN: 'x' });
      expect(said()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('started with IVR_LOG_PHONE_NUMBERS=full (in any case, spaces around it ignored), says the log holds callers\' whole numbers; masked, says nothing of it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const said = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('IVR_LOG_PHONE_NUMBERS'));
    try {
      for (const full of ['full', 'FULL', ' Full ']) {
        warn.mockClear();
        await importWith({ TWILIO_AUTH_TOKEN: 'x', IVR_LOG_PHONE_NUMBERS: full });
        expect(said()).toEqual([
          "WARNING: IVR_LOG_PHONE_NUMBERS=full: callers' phone numbers are logged whole (ivr.call records, errors), not masked; set it back to masked, or remove it, once the investigation is over (SECURITY.md).",
        ]);
      }
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x', IVR_LOG_PHONE_NUMBERS: 'masked' });
      expect(said()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('deployed with an http PUBLIC_BASE_URL (allowed for a tunnel), warns that Twilio would call in the clear; with https, says nothing of it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const said = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('PUBLIC_BASE_URL'));
    try {
      await importWith({ TWILIO_AUTH_TOKEN: 'x', PUBLIC_BASE_URL: 'http://ivr.klarna-italia.example' });
      expect(said()).toEqual([
        "WARNING: PUBLIC_BASE_URL is http://ivr.klarna-italia.example, plain http: Twilio's requests to it (callers' numbers, keys, signatures) cross the internet unencrypted, and a captured one can be replayed; give the https origin.",
      ]);
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x', PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example' });
      expect(said()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('says where calls wait for their records, and warns when identity-based storage leaves them in one instance\'s memory', async () => {
    // Start-up info lines go through the masking logger, to console.info, as the app's ivr.call lines do.
    const log = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const said = (spy: typeof log) => spy.mock.calls.map((c) => String(c[0]));
    try {
      await importWith({ TWILIO_AUTH_TOKEN: 'x', AzureWebJobsStorage__accountName: 'myivrstorage' });
      expect(said(log)).toContainEqual(expect.stringContaining("each call's answers wait in this process's memory"));
      expect(said(warn)).toContainEqual(expect.stringMatching(/^WARNING: AzureWebJobsStorage is set by identity .* ivr\.call lines lose their path/));
      log.mockClear();
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x', AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=myivrstorage;AccountKey=a2V5;EndpointSuffix=core.windows.net' });
      expect(said(log)).toContainEqual(expect.stringContaining('wait in the table IvrCallJournal of myivrstorage'));
      expect(said(warn).filter((m) => m.includes('by identity'))).toEqual([]);
      // Memory chosen on purpose: said, not warned about.
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x', AzureWebJobsStorage__accountName: 'myivrstorage', IVR_CALL_JOURNAL: 'memory' });
      expect(said(warn).filter((m) => m.includes('by identity'))).toEqual([]);
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });

  // The check loads libphonenumber (about 30 ms), so it is said a moment after start-up, not before the first
  // call is answered: the clock is faked here.
  it("warns of a destination setting whose number is in no country's numbering plan (Twilio refuses it: 13224), after start-up; not of a real one", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const said = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('DEST_CONSUMER_OPERATOR_IT'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await importWith({ TWILIO_AUTH_TOKEN: 'x', DEST_CONSUMER_OPERATOR_IT: '+1234567' });
      expect(registered.size).toBeGreaterThan(0);
      expect(said()).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(said()).toEqual([
        "DEST_CONSUMER_OPERATOR_IT is +12*4567, not a number of any country's numbering plan (libphonenumber): Twilio would refuse the transfer (error 13224); check it",
      ]);
      warn.mockClear();
      await importWith({ TWILIO_AUTH_TOKEN: 'x', DEST_CONSUMER_OPERATOR_IT: '+390200000001' });
      vi.advanceTimersByTime(1000);
      expect(said()).toEqual([]);
    } finally {
      vi.useRealTimers();
      warn.mockRestore();
    }
  });

  it('registers every route of the table under the api prefix, anonymous', async () => {
    await importWith({ TWILIO_AUTH_TOKEN: 'x' });
    expect([...registered.values()].map((r) => r.route)).toEqual(expect.arrayContaining(['voice', 'voice/continue']));
  });
});
