// `ivr call` options that play more of Twilio's side, as a user runs them (the
// built CLI in a child process) against a TwiML app on 127.0.0.1.

import { describe, expect, it } from 'vitest';
import { routeServer, serveDuringSuite, twiml, type Heard } from '../support/loopbackServer';
import { runIvr } from '../support/runIvr';

const seen: Heard[] = [];
const backup = twiml('<Say>Backup line</Say><Hangup/>');
const server = routeServer({ '/voice': () => ({ status: 500, headers: { 'content-type': 'text/html' }, body: 'boom' }), '/fallback': backup, '/ok': backup }, seen);

const base = serveDuringSuite(server);

describe('ivr call --fallback-url', () => {
  // https://www.twilio.com/docs/usage/security/availability-reliability: the fallback URL gets ErrorCode and ErrorUrl.
  it('requests the fallback after the primary URL fails, prints one line for it, and the call ends as the fallback says', async () => {
    seen.length = 0;
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--fallback-url', '/fallback']);
    expect(stdout).toContain('Twilio error 11200: HTTP retrieval failure: status 500');
    expect(stdout).toContain("(error 11200: trying the number's fallback URL /fallback)");
    expect(stdout).toContain('IVR [en-US]: Backup line');
    expect(stdout).toContain('Outcome: hung up by the IVR');
    expect(code).toBe(0);
    expect(seen.map((s) => s.path)).toEqual(['/voice', '/fallback']);
    expect(seen[1]!.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${base()}/voice` });
  });

  it('refuses a fallback on another origin before calling, exit 2', async () => {
    const { code, stderr } = await runIvr(['call', '--url', `${base()}/voice`, '--fallback-url', 'https://backup.example.com/voice']);
    expect(code).toBe(2);
    expect(stderr).toContain('a simulated call only reaches');
  });
});

describe('ivr call --param', () => {
  // https://www.twilio.com/docs/voice/twiml#request-parameters: FromCity, FromState, FromZip, FromCountry and twins.
  it('adds and replaces parameters on every request; FromCountry comes from the --from number', async () => {
    seen.length = 0;
    const { code } = await runIvr(['call', '--url', `${base()}/ok`, '--from', '+16135550123', '--param', 'FromCity=OTTAWA', '--param', 'ToCountry=XX', '--param', 'Note=a=b']);
    expect(code).toBe(0);
    expect(seen[0]!.params).toMatchObject({ FromCountry: 'CA', FromCity: 'OTTAWA', FromState: '', ToCountry: 'XX', Note: 'a=b' });
  });

  it('refuses a value that is not NAME=VALUE, exit 2', async () => {
    const { code, stderr } = await runIvr(['call', '--url', `${base()}/ok`, '--param', 'FromCity']);
    expect(code).toBe(2);
    expect(stderr).toContain('--param "FromCity": give NAME=VALUE');
  });
});

describe('ivr call --queue', () => {
  // https://www.twilio.com/docs/voice/twiml/enqueue: wait music while queued, QueueResult to the action.
  const queueApp = routeServer({
    '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue>'),
    '/wait': twiml('<Say>Please hold</Say><Pause length="9"/>'),
    '/after': ({ params }) => ({ body: twiml(`<Say>Queue result ${params.QueueResult ?? ''}</Say>`) }),
  });
  const queueBase = serveDuringSuite(queueApp);

  it('bridged:25:90 plays the wait music, then the agent, then the action; one line each; exit 0', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${queueBase()}/voice`, '--queue', 'bridged:25:90']);
    expect(stdout).toContain('Caller waits in queue "support"');
    expect(stdout).toContain('(wait music from /wait: position 1, 0s in queue "support")');
    expect(stdout).toContain('(wait music from /wait: position 1, 10s in queue "support")');
    expect(stdout).toContain('Queue "support" ends: bridged after 30s, talked 90s with the agent');
    expect(stdout).toContain('QueueResult=bridged');
    expect(stdout).toContain('IVR [en-US]: Queue result bridged');
    expect(stdout).toContain('Outcome: connected to an agent from queue "support" after 30s');
    expect(code).toBe(0);
  });

  it('queue-full: the action hears it at once; exit 0, as the call ends as a phone call does', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${queueBase()}/voice`, '--queue', 'queue-full']);
    expect(stdout).toContain('Queue "support" ends: queue-full after 0s');
    expect(stdout).toContain('IVR [en-US]: Queue result queue-full');
    expect(stdout).not.toContain('wait music');
    expect(code).toBe(0);
  });

  it('refuses a result Twilio does not have, naming the ones it does; exit 2', async () => {
    const { code, stderr } = await runIvr(['call', '--url', `${queueBase()}/voice`, '--queue', 'leave']);
    expect(code).toBe(2);
    expect(stderr).toContain('leave comes from a <Leave> in the wait TwiML');
    expect(stderr).toContain('bridged, hangup, redirected');
  });
});
