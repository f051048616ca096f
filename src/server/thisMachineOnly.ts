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

/** Host names that can only mean this machine. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A name in a URL or Host header that can only mean this machine: those above, or any address of 127.0.0.0/8 written out (HOST=127.0.0.2). */
function namesThisMachine(name: string): boolean {
  return LOOPBACK_HOSTS.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name);
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
  if (namesThisMachine(url.hostname)) return origin;
  return url.hostname === '0.0.0.0' || url.hostname === '[::]' ? `${url.protocol}//localhost:${url.port}` : undefined;
}

/** Whether a host on `host` (HOST) can be reached only from this machine: a loopback name or address. */
export function listensOnThisMachineOnly(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''));
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses (a dual-stack socket reports 127.0.0.1 as ::ffff:127.0.0.1). */
function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}

function fromThisMachine(request: PlainRequest): boolean {
  if (request.remoteAddress !== undefined && !isLoopbackAddress(request.remoteAddress)) return false;
  // Both the URL (which may come from an absolute-form request line) and the Host header must name this machine.
  const host = headerOf(request.headers, 'host');
  const named = [new URL(request.url).hostname, ...(host === undefined ? [] : [host.replace(/:\d*$/, '').toLowerCase()])];
  const forwarded = headerOf(request.headers, 'x-forwarded-for') !== undefined || headerOf(request.headers, 'forwarded') !== undefined;
  return !forwarded && named.every(namesThisMachine);
}
