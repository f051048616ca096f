// The dev phone's API places calls signed with the real auth token, and its
// report shows what callers did. thisMachineOnly keeps other machines out,
// but any web page open in the developer's browser runs on this machine too:
// a form or a fetch() with a "simple" content type (text/plain) needs no CORS
// preflight, so without this check any site could start calls, fill the
// report, and past the session cap hang up the developer's own call.
// Browsers say where a request comes from: Sec-Fetch-Site (same-origin, or
// none for one the user typed) and Origin, on every request but a GET
// (https://fetch.spec.whatwg.org/#origin-header). A client that sends neither
// (curl, a test) is a program on this machine, which needs no web page to
// reach the port.

const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/** 403 with the reason for a state-changing request sent by another site's page; undefined for one the page itself (or no browser) sent. */
export function crossSiteRefusal(request: Request): Response | undefined {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && !ALLOWED_FETCH_SITES.has(fetchSite)) {
    return forbidden(`the browser says this request comes from another site (Sec-Fetch-Site: ${fetchSite})`);
  }
  const origin = request.headers.get('origin');
  const own = ownOrigin(request);
  if (origin !== null && origin !== own) {
    return forbidden(`it was sent by a page of ${JSON.stringify(origin.slice(0, 100))}, not by the dev phone's own page at ${own}`);
  }
  return undefined;
}

/** The origin the request was addressed to: http://<Host>, written as browsers write Origin (lower case, no default port). */
function ownOrigin(request: Request): string {
  const host = request.headers.get('host');
  const url = host === null ? request.url : `http://${host}/`;
  // The local host refuses a Host the URL parser would not take; anything else calling here gets an origin no page has.
  return URL.canParse(url) ? new URL(url).origin : 'null';
}

function forbidden(reason: string): Response {
  return new Response(`Forbidden: the dev phone takes calls and keys only from its own page, and ${reason}. Open the page npm start printed and use it there.\n`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
