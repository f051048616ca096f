// <Enqueue>, its wait music, its action and <Leave>, as Twilio documents them:
//   https://www.twilio.com/docs/voice/twiml/enqueue  (waitUrl and its parameters, action, QueueResult, <Task>)
//   https://www.twilio.com/docs/voice/twiml/leave    (<Leave> resumes after the <Enqueue>)
// Each behaviour runs against a small TwiML app of the test's own over real
// HTTP (loopbackApp); the clock is virtual, so waits cost nothing.
import { describe, expect, it } from 'vitest';
import { queueScript } from '../../src/simulator';
import { eventsOf, twiml } from './fakeApp';
import { callOverHttp } from './loopbackApp';

const WAIT_PARAMS = ['QueuePosition', 'QueueSid', 'QueueTime', 'AvgQueueTime', 'CurrentQueueSize', 'MaxQueueSize'];

describe('<Enqueue waitUrl>: the wait music runs while the caller waits, and again when it runs out', () => {
  it('requests the waitUrl with the wait parameters, repeats it until an agent takes the call, then the next verb runs', async () => {
    // 5 words = 2 s of speech, then a 10 s pause: each round lasts 12 s; the agent comes after 30 s.
    const result = await callOverHttp(
      {
        '/voice': twiml('<Enqueue waitUrl="/wait">support</Enqueue><Say>grazie, arrivederci</Say>'),
        '/wait': twiml('<Say>resti in linea prego</Say><Pause length="10"/>'),
      },
      { queue: queueScript({ result: 'bridged', waitSeconds: 30, talkSeconds: 45 }) },
    );
    const waits = result.received.filter((r) => r.path === '/wait');
    // Rounds at 0 s, 12 s and 24 s; the agent comes at 30 s, during the third round's pause, which the simulator lets finish (36 s).
    expect(waits).toHaveLength(3);
    expect(waits.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    for (const name of WAIT_PARAMS) expect(waits[0]?.params[name], name).toBeDefined();
    expect(waits.map((r) => r.params.QueueTime)).toEqual(['0', '12', '24']);
    expect(waits[0]?.params).toMatchObject({ QueuePosition: '1', CurrentQueueSize: '1', CallStatus: 'in-progress' });
    expect(waits[0]?.params.QueueSid).toMatch(/^QU[0-9a-f]{32}$/);
    // Without an action, "Twilio will fall through to the next verb in the document" once the bridged call ends.
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['resti in linea prego', 'resti in linea prego', 'resti in linea prego', 'grazie, arrivederci']);
    expect(eventsOf(result, 'queue-end')).toEqual([{ at: 36, type: 'queue-end', queue: 'support', result: 'bridged', queueSeconds: 36, talkSeconds: 45 }]);
    expect(result.outcome).toEqual({ kind: 'enqueue', queue: 'support', queueSeconds: 36, durationSeconds: 45 });
  });

  it('waitUrlMethod="GET" requests the wait music by GET, with the parameters in the query', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue waitUrl="/wait" waitUrlMethod="GET">support</Enqueue>'), '/wait': twiml('<Pause length="20"/>') },
      { queue: () => ({ result: 'bridged', waitSeconds: 10 }) },
    );
    expect(result.received.filter((r) => r.path === '/wait').map((r) => [r.method, r.params.QueuePosition])).toEqual([['GET', '1']]);
  });

  it('a verb Twilio does not allow in wait TwiML ends the queue with QueueResult=error, reported to the action', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue>'),
      '/wait': twiml('<Dial>+390200000000</Dial>'),
      '/after': twiml('<Say>errore</Say>'),
    });
    expect(result.received.find((r) => r.path === '/after')?.params).toMatchObject({ QueueResult: 'error', QueueTime: '0' });
    expect(eventsOf(result, 'dial')).toEqual([]);
    expect(eventsOf(result, 'queue-end')[0]?.detail).toMatch(/<Dial> cannot run in a queue's wait TwiML/);
  });

  it('a wait document of audio alone (no length known) plays on until the queue ends, requested once', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue waitUrl="/wait">support</Enqueue>'), '/wait': twiml('<Play>https://media.example/music.mp3</Play>') },
      { queue: () => ({ result: 'bridged', waitSeconds: 90, talkSeconds: 10 }) },
    );
    expect(result.received.filter((r) => r.path === '/wait')).toHaveLength(1);
    expect(eventsOf(result, 'queue-hold')).toMatchObject([{ seconds: 90 }]);
    expect(result.virtualSeconds).toBe(100);
  });
});

describe('<Enqueue action>: requested when the caller leaves the queue, with QueueResult, QueueSid and QueueTime', () => {
  it('bridged: requested once the agent conversation ends, and its TwiML runs; the next verb does not', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue><Say>mai</Say>'),
        '/wait': twiml('<Pause length="5"/>'),
        '/after': twiml('<Say>grazie per la chiamata</Say>'),
      },
      { queue: () => ({ result: 'bridged', waitSeconds: 20, talkSeconds: 60 }) },
    );
    const after = result.received.find((r) => r.path === '/after');
    expect(after?.params).toMatchObject({ QueueResult: 'bridged', QueueTime: '20' });
    expect(after?.params.QueueSid).toBe(result.received.find((r) => r.path === '/wait')?.params.QueueSid);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['grazie per la chiamata']);
    expect(result.transcript.find((e) => e.type === 'request' && e.url.endsWith('/after'))?.at).toBe(80);
  });

  it('queue-full: the caller never entered, so the action gets QueueResult alone, right away', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue>'), '/wait': twiml('<Pause/>'), '/after': twiml('<Say>coda piena</Say>') },
      { queue: () => ({ result: 'queue-full' }) },
    );
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/after']);
    const params = result.received[1]?.params ?? {};
    expect(params.QueueResult).toBe('queue-full');
    expect(params.QueueSid).toBeUndefined();
    expect(params.QueueTime).toBeUndefined();
  });

  it('redirected: out of the queue after the wait, the action hears about it', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue action="/after" method="GET">support</Enqueue>'), '/after': twiml('<Say>ok</Say>') },
      { queue: () => ({ result: 'redirected', waitSeconds: 15 }) },
    );
    expect(result.received.at(-1)).toMatchObject({ method: 'GET', path: '/after', params: { QueueResult: 'redirected', QueueTime: '15' } });
    expect(eventsOf(result, 'queue-hold')[0]?.why).toMatch(/default classical playlist/);
  });
});

describe('<Leave> in the wait TwiML', () => {
  it('takes the caller out of the queue; execution resumes with the verb after <Enqueue> (Twilio\'s own closed-line example)', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Enqueue waitUrl="/wait">support</Enqueue><Say>Unfortunately, the support line has closed. Please call again tomorrow.</Say>'),
      '/wait': twiml('<Leave/>'),
    });
    expect(eventsOf(result, 'leave')).toMatchObject([{ inQueue: true }]);
    expect(eventsOf(result, 'queue-end')).toMatchObject([{ result: 'leave', queueSeconds: 0 }]);
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['Unfortunately, the support line has closed. Please call again tomorrow.']);
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: true });
  });

  it('with an action, <Leave> requests it right away with QueueResult=leave', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue><Say>mai</Say>'),
      '/wait': ({ params }) => ({ body: twiml(Number(params.QueueTime) >= 20 ? '<Leave/>' : '<Pause length="10"/>') }),
      '/after': twiml('<Say>richiameremo</Say>'),
    }, { queue: () => ({ result: 'bridged', waitSeconds: 300 }) });
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/wait', '/wait', '/wait', '/after']);
    expect(result.received.at(-1)?.params).toMatchObject({ QueueResult: 'leave', QueueTime: '20' });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['richiameremo']);
  });

  it('a <Gather> in the wait music: a key leads to its action, whose TwiML may <Leave>', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml('<Enqueue waitUrl="/wait">support</Enqueue><Say>lasci un messaggio</Say>'),
        '/wait': twiml('<Gather numDigits="1" action="/key" timeout="5"><Say>premi uno per uscire</Say></Gather>'),
        '/key': ({ params }) => ({ body: twiml(params.Digits === '1' ? '<Leave/>' : '<Pause/>') }),
      },
      { caller: [{ digits: '1' }] },
    );
    expect(result.received.map((r) => r.path)).toEqual(['/voice', '/wait', '/key']);
    expect(eventsOf(result, 'queue-end')).toMatchObject([{ result: 'leave' }]);
    expect(eventsOf(result, 'say').at(-1)?.text).toBe('lasci un messaggio');
  });
});

describe('the caller hangs up while queued', () => {
  it('hangupAt during the wait music: QueueResult=hangup is posted to the action, whose answer is not played', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue>'),
        '/wait': twiml('<Pause length="10"/>'),
        '/after': twiml('<Say>mai sentito</Say>'),
      },
      { hangupAt: 25 },
    );
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.received.at(-1)?.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '25' });
    expect(eventsOf(result, 'callback')).toMatchObject([{ name: 'Enqueue action', status: 200 }]);
    expect(eventsOf(result, 'say')).toEqual([]);
    expect(eventsOf(result, 'hangup')).toEqual([{ at: 25, type: 'hangup', by: 'caller' }]);
  });

  it('hanging up while talking to the agent: the call was connected, and the action hears QueueResult=bridged', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue waitUrl="" action="/after">support</Enqueue>'), '/after': twiml('<Say>mai</Say>') },
      { queue: () => ({ result: 'bridged', waitSeconds: 10, talkSeconds: 60 }), hangupAt: 40 },
    );
    expect(result.outcome).toEqual({ kind: 'enqueue', queue: 'support', queueSeconds: 10, durationSeconds: 60 });
    expect(result.virtualSeconds).toBe(40);
    expect(result.received.at(-1)?.params).toMatchObject({ QueueResult: 'bridged', QueueTime: '10' });
    expect(eventsOf(result, 'say')).toEqual([]);
  });

  it('<Hangup> in the wait TwiML "hangs up the call and thereby leaving the queue"', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Enqueue waitUrl="/wait" action="/after">support</Enqueue><Say>mai</Say>'),
      '/wait': twiml('<Say>siamo chiusi</Say><Hangup/>'),
      '/after': twiml('<Say>mai</Say>'),
    });
    expect(result.outcome).toEqual({ kind: 'hangup', endOfDocument: false });
    expect(result.received.at(-1)?.params).toMatchObject({ QueueResult: 'hangup' });
    expect(eventsOf(result, 'say').map((e) => e.text)).toEqual(['siamo chiusi']);
  });

  it('a scripted hangup after N seconds ends the call the same way', async () => {
    const result = await callOverHttp(
      { '/voice': twiml('<Enqueue waitUrl="" action="/after">support</Enqueue>'), '/after': twiml('<Say>mai</Say>') },
      { queue: () => ({ result: 'hangup', waitSeconds: 40 }) },
    );
    expect(result.outcome).toEqual({ kind: 'caller-hangup' });
    expect(result.virtualSeconds).toBe(40);
    expect(result.received.at(-1)?.params).toMatchObject({ QueueResult: 'hangup', QueueTime: '40' });
    expect(eventsOf(result, 'queue-hold')[0]?.why).toMatch(/waitUrl is empty/);
  });
});

describe('<Enqueue workflowSid><Task>: a TaskRouter task with those attributes', () => {
  it('the task attributes are parsed from the JSON, never taken as the queue name', async () => {
    const result = await callOverHttp({
      '/voice': twiml('<Enqueue workflowSid="WW0123456789abcdef0123456789abcdef" waitUrl=""><Task>{"selected_language": "it", "account": 42}</Task></Enqueue>'),
    });
    expect(eventsOf(result, 'enqueue')).toEqual([
      { at: 0, type: 'enqueue', queue: '', waitUrl: '', workflowSid: 'WW0123456789abcdef0123456789abcdef', task: { selected_language: 'it', account: 42 } },
    ]);
    expect(result.outcome).toMatchObject({ kind: 'enqueue', queue: '' });
  });

  it('a <Task> that is not a JSON object is a clear error naming the fix', async () => {
    const result = await callOverHttp({ '/voice': twiml('<Enqueue workflowSid="WW1"><Task>{selected_language: it}</Task></Enqueue>') });
    expect(result.outcome).toMatchObject({ kind: 'error', code: 12200 });
    expect(result.outcome.kind === 'error' && result.outcome.message).toMatch(/<Task> in <Enqueue> is not JSON .*\{"language": "it"\}/);
  });
});

// https://www.twilio.com/docs/voice/twiml/queue: the <Queue> noun's url is requested for the dequeued
// caller with QueueSid, CallSid (theirs), QueueTime and DequeingCallSid. The Dial action's queue
// parameters (QueueSid, DequeueResult, DequeuedCallSid, DequeuedCallQueueTime, DequeuedCallDuration)
// are not on that page: their names are the ones Twilio sends and apps read (e.g. DequeueResult "bridged").
describe('<Dial><Queue>: the agent side of a queue', () => {
  it('a bridged queue dial requests the noun url for the dequeued caller, and its action gets the queue parameters', async () => {
    const result = await callOverHttp(
      {
        '/voice': twiml('<Dial action="/done"><Queue url="/about-to-connect">support</Queue></Dial>'),
        '/about-to-connect': twiml('<Say>You will now be connected to an agent.</Say>'),
        '/done': twiml('<Hangup/>'),
      },
      { dial: () => ({ status: 'completed', durationSeconds: 42 }) },
    );
    const announce = result.received.find((r) => r.path === '/about-to-connect');
    expect(announce?.params).toMatchObject({ QueueTime: '0', DequeingCallSid: result.callSid });
    expect(announce?.params.CallSid).not.toBe(result.callSid);
    const done = result.received.find((r) => r.path === '/done')?.params;
    expect(done).toMatchObject({ DialCallStatus: 'completed', DequeueResult: 'bridged', DequeuedCallDuration: '42', DequeuedCallQueueTime: '0' });
    expect(done?.QueueSid).toBe(announce?.params.QueueSid);
    expect(done?.DequeuedCallSid).toBe(announce?.params.CallSid);
  });
});
