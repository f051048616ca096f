import { describe, expect, it } from 'vitest';
import { BASE, call, eventsOf, twiml } from './fakeApp';

describe('verbs that move or end the call', () => {
  it('<Redirect> resolves relative URLs like a browser and uses POST by default', async () => {
    const result = await call(
      {
        '/ivr/start': twiml('<Redirect>next?lang=it</Redirect>'),
        '/ivr/next': twiml('<Redirect method="GET">../done</Redirect>'),
        '/done': twiml('<Hangup/>'),
      },
      { url: `${BASE}/ivr/start` },
    );
    expect(result.received.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/ivr/start'],
      ['POST', '/ivr/next'],
      ['GET', '/done'],
    ]);
    expect(result.received[1]?.url).toBe(`${BASE}/ivr/next?lang=it`);
    expect(eventsOf(result, 'redirect').map((e) => e.url)).toEqual([`${BASE}/ivr/next?lang=it`, `${BASE}/done`]);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
  });

  it('<Hangup> stops the document', async () => {
    const result = await call({ '/voice': twiml('<Say>Bye</Say><Hangup/><Say>never</Say>') });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Bye']);
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 1, type: 'hangup', by: 'app' }]);
  });

  it('end of document hangs up', async () => {
    const result = await call({ '/voice': twiml('') });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('<Reject> defaults to "rejected" and honours reason="busy"', async () => {
    expect((await call({ '/voice': twiml('<Reject/>') })).outcome).toEqual({ kind: 'reject', reason: 'rejected' });
    expect((await call({ '/voice': twiml('<Reject reason="busy"/>') })).outcome).toEqual({ kind: 'reject', reason: 'busy' });
  });

  it('<Leave> outside a queue, <Sms>, <Message>, <Start> and <Stop> are recorded and the call carries on', async () => {
    const result = await call({
      '/voice': twiml(`
        <Leave/>
        <Sms to="+39333" from="+3902">Your code is 1234</Sms>
        <Message>Hi</Message>
        <Start><Stream url="wss://media.test/s"/></Start>
        <Stop><Transcription name="t"/></Stop>
        <Say>still here</Say>`),
    });
    expect(result.transcript.map((e) => e.type)).toEqual(['request', 'leave', 'sms', 'sms', 'background', 'background', 'say', 'hangup', 'end']);
    expect(eventsOf(result, 'sms')[0]).toMatchObject({ verb: 'Sms', body: 'Your code is 1234', to: '+39333', from: '+3902' });
    expect(eventsOf(result, 'background').map((e) => [e.verb, e.nouns])).toEqual([
      ['Start', ['Stream']],
      ['Stop', ['Transcription']],
    ]);
  });

  it.each(['Pay', 'Connect', 'Refer'])('names <%s> as unsupported and stops there', async (verb) => {
    const result = await call({ '/voice': twiml(`<Say>before</Say><${verb}/><Say>after</Say>`) });
    expect(result.outcome).toEqual({ kind: 'unsupported', verb });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['before']);
  });
});
