// The called party's leg of a <Dial>. Twilio's <Number> page: "The url
// attribute allows you to specify a URL that will return a TwiML response to
// be run on the called party's end, after they answer, but before the
// parties are connected ... You could also provide a chance to decline the
// phone call using <Gather> and <Hangup> ... TwiML documents executed in this
// manner are not allowed to contain the <Dial> verb."
// https://www.twilio.com/docs/voice/twiml/number#url (the same attribute on
// <Client> and <Sip>: https://www.twilio.com/docs/voice/twiml/client,
// https://www.twilio.com/docs/voice/twiml/sip). The child leg's requests
// carry its own CallSid, ParentCallSid = the caller's, and Direction
// "outbound-dial" ("for calls initiated by a <Dial> verb"):
// https://www.twilio.com/docs/voice/twiml#request-parameters.
import { describe, expect, it } from 'vitest';
import { CALL, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';
import type { CallResult, TranscriptEvent } from '../../src/simulator';

const AGENT = '+390299998888';
const SCREEN = twiml('<Gather numDigits="1" action="/accepted"><Say>Press 1 to accept</Say></Gather><Say>Declined</Say><Hangup/>');
const ACCEPTED = twiml('<Say>Connecting you now</Say>');

function calledPartyEvents(result: CallResult): TranscriptEvent[] {
  return result.transcript.flatMap((e) => (e.type === 'called-party' ? [e.event] : []));
}

function callerHeard(result: CallResult): string[] {
  return result.transcript.flatMap((e) => (e.type === 'say' ? [e.text] : []));
}

describe("the called party's leg (a Dial noun's url)", () => {
  it('is requested with the child leg’s parameters, runs on that leg, and joins the two when it runs out of verbs', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml(`<Say>Please hold</Say><Dial action="/after" callerId="+390200000000"><Number url="/screen">${AGENT}</Number></Dial>`),
        '/screen': SCREEN,
        '/accepted': ACCEPTED,
        '/after': twiml('<Hangup/>'),
      },
      { calledParty: [{ digits: '1' }] },
    );
    const screen = result.received.find((r) => r.path === '/screen')!;
    expect(screen.method).toBe('POST');
    expect(screen.params).toMatchObject({
      ParentCallSid: CALL.callSid,
      Direction: 'outbound-dial',
      From: '+390200000000',
      To: AGENT,
      Called: AGENT,
      CallStatus: 'in-progress',
      AccountSid: CALL.accountSid,
    });
    expect(screen.params.CallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(screen.params.CallSid).not.toBe(CALL.callSid);
    // The called party's key goes to their Gather's action, on their leg.
    const accepted = result.received.find((r) => r.path === '/accepted')!;
    expect(accepted.params).toMatchObject({ Digits: '1', CallSid: screen.params.CallSid, ParentCallSid: CALL.callSid });

    const after = result.received.find((r) => r.path === '/after')!;
    expect(after.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true', DialCallSid: screen.params.CallSid });
    // DialCallDuration is the child call's: the screening (2 s prompt + 1 s key + 2 s "Connecting you now") and the 60 s talk.
    expect(after.params.DialCallDuration).toBe(String(3 + 2 + 60));
    expect(result.outcome).toMatchObject({ kind: 'dial', to: AGENT, durationSeconds: 60 });
    // The dial's line is stamped when the dial began (after the 1 s "Please hold"), though said when it ends.
    expect(result.transcript.find((e) => e.type === 'dial')?.at).toBe(1);
    // The call's count includes the called party's requests.
    expect(result.requests).toBe(4);
    // The caller hears none of the screening.
    expect(callerHeard(result)).toEqual(['Please hold']);
    expect(calledPartyEvents(result).filter((e) => e.type === 'say').map((e) => (e as { text: string }).text)).toEqual(['Press 1 to accept', 'Connecting you now']);
    expect(result.transcript.filter((e) => e.type === 'called-party').every((e) => (e as { to: string }).to === AGENT)).toBe(true);
  });

  it('does not join the two when the called party declines (the screening hangs up): the action says DialBridged=false and runs', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml(`<Dial action="/after"><Number url="/screen">${AGENT}</Number></Dial>`),
        '/screen': SCREEN,
        '/after': twiml('<Say>Nobody can take your call</Say><Hangup/>'),
      },
      { calledParty: [{ silence: true }] },
    );
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/screen', '/after']);
    // The called party answered (their call completed) but was never joined to the caller.
    expect(result.received[2]!.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false' });
    expect(callerHeard(result)).toEqual(['Nobody can take your call']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.transcript.find((e) => e.type === 'dial')).toMatchObject({ status: 'completed', bridged: false, durationSeconds: 0 });
  });

  it('a called party who hangs up on the screening declines too; without an action the caller’s document goes on', async () => {
    const result = await callOverHttp(
      { '/voice': twiml(`<Dial><Client url="/screen">agent_anna</Client></Dial><Say>Please call back later</Say>`), '/screen': SCREEN },
      { calledParty: [{ hangup: true }] },
    );
    expect(callerHeard(result)).toEqual(['Please call back later']);
    // A client is addressed as Twilio addresses it on the child call.
    expect(result.received[1]!.params).toMatchObject({ To: 'client:agent_anna', ParentCallSid: CALL.callSid });
    expect(calledPartyEvents(result).map((e) => e.type)).toEqual(['request', 'say', 'gather', 'input', 'hangup']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('follows <Sip url method="GET">, and refuses a <Dial> on the called party’s leg (not joined)', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Dial action="/after"><Sip url="/whisper" method="GET">sip:kate@example.com</Sip></Dial>'),
      '/whisper': twiml('<Dial>+15005550006</Dial>'),
      '/after': twiml('<Hangup/>'),
    });
    expect(result.received[1]).toMatchObject({ method: 'GET', path: '/whisper' });
    expect(result.received[1]!.params.ParentCallSid).toBe(CALL.callSid);
    expect(calledPartyEvents(result).find((e) => e.type === 'error')).toMatchObject({ code: 12200 });
    expect(result.received[2]!.params).toMatchObject({ DialBridged: 'false' });
  });

  it('the caller hanging up during the screening ends the dial: the action is told and its TwiML is not run', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml(`<Dial action="/after"><Number url="/screen">${AGENT}</Number></Dial>`),
        '/screen': twiml('<Pause length="20"/><Say>too late</Say>'),
        '/after': twiml('<Say>never heard</Say>'),
      },
      { hangupAt: 10 },
    );
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(10);
    expect(result.received.find((r) => r.path === '/after')!.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false', CallStatus: 'completed' });
    expect(calledPartyEvents(result).some((e) => e.type === 'say')).toBe(false);
    expect(callerHeard(result)).toEqual([]);
  });
});
