import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/createApp';
import { APP_SETTINGS, DEFAULT_FLOW_FILE, readSettings, SettingsError, settingNames } from '../../src/config/settings';
import { firstSayOf, shippedFlow } from '../support/shippedFlow';
import { buildWebhookRequest } from '../../src/simulator/webhookRequest';
import { ACCOUNT_SID, AUTH_TOKEN } from '../twilio/fakeTwilio';
import { CONSUMER_LINE, MOBILE, recordingLogger } from '../twilio/support';

// What an engineer who sets an app setting a little wrong is told at start-up:
// the setting, what is wrong with it as they wrote it, and the fix, apart
// (`ivr lint` prints the fix on a line of its own, Azure's log the message).

/** The SettingsError readSettings throws for `env`, as problem and fix. */
function refusal(env: Record<string, string>): { problem: string; fix: string | undefined } {
  try {
    readSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return { problem: err.problem, fix: err.fix };
    throw err;
  }
  throw new Error(`readSettings took ${JSON.stringify(env)}`);
}

const MERCHANT_LINE = shippedFlow().lines.merchant!.number;

const ORIGIN_FIX = 'give only the origin Twilio calls, e.g. https://my-ivr.azurewebsites.net';

describe('PUBLIC_BASE_URL', () => {
  it('with a query, a fragment or a user name is refused at start-up, named, with the fix (it would make every request 403)', () => {
    expect(refusal({ PUBLIC_BASE_URL: 'https://my-ivr.azurewebsites.net?x=1' })).toEqual({ problem: 'PUBLIC_BASE_URL is "https://my-ivr.azurewebsites.net?x=1", which has a query after the origin', fix: ORIGIN_FIX });
    expect(refusal({ PUBLIC_BASE_URL: 'https://my-ivr.azurewebsites.net#top' })).toEqual({ problem: 'PUBLIC_BASE_URL is "https://my-ivr.azurewebsites.net#top", which has a fragment after the origin', fix: ORIGIN_FIX });
    expect(refusal({ PUBLIC_BASE_URL: 'https://ops:pw@my-ivr.azurewebsites.net' }).problem).toBe('PUBLIC_BASE_URL is "https://ops:pw@my-ivr.azurewebsites.net", which has a user name or password after the origin');
    // What the parser drops, an empty query, fragment or user name, is refused too: it is not the origin either.
    for (const value of ['https://my-ivr.azurewebsites.net?', 'https://my-ivr.azurewebsites.net/#', 'https://@my-ivr.azurewebsites.net']) {
      expect(refusal({ PUBLIC_BASE_URL: value }).fix, value).toBe(ORIGIN_FIX);
    }
  });

  it('with a path, or not an http(s) URL, is refused as before', () => {
    expect(refusal({ PUBLIC_BASE_URL: 'https://my-ivr.azurewebsites.net/api' })).toEqual({ problem: 'PUBLIC_BASE_URL is "https://my-ivr.azurewebsites.net/api", which has a path (/api) after the origin', fix: ORIGIN_FIX });
    expect(refusal({ PUBLIC_BASE_URL: 'my-ivr.azurewebsites.net' }).problem).toBe('PUBLIC_BASE_URL is "my-ivr.azurewebsites.net", not an http or https URL');
    expect(refusal({ PUBLIC_BASE_URL: 'ftp://my-ivr.azurewebsites.net' }).problem).toBe('PUBLIC_BASE_URL is "ftp://my-ivr.azurewebsites.net", not an http or https URL');
  });

  it('an origin the URL parser reads but that is not written as its origin is refused at start-up, with the origin to write (every request would get 403)', async () => {
    for (const value of ['https:/ivr.klarna.it', 'https:ivr.klarna.it', 'HTTPS://ivr.klarna.it', 'https://ivr.klarna.it\\', 'https://IVR.klarna.it/']) {
      expect(refusal({ PUBLIC_BASE_URL: value }), value).toEqual({
        problem: `PUBLIC_BASE_URL is "${value}", which is not how its origin is written, so no request's signature would match and each would get 403`,
        fix: 'write it as https://ivr.klarna.it',
      });
    }
    // The origin the fix names is one the app takes, and a request Twilio signed for it is answered.
    const written = refusal({ PUBLIC_BASE_URL: 'https:/ivr.klarna.it' }).fix!.replace('write it as ', '');
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: written }), logger: recordingLogger() });
    const call = { AccountSid: ACCOUNT_SID, CallSid: `CA${'0b'.repeat(16)}`, From: MOBILE, To: CONSUMER_LINE, CallStatus: 'ringing', Direction: 'inbound' };
    expect((await app.handle(buildWebhookRequest('https://ivr.klarna.it/api/voice', 'POST', call, AUTH_TOKEN).request)).status).toBe(200);
  });

  it('an origin is taken as written, without a trailing slash; http stays allowed for a tunnel', () => {
    expect(readSettings({ PUBLIC_BASE_URL: 'https://my-ivr.azurewebsites.net/' }).publicBaseUrl).toBe('https://my-ivr.azurewebsites.net');
    expect(readSettings({ PUBLIC_BASE_URL: 'https://ivr.example.com:8443' }).publicBaseUrl).toBe('https://ivr.example.com:8443');
    expect(readSettings({ PUBLIC_BASE_URL: 'http://abc123.ngrok.app' }).publicBaseUrl).toBe('http://abc123.ngrok.app');
  });
});

describe('IVR_LINE_NUMBERS', () => {
  it('takes spaces around "=" and ",", as people write lists', () => {
    expect([...readSettings({ IVR_LINE_NUMBERS: '+15005550006 = consumer' }).lineNumbers]).toEqual([['+15005550006', 'consumer']]);
    expect([...readSettings({ IVR_LINE_NUMBERS: ' +15005550006 = consumer , +15005550007= merchant ' }).lineNumbers]).toEqual([
      ['+15005550006', 'consumer'],
      ['+15005550007', 'merchant'],
    ]);
    // Spaces alone still part entries.
    expect(readSettings({ IVR_LINE_NUMBERS: '+15005550006=consumer +15005550007=merchant' }).lineNumbers.size).toBe(2);
  });

  it('a line name with capitals is told that line names are lower-case, with the entry to write', () => {
    expect(refusal({ IVR_LINE_NUMBERS: '+15005550006=Consumer' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "+15005550006=Consumer": line names are lower-case', fix: 'write +15005550006=consumer' });
  });

  it('an entry with two "=" is told the format, as written, not blamed on capitals', () => {
    expect(refusal({ IVR_LINE_NUMBERS: '+15005550006 =consumer=merchant' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "+15005550006 =consumer=merchant"', fix: 'write each entry as +E164NUMBER=line, e.g. +15005550006=consumer' });
    expect(refusal({ IVR_LINE_NUMBERS: '+15005550006=Consumer=Merchant' }).problem).toBe('IVR_LINE_NUMBERS has "+15005550006=Consumer=Merchant"');
  });

  it('a number written the Italian way or with spaces is given back in E.164, as DEST_* settings are', () => {
    const fix = 'write +390237921250=merchant (the same number, with its country code and no spaces)';
    expect(refusal({ IVR_LINE_NUMBERS: '0237921250=merchant' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "0237921250=merchant": the number is not in E.164', fix });
    expect(refusal({ IVR_LINE_NUMBERS: '+390212345678=consumer; 02 3792 1250 = merchant' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "02 3792 1250 = merchant": the number is not in E.164', fix });
  });

  it('a wrong entry is shown as it was written, not cut at its spaces', () => {
    expect(refusal({ IVR_LINE_NUMBERS: '+1 500 555 0006=consumer' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "+1 500 555 0006=consumer": the number is not in E.164', fix: 'write +15005550006=consumer (the same number, with its country code and no spaces)' });
    expect(refusal({ IVR_LINE_NUMBERS: '+1 500 555=consumer' })).toEqual({ problem: 'IVR_LINE_NUMBERS has "+1 500 555=consumer"', fix: 'write each entry as +E164NUMBER=line, e.g. +15005550006=consumer' });
    expect(refusal({ IVR_LINE_NUMBERS: '+15005550006=consumer, +15005550007:merchant' }).problem).toBe('IVR_LINE_NUMBERS has "+15005550007:merchant"');
  });

  it('a number mapped to two lines is refused, both entries named (the last one used to win, unsaid)', () => {
    expect(refusal({ IVR_LINE_NUMBERS: '+15005550006=merchant,+15005550006=consumer' })).toEqual({
      problem: 'IVR_LINE_NUMBERS maps +15005550006 twice, to line "merchant" and to line "consumer"',
      fix: 'keep only the entry with the line its callers should reach: +15005550006=merchant or +15005550006=consumer',
    });
    // Written twice to the same line, it reaches that line whichever entry is read: nothing to refuse.
    expect([...readSettings({ IVR_LINE_NUMBERS: '+15005550006=merchant; +15005550006 = merchant' }).lineNumbers]).toEqual([['+15005550006', 'merchant']]);
  });

  it("a line's own number sent to another line stops start-up, naming the flow file, the line and the entry to remove", () => {
    const settings = readSettings({ IVR_LINE_NUMBERS: `+15005550006=consumer,${MERCHANT_LINE}=consumer` });
    let error: unknown;
    try {
      createApp({ settings, logger: { info() {}, warn() {}, error() {} } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problem).toBe(
      `IVR_LINE_NUMBERS maps ${MERCHANT_LINE} to line "consumer", but ${MERCHANT_LINE} is the merchant line's own number in ${DEFAULT_FLOW_FILE} (lines.merchant.number), so its callers would hear the consumer menu`,
    );
    expect((error as SettingsError).fix).toBe(`IVR_LINE_NUMBERS may only add other numbers: remove the entry ${MERCHANT_LINE}=consumer`);
  });

  it("a line's own number mapped to that same line changes nothing, and the app starts", async () => {
    const app = createApp({ settings: readSettings({ IVR_LINE_NUMBERS: `${MERCHANT_LINE}=merchant`, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger: recordingLogger() });
    const call = { AccountSid: ACCOUNT_SID, CallSid: `CA${'0c'.repeat(16)}`, From: MOBILE, To: MERCHANT_LINE, CallStatus: 'ringing', Direction: 'inbound' };
    expect(String((await app.handle(buildWebhookRequest('http://localhost/api/voice', 'POST', call, undefined).request)).body)).toContain(firstSayOf('merchant-welcome', 'it'));
  });
});

describe('TWILIO_AUTH_TOKEN unset on a deployed app', () => {
  it('refuses to start with the problem and the fix apart, as every other setting', () => {
    let error: unknown;
    try {
      createApp({ settings: readSettings({}), requireAuthToken: true, logger: { info() {}, warn() {}, error() {} } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problem).toBe('TWILIO_AUTH_TOKEN is not set, so Twilio signatures cannot be checked and anyone could drive this IVR');
    expect((error as SettingsError).fix).toBe('set TWILIO_AUTH_TOKEN in the app settings, or set TWILIO_SIGNATURE_VALIDATION=off on purpose');
  });
});

describe('the settings the app reads, which a scenario\'s misspelt setting is told against', () => {
  it('are those local.settings.example.json holds, besides Azure\'s FUNCTIONS_WORKER_RUNTIME and the flow\'s DEST_… (a setting added to one is added to the other)', () => {
    const example = Object.keys((JSON.parse(readFileSync('local.settings.example.json', 'utf8')) as { Values: Record<string, string> }).Values);
    const flowOwn = Object.values(shippedFlow().destinations).map((destination) => destination.setting);
    expect(example.filter((name) => name !== 'FUNCTIONS_WORKER_RUNTIME' && !flowOwn.includes(name)).sort()).toEqual([...APP_SETTINGS].sort());
    expect(settingNames(shippedFlow())).toEqual(expect.arrayContaining(['IVR_FLOW_FILE', 'DEST_CONSUMER_OPERATOR_IT']));
  });
});
