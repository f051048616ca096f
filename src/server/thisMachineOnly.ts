import { headerOf, splitUrl, textResponse, type PlainHandler, type PlainRequest } from '../http/plainHttp';

// The local host's own pages (the dev phone, its report of the calls, the
// simulated SMS outbox) place calls signed with the auth token and show what
// callers did: they are for the person at this machine. A tunnel to the same
// port (ngrok, to reach a Twilio number, as docs/twilio.md shows) or another
// machine would reach them too; so they answer only a request addressed to
// this machine by name, sent from this machine (a server started with
// HOST=0.0.0.0 is reachable from the network, and any peer can write
// "Host: localhost") and not forwarded by a proxy. The webhooks under
// /api/ answer everyone, as deployed: their signatures are checked.

/**
 * Whether a name or address can only mean this machine: localhost, ::1, or an address of 127.0.0.0/8 written
 * out (HOST=127.0.0.2), also IPv4-mapped (a dual-stack socket reports 127.0.0.1 as ::ffff:127.0.0.1); an IPv6
 * address may be in the brackets of a URL or Host header. The one test for a Host header's name, a peer's
 * address and HOST: a name such as "127.evil.example" is none of them.
 */
export function meansThisMachine(name: string): boolean {
  const bare = name.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(bare);
}

const REFUSED = textResponse(
  403,
  'Forbidden: the dev phone, its report and the local SMS outbox are served only to this machine (open them there, at the localhost address npm start printed); a tunnel or another machine reaches only the webhooks under /api/\n',
);

export function thisMachineOnly(handle: PlainHandler): PlainHandler {
  return (request) => (splitUrl(request.url).path.startsWith('/api/') || fromThisMachine(request) ? handle(request) : Promise.resolve(REFUSED));
}

/**
 * Where the person at this machine opens the dev phone of a host listening at
 * `origin`: the origin itself when it names this machine, as these pages
 * require; the same port at localhost for a host on every interface
 * (HOST=0.0.0.0, which would refuse its own printed link); none for a host on
 * another machine's address only (HOST=192.168.1.5), which this machine
 * reaches from that address, not a loopback one, so the pages refuse it.
 */
export function devPhoneOrigin(origin: string): string | undefined {
  const url = new URL(origin);
  if (meansThisMachine(url.hostname)) return origin;
  return url.hostname === '0.0.0.0' || url.hostname === '[::]' ? `${url.protocol}//localhost:${url.port}` : undefined;
}

function fromThisMachine(request: PlainRequest): boolean {
  if (request.remoteAddress !== undefined && !meansThisMachine(request.remoteAddress)) return false;
  // Both the URL (which may come from an absolute-form request line) and the Host header must name this machine.
  const host = headerOf(request.headers, 'host');
  const named = [new URL(request.url).hostname, ...(host === undefined ? [] : [host.replace(/:\d*$/, '').toLowerCase()])];
  const forwarded = headerOf(request.headers, 'x-forwarded-for') !== undefined || headerOf(request.headers, 'forwarded') !== undefined;
  return !forwarded && named.every(meansThisMachine);
}
