import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { expectedSignature, httpsForm, portVariant, signatureMatchOf } from '../../src/webhook/twilioSignature';
import { parseForm } from '../../src/webhook/readForm';
import { CALL_SID, TOKEN, WEEKDAY_OPEN, at, formPost, getRequest, recordingLogger, twilioCallParams } from './support';

// Every signature below is computed with twilio's own helper, the way Twilio
// computes it, and the app must accept exactly those requests and nothing a
// single character away from them.

const clock = at(WEEKDAY_OPEN);
const STATE = 'line=consumer&node=consumer-menu&lang=it&tries=0';

interface Case {
  name: string;
  env: Record<string, string>;
  /** The URL Twilio requested and signed. */
  signedUrl: string;
  /** The URL the function sees (differs behind a proxy). */
  seenUrl: string;
  method: 'POST' | 'GET';
  /** POST: the form body. GET: already in the URL. */
  params: Record<string, string>;
}

const afterGather = twilioCallParams({ CallStatus: 'in-progress', Digits: '2', FinishedOnKey: '', SpeechResult: 'perché sì, l’operatore 😀', Confidence: '0.87' });
const getQuery = new URLSearchParams(twilioCallParams()).toString();

const cases: Case[] = [
  { name: 'POST, no query string, local port 7071', env: {}, signedUrl: 'http://localhost:7071/api/voice', seenUrl: 'http://localhost:7071/api/voice', method: 'POST', params: twilioCallParams() },
  {
    name: 'POST with the call state in the query string',
    env: {},
    signedUrl: `http://localhost:7071/api/voice/continue?${STATE}`,
    seenUrl: `http://localhost:7071/api/voice/continue?${STATE}`,
    method: 'POST',
    params: afterGather,
  },
  { name: 'GET, Twilio parameters in the query string', env: {}, signedUrl: `http://localhost:7071/api/voice?${getQuery}`, seenUrl: `http://localhost:7071/api/voice?${getQuery}`, method: 'GET', params: {} },
  {
    name: 'GET with the call state and Twilio parameters in the query string',
    env: {},
    signedUrl: `http://localhost:7071/api/voice/continue?${STATE}&${new URLSearchParams(afterGather)}`,
    seenUrl: `http://localhost:7071/api/voice/continue?${STATE}&${new URLSearchParams(afterGather)}`,
    method: 'GET',
    params: {},
  },
  {
    name: 'behind a proxy: Twilio calls the public https URL, the function sees an inner one',
    env: { PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example' },
    signedUrl: `https://ivr.klarna-italia.example/api/voice/continue?${STATE}`,
    seenUrl: `http://10.0.0.4:8080/api/voice/continue?${STATE}`,
    method: 'POST',
    params: afterGather,
  },
  {
    name: 'behind a proxy on a non-default https port',
    env: { PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example:8443' },
    signedUrl: 'https://ivr.klarna-italia.example:8443/api/voice',
    seenUrl: 'http://127.0.0.1:7071/api/voice',
    method: 'POST',
    params: twilioCallParams(),
  },
  {
    // Azure's front end ends TLS; the function may see Twilio's https request as http (test/webhook/tlsFrontEnd.test.ts).
    name: 'behind a front end that ends TLS, no PUBLIC_BASE_URL: Twilio signed https, the function sees http',
    env: {},
    signedUrl: `https://ivr.klarna-italia.example/api/voice/continue?${STATE}`,
    seenUrl: `http://ivr.klarna-italia.example/api/voice/continue?${STATE}`,
    method: 'POST',
    params: afterGather,
  },
  {
    name: 'https, Twilio signed the URL with :443 written out',
    env: {},
    signedUrl: 'https://ivr.klarna-italia.example:443/api/voice',
    seenUrl: 'https://ivr.klarna-italia.example/api/voice',
    method: 'POST',
    params: twilioCallParams(),
  },
  {
    name: 'https on port 8443, Twilio signed the URL without the port (as its documentation says it does)',
    env: { PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example:8443' },
    signedUrl: 'https://ivr.klarna-italia.example/api/voice',
    seenUrl: 'http://127.0.0.1:7071/api/voice',
    method: 'POST',
    params: twilioCallParams(),
  },
];

function send(c: Case, signature: string | undefined, params = c.params, seenUrl = c.seenUrl): Request {
  return c.method === 'POST' ? formPost(seenUrl, params, signature) : getRequest(seenUrl, signature);
}

/** A different character at position i: digits stay digits, letters stay letters, so the text stays plausible. */
function changeAt(text: string, i: number): string {
  const ch = text[i] as string;
  const next = /[0-9]/.test(ch) ? String((Number(ch) + 1) % 10) : /[a-y]/i.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 1) : /[zZ]/.test(ch) ? 'a' : ch === '-' ? '_' : 'x';
  return text.slice(0, i) + next + text.slice(i + 1);
}

describe.each(cases)('signature matrix: $name', (c) => {
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, ...c.env }), clock, logger: recordingLogger() });
  const twilioSigned = getExpectedTwilioSignature(TOKEN, c.signedUrl, c.params);

  it('our HMAC equals twilio’s getExpectedTwilioSignature', () => {
    expect(expectedSignature(TOKEN, c.signedUrl, c.params)).toBe(twilioSigned);
  });

  it('the request Twilio signed gets TwiML', async () => {
    const res = await app.fetch(send(c, twilioSigned));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<\?xml[^>]*\?><Response>/);
  });

  it('a signature made with a token one character different is refused, at every position', async () => {
    for (let i = 0; i < TOKEN.length; i++) {
      const res = await app.fetch(send(c, getExpectedTwilioSignature(changeAt(TOKEN, i), c.signedUrl, c.params)));
      expect(res.status, `token changed at ${i}`).toBe(403);
      expect(await res.text()).not.toContain('<Response');
    }
  });

  it('a signature made for a URL one character different is refused, at every position', async () => {
    for (let i = 0; i < c.signedUrl.length; i++) {
      const otherUrl = changeAt(c.signedUrl, i);
      if (otherUrl === c.signedUrl) continue;
      const res = await app.fetch(send(c, getExpectedTwilioSignature(TOKEN, otherUrl, c.params)));
      expect(res.status, `URL changed at ${i}: ${otherUrl}`).toBe(403);
    }
  });

  if (c.method === 'POST') it('a request whose parameters differ by one character from those signed is refused', async () => {
    for (const [name, value] of Object.entries(c.params)) {
      const changedValue = value === '' ? 'x' : changeAt(value, value.length - 1);
      const withValue = { ...c.params, [name]: changedValue };
      expect((await app.fetch(send(c, twilioSigned, withValue))).status, `${name}=${changedValue}`).toBe(403);
      const { [name]: _dropped, ...without } = c.params;
      const renamed = { ...without, [changeAt(name, 0)]: value };
      expect((await app.fetch(send(c, twilioSigned, renamed))).status, `name ${name} changed`).toBe(403);
      expect((await app.fetch(send(c, twilioSigned, without))).status, `${name} removed`).toBe(403);
    }
    expect((await app.fetch(send(c, twilioSigned, { ...c.params, Digits: '9' }))).status).toBe(403);
    expect((await app.fetch(send(c, twilioSigned, { ...c.params, Extra: '' }))).status).toBe(403);
  });

  it('the signed request sent to a URL one character different is refused (state, path and query are all signed)', async () => {
    const seen = new URL(c.seenUrl);
    const tail = seen.pathname + seen.search;
    for (let i = 0; i < tail.length; i++) {
      const otherTail = changeAt(tail, i);
      const other = `${seen.origin}${otherTail}`;
      if (otherTail === tail || !otherTail.startsWith('/api/voice')) continue; // other paths are 404s, tested elsewhere
      const res = await app.fetch(send(c, twilioSigned, c.params, other));
      expect([403, 404], `sent to ${other}`).toContain(res.status);
    }
  });
});

describe('expectedSignature is twilio’s algorithm, for any URL and parameters', () => {
  it('equals getExpectedTwilioSignature on generated input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 40 }), { maxKeys: 12 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (url, params, token) => expectedSignature(token, url, params) === getExpectedTwilioSignature(token, url, params),
      ),
      { numRuns: 500 },
    );
  });

  it('accepts a form in any order, repeated names too, exactly when twilio signed what an object of it holds', () => {
    const name = fc.oneof(fc.constantFrom('To', 'From', 'Digits', 'CallSid', 'a', 'B', '__proto__', '10', '9'), fc.string({ unit: 'grapheme', maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 14 }), fc.string({ minLength: 1, maxLength: 40 }), (pairs, token) => {
        const url = 'https://ivr.example.net/api/voice';
        const body = new URLSearchParams(pairs).toString();
        const asObject = Object.fromEntries(new URLSearchParams(body));
        const request = (signature: string) => ({ method: 'POST', url, headers: { 'x-twilio-signature': signature }, body });
        const signature = getExpectedTwilioSignature(token, url, asObject);
        expect(signatureMatchOf(request(signature), parseForm(body), [token], undefined) !== undefined).toBe(true);
        expect(signatureMatchOf(request(getExpectedTwilioSignature(`${token}x`, url, asObject)), parseForm(body), [token], undefined) !== undefined).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('accepts a long form (hundreds of names, reversed, repeated) exactly when twilio signed it', () => {
    const url = 'https://ivr.example.net/api/voice';
    const pairs = Array.from({ length: 300 }, (_, i) => [`P${(299 - i) % 200}`, `v${i}`]);
    const body = new URLSearchParams(pairs).toString();
    const signature = getExpectedTwilioSignature(TOKEN, url, Object.fromEntries(pairs));
    const request = { method: 'POST', url, headers: { 'x-twilio-signature': signature }, body };
    expect(signatureMatchOf(request, parseForm(body), [TOKEN], undefined) !== undefined).toBe(true);
    expect(signatureMatchOf(request, parseForm(`${body}&P7=changed`), [TOKEN], undefined) !== undefined).toBe(false);
  });

  it('gives the https form of an http URL, host, port, path and query unchanged, and leaves any other URL as it is', () => {
    expect(httpsForm('http://my-ivr.azurewebsites.net/api/voice?x=1')).toBe('https://my-ivr.azurewebsites.net/api/voice?x=1');
    expect(httpsForm('http://127.0.0.1:7391/api/voice')).toBe('https://127.0.0.1:7391/api/voice');
    expect(httpsForm('https://a.example/api/voice')).toBe('https://a.example/api/voice');
    expect(httpsForm('/api/voice')).toBe('/api/voice');
  });

  it('gives the port variant Twilio’s own validators also try', () => {
    expect(portVariant('https://a.example/api/voice?x=1')).toBe('https://a.example:443/api/voice?x=1');
    expect(portVariant('https://a.example:443/api/voice')).toBe('https://a.example/api/voice');
    expect(portVariant('http://localhost:7071/api/voice')).toBe('http://localhost/api/voice');
    expect(portVariant('http://localhost/api/voice')).toBe('http://localhost:80/api/voice');
    expect(portVariant('http://[::1]:7071/api/voice')).toBe('http://[::1]/api/voice');
  });
});

describe('no TwiML to an unsigned request while checking is on', () => {
  const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN }), clock, logger: recordingLogger() });
  const origin = 'http://localhost:7071';
  const bodies: [string, string | undefined][] = [
    ['application/x-www-form-urlencoded', new URLSearchParams(twilioCallParams()).toString()],
    ['application/json', JSON.stringify(twilioCallParams())],
    ['text/plain', 'hello'],
    ['', undefined],
  ];
  const signatures = [undefined, '', 'x', ' ', getExpectedTwilioSignature(TOKEN, `${origin}/api/voice`, {}), 'A'.repeat(28)];

  it('on every route, method, query, content type and bogus signature', async () => {
    let tried = 0;
    for (const path of ['/api/voice', '/api/voice/', '/api/voice/continue', `/api/voice/continue?${STATE}`, `/api/voice?${getQuery}`]) {
      for (const method of ['GET', 'POST']) {
        for (const [type, body] of bodies) {
          for (const signature of signatures) {
            const headers: Record<string, string> = {};
            if (type) headers['content-type'] = type;
            if (signature !== undefined) headers['x-twilio-signature'] = signature;
            const res = await app.fetch(new Request(`${origin}${path}`, { method, headers, body: method === 'GET' ? undefined : body }));
            // signatures[4] signs the bare /api/voice URL with no parameters: a GET of it, or a POST whose
            // body yields no parameters (not a form), is exactly what was signed. Everything else is not.
            const signed = path === '/api/voice' && signature === signatures[4] && (method === 'GET' || type !== 'application/x-www-form-urlencoded');
            expect(res.status, `${method} ${path} ${type} ${signature}`).toBe(signed ? 200 : 403);
            if (!signed) expect(await res.text()).not.toContain('<Response');
            tried++;
          }
        }
      }
    }
    expect(tried).toBe(5 * 2 * 4 * 6);
  });

  it('a request cannot switch checking off: not by query, form field or header', async () => {
    const url = `${origin}/api/voice?TWILIO_SIGNATURE_VALIDATION=off&validate=false`;
    const res = await app.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature-validation': 'off', 'x-debug': '1' },
        body: new URLSearchParams({ ...twilioCallParams(), TWILIO_SIGNATURE_VALIDATION: 'off', TWILIO_AUTH_TOKEN: '' }).toString(),
      }),
    );
    expect(res.status).toBe(403);
  });

  it('the settings are read once at start-up: changing the environment afterwards changes nothing', async () => {
    const env: Record<string, string> = { TWILIO_AUTH_TOKEN: TOKEN };
    const started = createApp({ settings: readSettings(env), clock, logger: recordingLogger() });
    env.TWILIO_SIGNATURE_VALIDATION = 'off';
    env.TWILIO_AUTH_TOKEN_SECONDARY = 'attacker-token';
    const forged = getExpectedTwilioSignature('attacker-token', `${origin}/api/voice`, twilioCallParams());
    expect((await started.fetch(formPost(`${origin}/api/voice`, twilioCallParams()))).status).toBe(403);
    expect((await started.fetch(formPost(`${origin}/api/voice`, twilioCallParams(), forged))).status).toBe(403);
  });

  it('logs the refusal with the CallSid and the URL checked, never the token', async () => {
    const logger = recordingLogger();
    const logged = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://ivr.klarna-italia.example' }), clock, logger });
    logger.lines.length = 0; // start-up warnings (placeholder destinations) are not the point here
    await logged.fetch(formPost(`${origin}/api/voice`, twilioCallParams(), 'bad'));
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: `CallSid=${CALL_SID} POST https://ivr.klarna-italia.example/api/voice: refused with 403, X-Twilio-Signature missing or not made for this URL (check TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL); further refusals are counted, not logged, until 10 minutes pass without one (with a count every 10 minutes while they go on)`,
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
  });
});

describe('auth token rotation', () => {
  const url = 'http://localhost:7071/api/voice';
  const NEXT = 'fedcba9876543210fedcba9876543210';

  it('with TWILIO_AUTH_TOKEN_SECONDARY set, signatures by either token are accepted, any other refused', async () => {
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_AUTH_TOKEN_SECONDARY: NEXT }), clock, logger: recordingLogger() });
    const params = twilioCallParams();
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, url, params)))).status).toBe(200);
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(NEXT, url, params)))).status).toBe(200);
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature('another', url, params)))).status).toBe(403);
  });

  it('without it, the secondary token’s signatures are refused', async () => {
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN }), clock, logger: recordingLogger() });
    const params = twilioCallParams();
    expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(NEXT, url, params)))).status).toBe(403);
  });
});

describe('auth token rotation, as the log tells it', () => {
  const url = 'http://localhost:7071/api/voice';
  const NEXT = 'fedcba9876543210fedcba9876543210';
  const SECONDARY_FIRST = /^X-Twilio-Signature made with TWILIO_AUTH_TOKEN_SECONDARY, for the first time since start-up: Twilio signs with the secondary token now \(promoted in the console\)\. Next step of the rotation: set TWILIO_AUTH_TOKEN to the new token and clear TWILIO_AUTH_TOKEN_SECONDARY/;

  it('one info line when Twilio first signs with the secondary token (step 4 is next), one if the primary signs again; no line per request, never a token', async () => {
    const logger = recordingLogger();
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_AUTH_TOKEN_SECONDARY: NEXT }), clock, logger });
    logger.lines.length = 0; // start-up warnings (placeholder destinations) are not the point here
    const signedWith = async (token: string) => {
      const params = twilioCallParams();
      expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(token, url, params)))).status).toBe(200);
      return logger.lines.filter((l) => l.message.includes('X-Twilio-Signature')).map((l) => `${l.level}: ${l.message}`);
    };
    // Steps 2 and 3 of SECURITY.md: both tokens set, Twilio still signs with the old primary.
    expect(await signedWith(TOKEN)).toEqual([]);
    expect(await signedWith(TOKEN)).toEqual([]);
    // Promoted in the console: Twilio signs with the secondary.
    expect(await signedWith(NEXT)).toEqual([expect.stringMatching(new RegExp(`^info: ${SECONDARY_FIRST.source.slice(1)}`))]);
    expect(await signedWith(NEXT)).toHaveLength(1);
    expect(await signedWith(TOKEN)).toEqual([
      expect.any(String),
      'info: X-Twilio-Signature made with TWILIO_AUTH_TOKEN again, after 2 requests made with TWILIO_AUTH_TOKEN_SECONDARY: Twilio still signs with the primary token (not promoted yet, or another number or account); keep both until only the secondary is seen.',
    ]);
    // Two numbers signing with different tokens: the secondary again is not "for the first time since start-up".
    expect(await signedWith(TOKEN)).toHaveLength(2);
    const again = (await signedWith(NEXT)).slice(2);
    expect(again).toEqual([expect.stringMatching(/^info: X-Twilio-Signature made with TWILIO_AUTH_TOKEN_SECONDARY, again, after 2 requests made with TWILIO_AUTH_TOKEN: requests come signed with both tokens \(numbers or accounts signing differently\); keep both until only the secondary is seen\.$/)]);
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
    expect(JSON.stringify(logger.lines)).not.toContain(NEXT);
  });

  it('with one token set, nothing is said of tokens', async () => {
    const logger = recordingLogger();
    const app = createApp({ settings: readSettings({ TWILIO_AUTH_TOKEN: TOKEN }), clock, logger });
    const params = twilioCallParams();
    for (let i = 0; i < 3; i++) expect((await app.fetch(formPost(url, params, getExpectedTwilioSignature(TOKEN, url, params)))).status).toBe(200);
    expect(logger.lines.filter((l) => l.message.includes('X-Twilio-Signature'))).toEqual([]);
  });
});
