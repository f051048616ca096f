import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../browser/localServer';

// What the local host tells a browser about its own pages (src/server/pageHeaders.ts): none may be framed
// (the framed dev phone's Call button would take another page's user's click, and its requests are
// same-origin), none sniffed into another type, and each may load only what it uses. The dev phone working
// in full under its policy, and a framing page refused, are held in Chromium by
// test/browser/devPhone.browser.test.ts. Header meanings:
// https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Frame-Options
// https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/frame-ancestors

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ IVR_LOCAL_SMS: 'simulated' });
});
afterAll(() => server?.close());

const headersOf = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${server.origin}${path}`, init);
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
};

/** The CSP's directives by name. */
function policy(headers: Headers): Map<string, string> {
  const value = headers.get('content-security-policy') ?? '';
  return new Map(value.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...rest]) => [name as string, rest.join(' ')]));
}

describe("the local host's own pages", () => {
  const OWN = ['/', '/index.html', '/devphone/app.js', '/devphone/style.css', '/devphone/flow', '/devphone/diagram.svg', '/devphone/report', `/local/sms?callSid=CA${'0'.repeat(32)}`, '/devphone/no-such-thing'];

  it.each(OWN)('%s may not be framed, nor sniffed into another type', async (path) => {
    const { headers } = await headersOf(path);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(policy(headers).get('frame-ancestors')).toBe("'none'");
    expect(policy(headers).get('default-src')).toBe("'none'");
  });

  it("the dev phone page loads only its own script, style sheet and API, and the map's style by its hash", async () => {
    const rules = policy((await headersOf('/')).headers);
    expect(rules.get('script-src')).toBe("'self'");
    expect(rules.get('connect-src')).toBe("'self'");
    expect(rules.get('style-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]{43}='$/);
    expect(rules.get('base-uri')).toBe("'none'");
    expect(rules.get('form-action')).toBe("'none'");
  });

  it('the report and the map run no script: only their inline styles', async () => {
    const report = policy((await headersOf('/devphone/report')).headers);
    expect(report.has('script-src')).toBe(false);
    expect(report.get('style-src')).toBe("'unsafe-inline'");
    const map = policy((await headersOf('/devphone/diagram.svg')).headers);
    expect(map.has('script-src')).toBe(false);
    expect(map.get('style-src')).toMatch(/^'sha256-/);
  });

  it('a request refused for coming from another machine gets them too', async () => {
    const { status, headers } = await headersOf('/', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(status).toBe(403);
    expect(headers.get('x-frame-options')).toBe('DENY');
  });

  it("the webhooks' answers to Twilio stay as deployed", async () => {
    const { status, headers } = await headersOf('/api/voice', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=CA00000000000000000000000000000001&To=%2B390237921240&From=%2B393401234567' });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/xml/);
    expect(headers.has('x-frame-options')).toBe(false);
    expect(headers.has('content-security-policy')).toBe(false);
  });
});
