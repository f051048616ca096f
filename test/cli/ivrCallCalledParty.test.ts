import { describe, expect, it } from 'vitest';
import { routeServer, serveDuringSuite, twiml } from '../support/loopbackServer';
import { runIvr } from '../support/runIvr';

// `ivr call --callee-press` as a user runs it (the built CLI in a child
// process) against a TwiML app with call screening: <Number url> runs TwiML
// on the called party's leg after they answer and before the two are joined
// (https://www.twilio.com/docs/voice/twiml/number#url).

describe('ivr call --callee-press: the called party screens the call', () => {
  const server = routeServer({
    '/voice': twiml('<Say>Connecting you to an agent</Say><Dial action="/after"><Number url="/screen" statusCallback="/dial-status">+390299998888</Number></Dial>'),
    '/screen': twiml('<Gather numDigits="1" action="/accepted"><Say>Press 1 to accept</Say></Gather><Hangup/>'),
    '/accepted': twiml('<Say>Connecting</Say>'),
    '/after': twiml('<Say>Nobody could take your call</Say><Hangup/>'),
    '/dial-status': twiml(''),
  });
  const base = serveDuringSuite(server);

  it('accepted: the leg’s lines name the called party, the caller is connected, exit 0', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--callee-press', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('IVR [en-US]: Connecting you to an agent');
    expect(stdout).toContain('  [called party +390299998888] -> POST /screen  200');
    expect(stdout).toContain('  [called party +390299998888] IVR [en-US]: Press 1 to accept');
    expect(stdout).toContain('  [called party +390299998888] presses 1');
    expect(stdout).toContain('  [called party +390299998888] IVR [en-US]: Connecting');
    expect(stdout).toContain('Call dialled to +390299998888 (number): completed, talked 60s');
    expect(stdout).toContain('  (statusCallback completed: POST /dial-status  200)');
    expect(stdout).toContain('Outcome: connected to +390299998888');
  });

  it('declined: the called party hangs up on the screening, the caller is not joined and hears the action, exit 0', async () => {
    const { code, stdout } = await runIvr(['call', '--url', `${base()}/voice`, '--callee-press', 'hangup']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ {2}\[called party \+390299998888\] hangs up \(\d+s into the call\)/);
    expect(stdout).toContain("Call dialled to +390299998888 (number): answered, but the called party's leg ended before joining the call (DialCallStatus completed, DialBridged false)");
    expect(stdout).toContain('IVR [en-US]: Nobody could take your call');
    expect(stdout).toContain('Outcome: hung up by the IVR');
  });

  it('a --callee-press that is not keys is wrong usage, named, exit 2', async () => {
    const { code, stderr } = await runIvr(['call', '--url', `${base()}/voice`, '--callee-press', 'yes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--callee-press "yes": give phone keys');
  });
});
