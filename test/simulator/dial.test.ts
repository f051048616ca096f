import { describe, expect, it } from 'vitest';
import type { DialAttempt } from '../../src/simulator';
import { BASE, call, eventsOf, twiml } from './fakeApp';

describe('<Dial>', () => {
  it('connects a bare number: the call’s outcome is the dial, even as the document goes on', async () => {
    const result = await call({ '/voice': twiml('<Say>Connecting</Say><Dial> +390299998888 </Dial><Say>Thanks, goodbye</Say>') });
    expect(result.outcome).toEqual({ kind: 'dial', to: '+390299998888', noun: 'number', status: 'completed', durationSeconds: 60 });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Connecting', 'Thanks, goodbye']);
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 62, type: 'hangup', by: 'end-of-document' }]);
    expect(result.virtualSeconds).toBe(1 + 60 + 1);
  });

  it('asks the dial option how the attempt ends and posts DialCallStatus to the action', async () => {
    const attempts: DialAttempt[] = [];
    const result = await call(
      {
        '/voice': twiml('<Dial action="/after-dial" timeout="20" callerId="+3902000"><Number>+39021</Number><Sip>sip:agent@pbx.test</Sip></Dial>'),
        '/after-dial': twiml('<Say>Nobody answered</Say><Hangup/>'),
      },
      { dial: (attempt) => (attempts.push(attempt), { status: 'no-answer' }) },
    );
    expect(attempts).toEqual([
      {
        to: '+39021',
        noun: 'number',
        targets: [
          { kind: 'number', to: '+39021' },
          { kind: 'sip', to: 'sip:agent@pbx.test' },
        ],
        timeout: 20,
        timeLimit: 14400,
        callerId: '+3902000',
        action: `${BASE}/after-dial`,
      },
    ]);
    const params = result.received[1]!.params;
    expect(params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
    expect(params.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(params).not.toHaveProperty('DialCallDuration');
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.virtualSeconds).toBe(20 + 1); // rang out the timeout, then "Nobody answered"
  });

  it('sends DialCallDuration for an answered call, capped by timeLimit', async () => {
    const result = await call(
      { '/voice': twiml('<Dial action="/after" timeLimit="30">+39</Dial>'), '/after': twiml('<Hangup/>') },
      { dial: () => ({ status: 'completed', durationSeconds: 95 }) },
    );
    expect(result.received[1]?.params).toMatchObject({ DialCallStatus: 'completed', DialCallDuration: '30', DialBridged: 'true' });
    // The caller was connected: that stays the outcome after the action's <Hangup>.
    expect(result.outcome).toMatchObject({ kind: 'dial', durationSeconds: 30 });
  });

  it('continues with the next verb when an unanswered dial has no action', async () => {
    const result = await call({ '/voice': twiml('<Dial>+39</Dial><Say>The line is busy</Say>') }, { dial: () => ({ status: 'busy' }) });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
    expect(eventsOf(result, 'dial')[0]).toMatchObject({ status: 'busy', durationSeconds: 0 });
    expect(eventsOf(result, 'say')[0]?.text).toBe('The line is busy');
  });

  it('names client, sip and queue targets; <Client> may use <Identity>', async () => {
    const result = await call({
      '/voice': twiml('<Dial><Client><Identity>agent_anna</Identity><Parameter name="x" value="1"/></Client><Queue>support</Queue></Dial>'),
    });
    expect(eventsOf(result, 'dial')[0]?.targets).toEqual([
      { kind: 'client', to: 'agent_anna' },
      { kind: 'queue', to: 'support' },
    ]);
    expect(result.outcome).toMatchObject({ kind: 'dial', to: 'agent_anna', noun: 'client' });
  });

  it('names nouns it does not emulate instead of pretending', async () => {
    const result = await call({ '/voice': twiml('<Say>Joining</Say><Dial><Conference>Room 1</Conference></Dial>') });
    expect(result.outcome).toEqual({ kind: 'unsupported', verb: 'Conference' });
    expect(eventsOf(result, 'unsupported')).toHaveLength(1);
  });

  it('reports an empty <Dial> as a schema error', async () => {
    const result = await call({ '/voice': twiml('<Dial/>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12200 });
  });
});
