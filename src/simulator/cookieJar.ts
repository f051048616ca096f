// Twilio keeps the cookies a webhook sets and sends them back on the call's
// later requests, "just like a normal web browser"
// (https://www.twilio.com/docs/voice/twiml, "Twilio is a well-behaved HTTP
// client"). One jar per call; a call only ever talks to one origin, so the
// jar keys cookies by name and path (RFC 6265), nothing more.

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export type CookieChange = { name: string; value: string } | { name: string; removed: true };

export class CookieJar {
  private readonly cookies: Cookie[] = [];

  /** Takes the Set-Cookie lines of one answer to `url`; returns what changed, for the transcript. */
  store(setCookies: readonly string[], url: string): CookieChange[] {
    const changes: CookieChange[] = [];
    for (const line of setCookies) {
      const parsed = parseSetCookie(line, url);
      if (!parsed) continue; // a browser ignores a line without name=value; so does Twilio
      const at = this.cookies.findIndex((c) => c.name === parsed.cookie.name && c.path === parsed.cookie.path);
      if (at !== -1) this.cookies.splice(at, 1);
      if (parsed.expired) changes.push({ name: parsed.cookie.name, removed: true });
      else {
        this.cookies.push(parsed.cookie);
        changes.push({ name: parsed.cookie.name, value: parsed.cookie.value });
      }
    }
    return changes;
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  headerFor(url: string): string | undefined {
    if (this.cookies.length === 0) return undefined; // most apps set none: no URL to read for every request
    const path = new URL(url).pathname;
    const sent = this.cookies
      .filter((c) => pathMatches(path, c.path))
      .sort((a, b) => b.path.length - a.path.length) // longer paths first, as RFC 6265 5.4 orders them
      .map((c) => `${c.name}=${c.value}`);
    return sent.length > 0 ? sent.join('; ') : undefined;
  }
}

function parseSetCookie(line: string, url: string): { cookie: Cookie; expired: boolean } | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq === -1) return undefined;
  const name = pair.slice(0, eq).trim();
  if (!name) return undefined;
  const cookie: Cookie = { name, value: pair.slice(eq + 1).trim(), path: defaultPath(url) };
  let expired = false;
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const value = rest.join('=').trim();
    const lower = key.trim().toLowerCase();
    if (lower === 'path' && value.startsWith('/')) cookie.path = value;
    // Only removal matters within one call: Max-Age 0 or less, or an Expires already past.
    if (lower === 'max-age' && /^-?\d+$/.test(value)) expired = Number(value) <= 0;
    if (lower === 'expires' && !attributes.some((a) => /^\s*max-age\s*=/i.test(a))) expired = Date.parse(value) <= Date.now();
  }
  return { cookie, expired };
}

/** RFC 6265 5.1.4: the request path up to its last slash. */
function defaultPath(url: string): string {
  const path = new URL(url).pathname;
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
