import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { provisionCommand } from '../../src/cli/commands/provision';
import { STATUS_PATH, VOICE_PATH } from '../../src/twilio/provision';
import { createApp } from '../../src/app/createApp';
import { DEFAULT_FLOW_FILE, readSettings } from '../../src/config/settings';
import { firstSayOf, shippedFlow, shippedLines } from '../support/shippedFlow';
import { API, API_KEY, API_SECRET, ACCOUNT_SID, CREDENTIALS, fakeTwilioDuringSuite, htmlPage, tooManyRequests, twilioError } from './fakeTwilio';

// `ivr provision` against Twilio's REST API as msw reproduces it, through the
// real twilio client. onUnhandledRequest: 'error' means no request can leave.

const { twilio, server } = fakeTwilioDuringSuite();

const NUMBER = '+390212345678';
const APP = 'https://klarna-ivr.azurewebsites.net';

async function provision(args: string[], env: Record<string, string> = CREDENTIALS, settingsFile?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const waits: number[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'ivr-provision-'));
  const code = await provisionCommand(args, {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    settingsFile: settingsFile ?? path.join(dir, 'local.settings.json'),
    exampleFile: path.join(__dirname, '../../local.settings.example.json'),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), waits };
}

const posts = () => twilio.requests.filter((r) => r.method === 'POST');

describe('ivr provision: a real run', () => {
  it('points the number at the app: voice URL, fallback and status callback, all POST, and says what changed', async () => {
    const number = twilio.addNumber(NUMBER, { friendly_name: 'Klarna test line' });
    const { code, out } = await provision([NUMBER, APP]);
    expect(code).toBe(0);
    expect(number).toMatchObject({
      voice_url: `${APP}/api/voice`,
      voice_method: 'POST',
      voice_fallback_url: `${APP}/api/voice`,
      voice_fallback_method: 'POST',
      status_callback: `${APP}/api/voice/status`,
      status_callback_method: 'POST',
    });
    expect(out).toContain(`${NUMBER} (${number.sid}, "Klarna test line") in account AC1a1a…1a1a`);
    expect(out).toContain(`A call comes in (voice URL): https://demo.twilio.com/welcome/voice/ -> ${APP}/api/voice`);
    expect(out).toContain(`Call status changes (status callback): (not set) -> ${APP}/api/voice/status`);
    expect(out).toContain(`Updated: calls to ${NUMBER} now reach ${APP}/api/voice.`);
    // Looked up by number, then one update with exactly these parameters.
    expect(twilio.requests[0]?.query.get('PhoneNumber')).toBe(NUMBER);
    expect(posts()).toHaveLength(1);
    expect(Object.fromEntries(posts()[0]!.form)).toEqual({
      VoiceUrl: `${APP}/api/voice`,
      VoiceMethod: 'POST',
      VoiceFallbackUrl: `${APP}/api/voice`,
      VoiceFallbackMethod: 'POST',
      StatusCallback: `${APP}/api/voice/status`,
      StatusCallbackMethod: 'POST',
      VoiceApplicationSid: '',
    });
  });

  it('a second run finds nothing to change and changes nothing', async () => {
    twilio.addNumber(NUMBER);
    await provision([NUMBER, APP]);
    twilio.requests.length = 0;
    const { code, out } = await provision([NUMBER, `${APP}/`]);
    expect(code).toBe(0);
    expect(out).toContain(`already set up: calls go to ${APP}/api/voice; nothing to change.`);
    expect(posts()).toEqual([]);
  });

  it('detaches a TwiML App, which would otherwise override the URLs', async () => {
    const number = twilio.addNumber(NUMBER, { voice_application_sid: `AP${'3c'.repeat(16)}` });
    const { code, out } = await provision([NUMBER, APP]);
    expect(code).toBe(0);
    expect(out).toMatch(/TwiML App \(overrides the URLs\): AP3c3c\S+ -> \(not set\)/);
    expect(number.voice_application_sid).toBeNull();
  });

  it('--fallback-url sends failures elsewhere, e.g. a second deployment', async () => {
    const number = twilio.addNumber(NUMBER);
    await provision([NUMBER, APP, '--fallback-url', 'https://klarna-ivr-westeurope.azurewebsites.net/api/voice']);
    expect(number.voice_fallback_url).toBe('https://klarna-ivr-westeurope.azurewebsites.net/api/voice');
  });

  it('--fallback-url given as a second deployment\'s base URL gets the webhook\'s path, as the app URL does', async () => {
    const number = twilio.addNumber(NUMBER);
    await provision([NUMBER, APP, '--fallback-url', 'https://klarna-ivr-westeurope.azurewebsites.net']);
    expect(number.voice_fallback_url).toBe('https://klarna-ivr-westeurope.azurewebsites.net/api/voice');
  });

  it('works with an API key instead of the auth token', async () => {
    twilio.addNumber(NUMBER);
    const { code } = await provision([NUMBER, APP], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET });
    expect(code).toBe(0);
    expect(Buffer.from(twilio.requests[0]!.authorization!.replace('Basic ', ''), 'base64').toString()).toBe(`${API_KEY}:${API_SECRET}`);
  });

  it('an http tunnel is accepted with --allow-http', async () => {
    const number = twilio.addNumber(NUMBER);
    const { code, out } = await provision([NUMBER, 'http://abc123.ngrok.example', '--allow-http']);
    expect(code).toBe(0);
    expect(number.voice_url).toBe('http://abc123.ngrok.example/api/voice');
    expect(out).toContain('set PUBLIC_BASE_URL=http://abc123.ngrok.example');
  });
});

describe('ivr provision --dry-run', () => {
  it('shows the change and makes none', async () => {
    const number = twilio.addNumber(NUMBER);
    const { code, out } = await provision([NUMBER, APP, '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain(`A call comes in (voice URL): https://demo.twilio.com/welcome/voice/ -> ${APP}/api/voice`);
    expect(out).toContain('unchanged: voice URL method; fallback URL method; status callback method; TwiML App (overrides the URLs)');
    expect(out).toContain('Dry run: nothing was changed.');
    expect(posts()).toEqual([]);
    expect(number.voice_url).toBe('https://demo.twilio.com/welcome/voice/');
  });

  it('without credentials, shows what it would set and asks Twilio nothing', async () => {
    const { code, out } = await provision([NUMBER, APP, '--dry-run'], {});
    expect(code).toBe(0);
    expect(out).toContain('no Twilio credentials');
    expect(out).toContain(`Call status changes (status callback): ${APP}/api/voice/status`);
    expect(twilio.requests).toEqual([]);
  });

  it('without credentials, behind a custom domain, says PUBLIC_BASE_URL before any call is refused for its signature', async () => {
    const { code, out } = await provision([NUMBER, 'https://ivr.klarna.it', '--dry-run'], {});
    expect(code).toBe(0);
    expect(out).toContain('If ivr.klarna.it is a proxy or custom domain in front of the app, set PUBLIC_BASE_URL=https://ivr.klarna.it in the app settings');
  });
});

describe('ivr provision refuses what would not work, before asking Twilio', () => {
  it.each([
    ['an http URL', [NUMBER, 'http://klarna-ivr.azurewebsites.net'], /is http: Twilio would send callers' key presses[\s\S]*--allow-http/],
    ['this machine', [NUMBER, 'https://localhost:7071'], /Twilio cannot reach it[\s\S]*tunnel/],
    ['the webhook URL instead of the base', [NUMBER, `${APP}/api/voice`], /without \/api\/voice: e\.g\. https:\/\/klarna-ivr\.azurewebsites\.net/],
    ['the webhook URL in other letters', [NUMBER, `${APP}/API/Voice`], /without \/API\/Voice: e\.g\. https:\/\/klarna-ivr\.azurewebsites\.net/],
    // The menus send callers on to /api/voice/continue at the root of the host: a path in front would lose every call after the welcome.
    ['a path in front of the app', [NUMBER, 'https://ivr.klarna.it/phone'], /without \/phone: e\.g\. https:\/\/ivr\.klarna\.it; .* the app answers only at the root of its host/],
    ['not a URL', [NUMBER, 'klarna-ivr'], /is not a URL/],
    ['a number without its country code', ['0212345678', APP], /"0212345678" is not an E\.164 number/],
    // Every line of the shipped flow (consumer, merchant, …), and no other after them.
    ['a line the flow does not have', [NUMBER, APP, '--line', 'vip'], new RegExp(`--line "vip" is not a line of the flow; use one of: ${shippedLines().join(', ')}(?![\\w,-])`)],
    ['nothing to provision', [NUMBER], /give the number and the app's URL/],
  ])('%s (exit 2)', async (_label, args, message) => {
    const { code, err } = await provision(args as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(twilio.requests).toEqual([]);
  });

  it('no credentials for a real run', async () => {
    const { code, err } = await provision([NUMBER, APP], {});
    expect(code).toBe(2);
    expect(err).toContain('no Twilio credentials. Set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN');
  });

  it('half-set credentials say which setting is missing', async () => {
    const { code, err } = await provision([NUMBER, APP], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY });
    expect(code).toBe(2);
    expect(err).toContain('TWILIO_API_KEY is set without TWILIO_API_SECRET; set both TWILIO_API_KEY (SK...) and TWILIO_API_SECRET');
  });
});

describe('ivr provision explains each failure Twilio can answer with', () => {
  it('401, wrong credentials: which settings to check; nothing changed', async () => {
    twilio.addNumber(NUMBER);
    const { code, err } = await provision([NUMBER, APP], { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'an-old-token' });
    expect(code).toBe(1);
    expect(err).toContain('Twilio refused the credentials while looking up +390212345678 in account AC1a1a…1a1a (HTTP 401, Twilio error 20003: Authenticate');
    expect(err).toContain('Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET');
    expect(err).toContain('Nothing was changed.');
  });

  it('a number not in the account: lists the numbers it does have', async () => {
    twilio.addNumber('+15005550006');
    twilio.addNumber('+390298765432');
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain('+390212345678 is not in account AC1a1a…1a1a. Its numbers: +15005550006, +390298765432.');
    expect(err).toContain('a number in a subaccount needs that subaccount');
  });

  it('an account with no numbers says how to get one', async () => {
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain('which has no phone numbers at all. Buy one in the Twilio console');
  });

  it('429 with Retry-After: waits as asked, says so, and succeeds', async () => {
    const number = twilio.addNumber(NUMBER);
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => tooManyRequests(2), { once: true }));
    server.use(http.post(`${API}/Accounts/:account/IncomingPhoneNumbers/:sid`, () => tooManyRequests(5), { once: true }));
    const { code, err, waits } = await provision([NUMBER, APP]);
    expect(code).toBe(0);
    expect(waits).toEqual([2000, 5000]);
    expect(err).toContain('Twilio is rate limiting requests (HTTP 429); trying again in 2 s (retry 1 of 3)');
    expect(number.voice_url).toBe(`${APP}/api/voice`);
  });

  it('429 that does not stop: gives up after 3 retries and says to wait', async () => {
    twilio.addNumber(NUMBER);
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => tooManyRequests(1)));
    const { code, err, waits } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(waits).toEqual([1000, 1000, 1000]);
    expect(err).toContain('Twilio kept answering "Too Many Requests" while looking up +390212345678');
    expect(err).toContain('Twilio error 20429');
  });

  it('429 asking for a longer wait than a command should sit through: stops at once', async () => {
    twilio.addNumber(NUMBER);
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => tooManyRequests(3600)));
    const { code, waits } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(waits).toEqual([]);
  });

  it('503 while updating: a problem on Twilio’s side, safe to run again', async () => {
    twilio.addNumber(NUMBER);
    server.use(http.post(`${API}/Accounts/:account/IncomingPhoneNumbers/:sid`, () => twilioError(503, 20503, 'Service Unavailable')));
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain("Twilio's API had a problem of its own while updating +390212345678 (HTTP 503, Twilio error 20503: Service Unavailable");
    expect(err).toContain('Running the command again is safe');
  });

  it('404 while updating (the number was released meanwhile)', async () => {
    const number = twilio.addNumber(NUMBER);
    server.use(
      http.post(`${API}/Accounts/:account/IncomingPhoneNumbers/:sid`, ({ request }) => {
        twilio.numbers.delete(number.sid);
        return twilioError(404, 20404, `The requested resource ${new URL(request.url).pathname} was not found`);
      }),
    );
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toMatch(/Twilio found nothing while updating \+390212345678 \(HTTP 404, Twilio error 20404: The requested resource \/2010-04-01\/Accounts\/AC\w+\/IncomingPhoneNumbers\/PN\w+\.json was not found/);
  });

  it('a gateway’s 502 page instead of Twilio’s JSON error', async () => {
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => htmlPage(502)));
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain("Twilio's API had a problem of its own while looking up +390212345678 in account AC1a1a…1a1a (HTTP 502). Try again in a few minutes");
  });

  it('no network: names api.twilio.com and what to check', async () => {
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => HttpResponse.error()));
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain("Could not reach Twilio's API (api.twilio.com) while looking up +390212345678");
    expect(err).toContain('HTTP_PROXY');
  });

  it('a page that is not JSON (a proxy in the way)', async () => {
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => htmlPage(200)));
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain("Twilio's answer could not be read while looking up +390212345678");
  });

  it('JSON of the wrong shape: a record without a sid', async () => {
    server.use(http.get(`${API}/Accounts/:account/IncomingPhoneNumbers.json`, () => HttpResponse.json({ incoming_phone_numbers: [{ phone_number: NUMBER }], next_page_uri: null })));
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain('could not be read');
    expect(err).toContain('without a PN sid');
  });

  it('an update Twilio answers with other values than asked is not reported as done', async () => {
    const number = twilio.addNumber(NUMBER);
    server.use(http.post(`${API}/Accounts/:account/IncomingPhoneNumbers/:sid`, () => HttpResponse.json({ ...number, voice_url: 'https://elsewhere.example/voice' })));
    const { code, err, out } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain('Twilio saved other values than asked: A call comes in (voice URL) is https://elsewhere.example/voice');
    expect(out).not.toContain('Updated');
  });

  it('a number on a SIP trunk, whose calls never reach voice URLs', async () => {
    twilio.addNumber(NUMBER, { trunk_sid: `TK${'4d'.repeat(16)}` });
    const { code, err } = await provision([NUMBER, APP]);
    expect(code).toBe(1);
    expect(err).toContain('is attached to SIP trunk TK4d');
    expect(posts()).toEqual([]);
  });
});

describe('ivr provision --line: the number reaches that menu on the local host', () => {
  it('creates local.settings.json from the example, mapping the number', async () => {
    twilio.addNumber(NUMBER);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    const { code, out } = await provision([NUMBER, APP, '--line', 'merchant'], CREDENTIALS, file);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.Values.IVR_LINE_NUMBERS).toBe(`${NUMBER}=merchant`);
    expect(written.Values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(out).toContain(`(created): set IVR_LINE_NUMBERS="${NUMBER}=merchant" (was not set).`);
    expect(out).toContain('which reads it when it starts: restart a running one.');
    expect(out).toContain('az functionapp config appsettings set');
    // The app reads the mapping as its own setting: a call to the number reaches the merchant menu.
    const app = createApp({ settings: readSettings({ ...written.Values, TWILIO_SIGNATURE_VALIDATION: 'off' }), logger: { info() {}, warn() {}, error() {} } });
    const res = await app.fetch(new Request('http://localhost/api/voice', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ To: NUMBER, From: '+393401234567' }) }));
    // The shipped flow's merchant welcome, as the app says it (the app serves the shipped flow here).
    expect(await res.text()).toContain(firstSayOf('merchant-welcome', 'it'));
  });

  it('keeps every other value and entry, replacing only this number’s', async () => {
    twilio.addNumber(NUMBER);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: { TWILIO_AUTH_TOKEN: 'kept', IVR_LINE_NUMBERS: `+15005550006=consumer,${NUMBER}=consumer` }, Host: { LocalHttpPort: 7071 } }));
    await provision([NUMBER, APP, '--line', 'merchant'], CREDENTIALS, file);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.Values).toEqual({ TWILIO_AUTH_TOKEN: 'kept', IVR_LINE_NUMBERS: `+15005550006=consumer,${NUMBER}=merchant` });
    expect(written.Host).toEqual({ LocalHttpPort: 7071 });
  });

  it('an earlier entry written with spaces around "=" is replaced, not left beside the new one (the app would refuse the two)', async () => {
    twilio.addNumber(NUMBER);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: { IVR_LINE_NUMBERS: `+15005550006 = consumer, ${NUMBER} = consumer` } }));
    expect((await provision([NUMBER, APP, '--line', 'merchant'], CREDENTIALS, file)).code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.Values.IVR_LINE_NUMBERS).toBe(`+15005550006=consumer,${NUMBER}=merchant`);
    expect([...readSettings(written.Values).lineNumbers]).toEqual([['+15005550006', 'consumer'], [NUMBER, 'merchant']]);
  });

  it("refuses a line's own number sent to the other line, as start-up would, before asking Twilio or writing the file (exit 2)", async () => {
    const merchantLine = shippedFlow().lines.merchant!.number;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    const { code, out, err } = await provision([merchantLine, APP, '--line', 'consumer'], CREDENTIALS, file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `ivr provision: --line consumer would map ${merchantLine} to line "consumer" in IVR_LINE_NUMBERS, but ${merchantLine} is the merchant line's own number in ${DEFAULT_FLOW_FILE} (lines.merchant.number), so its callers would hear the consumer menu; IVR_LINE_NUMBERS may only add other numbers: leave out --line. Nothing was changed.`,
    );
    expect(twilio.requests).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  // The review: a wrong entry already in the file was carried into the new value, and into the Azure command printed, exit 0.
  it.each([
    ['a line\'s own number mapped to the other line', (merchant: string) => `${merchant}=consumer`, (merchant: string) => `IVR_LINE_NUMBERS maps ${merchant} to line "consumer", but ${merchant} is the merchant line's own number`],
    ['a number mapped twice', () => '+15005550007=consumer,+15005550007=merchant', () => 'IVR_LINE_NUMBERS maps +15005550007 twice, to line "consumer" and to line "merchant"'],
  ])('refuses to hand on a setting the app would not start with, already in the file (%s): exit 2, nothing asked or written', async (_, entry, problem) => {
    const merchantLine = shippedFlow().lines.merchant!.number;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    const content = JSON.stringify({ IsEncrypted: false, Values: { IVR_LINE_NUMBERS: entry(merchantLine) } });
    writeFileSync(file, content);
    for (const dryRun of [[], ['--dry-run']]) {
      const { code, out, err } = await provision([NUMBER, APP, '--line', 'merchant', ...dryRun], CREDENTIALS, file);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`ivr provision: ${file} would hold IVR_LINE_NUMBERS="${entry(merchantLine)},${NUMBER}=merchant", which the app would not start with: ${problem(merchantLine)}`);
      expect(err).toContain('Fix that entry in the file first');
      expect(err).toMatch(/Nothing was changed\.$/);
    }
    expect(twilio.requests).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('with --dry-run, writes nothing', async () => {
    twilio.addNumber(NUMBER);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ivr-settings-')), 'local.settings.json');
    const { out } = await provision([NUMBER, APP, '--line', 'consumer', '--dry-run'], CREDENTIALS, file);
    expect(existsSync(file)).toBe(false);
    expect(out).toContain(`(would be created): would set IVR_LINE_NUMBERS="${NUMBER}=consumer"`);
  });
});

describe('the URLs provision sets are routes the app serves', () => {
  it(`${VOICE_PATH} and ${STATUS_PATH} are in the route table`, () => {
    const app = createApp({ settings: readSettings({}), logger: { info() {}, warn() {}, error() {} } });
    expect(app.routes.map((r) => r.path)).toEqual(expect.arrayContaining([VOICE_PATH, STATUS_PATH]));
  });
});
