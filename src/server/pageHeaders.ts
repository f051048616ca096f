import { createHash } from 'node:crypto';
import { SVG_STYLE } from '../diagram/svg';
import { splitUrl, type PlainHandler } from '../http/plainHttp';

// What a browser may do with the local host's own pages (the dev phone, its
// report, the menu map, the SMS outbox). sameOrigin.ts refuses a call placed
// by another site's page, but a page that frames the dev phone gets its
// clicks: the Call button in a frame posts from the dev phone's own origin.
// So no page may frame any of them (X-Frame-Options for older browsers,
// frame-ancestors for the rest), no answer may be sniffed into another type
// than it says, and each page may load only what it uses (a
// Content-Security-Policy): were some text of a flow or a record ever to
// reach the page as markup, it could run nothing. The webhooks under /api/
// answer Twilio, which renders nothing: their answers stay as deployed.

/** What every answer allows, unless its path has a page below: nothing to load, run, submit or frame it. */
const NOTHING = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The map's own <style> (src/diagram/svg.ts), by its hash: the dev phone inserts the map into the page. */
const MAP_STYLE = `'sha256-${createHash('sha256').update(SVG_STYLE).digest('base64')}'`;

/** The dev phone: its script and style sheet, the map's style, its own API (fetch), and the empty icon (data:,). */
const DEV_PHONE = `${NOTHING}; script-src 'self'; style-src 'self' ${MAP_STYLE}; connect-src 'self'; img-src data:`;

/** The policy of each page, by path. */
const POLICIES: ReadonlyMap<string, string> = new Map([
  ['/', DEV_PHONE],
  ['/index.html', DEV_PHONE],
  // The report is one file that opens from disk: its CSS is inline (a <style> and style attributes), and it has no script.
  ['/devphone/report', `${NOTHING}; style-src 'unsafe-inline'`],
  // The map opened by itself: its own <style>, no script.
  ['/devphone/diagram.svg', `${NOTHING}; style-src ${MAP_STYLE}`],
]);

/**
 * The headers of every answer the app gives on the local host's own paths (not /api/). Not on the plain-text
 * refusals httpHost writes before a request reaches the app (400, 408, 413, 417, 431, 501, 505): one sentence of plain
 * text each, with nothing on it to click or run, which a framing page would gain nothing from.
 */
function pageHeadersFor(path: string): Record<string, string> {
  return {
    'content-security-policy': POLICIES.get(path) ?? NOTHING,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
  };
}

export function withPageHeaders(handle: PlainHandler): PlainHandler {
  return async (request) => {
    const { path } = splitUrl(request.url);
    const answer = await handle(request);
    if (path.startsWith('/api/')) return answer;
    return { ...answer, headers: { ...answer.headers, ...pageHeadersFor(path) } };
  };
}
