// A tiny TwiML "app" for tests: a table of path → TwiML (or a full Response),
// served in-process, recording every request it receives.

import { simulateCall, type CallResult, type SimulateCallOptions, type Transport } from '../../src/simulator';
import { plainResponseOf, webRequestOf, type PlainResponse } from '../../src/http/plainHttp';

export const BASE = 'http://ivr.test';

export interface Received {
  method: string;
  url: string;
  path: string;
  params: Record<string, string>;
  headers: Headers;
}

type Route = string | ((request: Request) => Response | Promise<Response>);

export function twiml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

export function fakeApp(routes: Record<string, Route>): { transport: Transport; received: Received[] } {
  const received: Received[] = [];
  // Routes are written with web-standard Request and Response, the simulator's requests and answers translated at this edge.
  const transport: Transport = async (plain) => {
    const request = webRequestOf(plain);
    const url = new URL(request.url);
    received.push({
      method: request.method,
      url: request.url,
      path: url.pathname,
      params: Object.fromEntries(new URLSearchParams(request.method === 'POST' ? plain.body : url.search.slice(1))),
      headers: request.headers,
    });
    const route = routes[url.pathname];
    if (route === undefined) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    if (typeof route === 'string') return { status: 200, headers: { 'content-type': 'text/xml' }, body: route };
    const answer = await route(request);
    // Anything that is not a Response goes to the simulator as it is: it must cope with an app handing back nonsense.
    return answer instanceof Response ? plainResponseOf(answer) : (answer as unknown as PlainResponse);
  };
  return { transport, received };
}

export const CALL = { to: '+390212345678', from: '+393331112222', callSid: 'CA' + '0'.repeat(32), accountSid: 'AC' + '1'.repeat(32) };

/** Runs a call against `routes`, starting at /voice. */
export async function call(
  routes: Record<string, Route>,
  options: Partial<SimulateCallOptions> = {},
): Promise<CallResult & { received: Received[] }> {
  const app = fakeApp(routes);
  const result = await simulateCall({ url: `${BASE}/voice`, transport: app.transport, call: CALL, ...options });
  return { ...result, received: app.received };
}

/** The events of one type, without their `at`. */
export function eventsOf<T extends CallResult['transcript'][number]['type']>(result: CallResult, type: T) {
  return result.transcript.filter((e): e is Extract<CallResult['transcript'][number], { type: T }> => e.type === type);
}
