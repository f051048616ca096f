// A small TwiML app of a test's own, served over real HTTP on 127.0.0.1: the
// simulator reaches it through httpTransport, as `ivr call --url` does, so a
// test sees exactly the requests (and headers) Twilio's would carry.

import type { AddressInfo } from 'node:net';
import { httpTransport, simulateCall, type CallResult, type SimulateCallOptions } from '../../src/simulator';
import { routeServer, type Heard, type LoopbackRoute } from '../support/loopbackServer';
import { CALL } from './fakeApp';

export type { Answer, Heard, LoopbackRoute } from '../support/loopbackServer';

/** Serves `routes`, runs one call starting at /voice, and always closes the server. */
export async function callOverHttp(
  routes: Record<string, LoopbackRoute>,
  options: Partial<SimulateCallOptions> & { start?: string } = {},
): Promise<CallResult & { received: Heard[]; base: string }> {
  const received: Heard[] = [];
  const server = routeServer(routes, received);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { start = '/voice', ...rest } = options;
    const result = await simulateCall({ url: `${base}${start}`, transport: httpTransport(base), call: CALL, ...rest });
    return { ...result, received, base };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
