import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type http from 'node:http';
import { createHttpHost, listen } from '../../src/server/httpHost';
import { httpTransport, simulateCall, type CallerAction, type CallResult, type DialStatus, type Transport } from '../../src/simulator';
import { at, klarnaFlow, recordingLogger, TOKEN, WEEKDAY_OPEN } from './support';
import { OPERATOR_NUMBERS } from '../support/operatorNumbers';
import { promptSaid, shippedLines, shippedOperatorNumbers } from '../support/shippedFlow';

// Hundreds of simulated calls at once through the local HTTP server, each with
// its own CallSid, caller number, line and key presses. Every call must get
// exactly what the same call gets when it runs alone against a fresh app:
// any state shared between calls would show up as a difference. Not timed.

const CALLS = 300;

interface PlannedCall {
  callSid: string;
  from: string;
  to: string;
  presses: CallerAction[];
  dialStatus: DialStatus;
}

const press = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', '3', '4', '5', '9', '*', '0').map((digits): CallerAction => ({ digits })), weight: 6 },
  { arbitrary: fc.constant<CallerAction>({ silence: true }), weight: 2 },
);

// A fixed seed: the same 300 calls every run, so a failure names a call that can be replayed.
const planned: PlannedCall[] = fc
  .sample(
    fc.record({
      line: fc.constantFrom(...Object.values(klarnaFlow.lines).map((l) => l.number)),
      presses: fc.array(press, { maxLength: 7 }),
      dialStatus: fc.constantFrom<DialStatus>('completed', 'busy', 'no-answer', 'failed'),
    }),
    { seed: 20261124, numRuns: CALLS },
  )
  .map((c, i) => ({
    callSid: `CA${i.toString(16).padStart(32, '0')}`,
    from: `+3934${String(1000000 + i).padStart(8, '0')}`,
    to: c.line,
    presses: c.presses,
    dialStatus: c.dialStatus,
  }));

// Every operator of the flow set, as a deployment must: of a line an editor adds too, whose transfers are then put through.
const settings = readSettings({ TWILIO_AUTH_TOKEN: TOKEN, ...shippedOperatorNumbers() });
const clock = at(WEEKDAY_OPEN);

function run(call: PlannedCall, url: string, transport: Transport): Promise<CallResult> {
  return simulateCall({
    url,
    transport,
    call: { to: call.to, from: call.from, callSid: call.callSid, accountSid: 'AC3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b' },
    caller: [...call.presses],
    dial: () => ({ status: call.dialStatus, durationSeconds: call.dialStatus === 'completed' ? 60 : 0 }),
    authToken: TOKEN,
  });
}

/** The transcript, with the one thing the simulator makes up afresh each run (the dialled leg's CallSid) blanked. */
function comparable(result: CallResult) {
  return result.transcript.map((event) =>
    event.type === 'request' && event.params.DialCallSid ? { ...event, params: { ...event.params, DialCallSid: '(dialled leg)' } } : event,
  );
}

describe(`${CALLS} concurrent calls through the local HTTP server`, () => {
  let server: http.Server;
  let origin: string;
  const arrivals: string[] = [];
  const logger = recordingLogger();
  let together: CallResult[] = [];

  beforeAll(async () => {
    const app = createApp({ settings, flow: klarnaFlow, clock, logger });
    server = createHttpHost(async (request) => {
      const sid = new URLSearchParams(request.body).get('CallSid');
      arrivals.push(sid ?? '?');
      return app.handle(request);
    });
    origin = await listen(server, 0, '127.0.0.1');
    together = await Promise.all(planned.map((call) => run(call, `${origin}/api/voice`, httpTransport(origin))));
  }, 120_000);

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('each call gets exactly the TwiML its own path demands, as if it were alone', async () => {
    const url = `${origin}/api/voice`;

    // The calls really overlapped at the server: requests of different calls interleave.
    const switches = arrivals.filter((sid, i) => i > 0 && sid !== arrivals[i - 1]).length;
    expect(arrivals.length).toBeGreaterThan(CALLS * 2);
    expect(switches).toBeGreaterThan(CALLS);

    for (const [i, call] of planned.entries()) {
      const got = together[i] as CallResult;
      // The same call alone, in-process, against an app of its own; same URL, so the same signatures.
      const alone = await run(call, url, createApp({ settings, flow: klarnaFlow, clock, logger: recordingLogger() }).handle);
      expect(got.callSid, `call ${i}`).toBe(call.callSid);
      expect(comparable(got), `call ${i} (${call.callSid}) differs from the same call made alone`).toEqual(comparable(alone));
      for (const event of got.transcript) {
        if (event.type === 'request') {
          expect(event.status, `call ${i}: ${event.url}`).toBe(200);
          expect(event.params.CallSid).toBe(call.callSid);
          expect(event.params.From).toBe(call.from);
        }
      }
    }
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 120_000);

  it('the answers are the calls’ own: each hears its own line’s welcome, and the outcomes vary as the paths do', () => {
    // Each line's number and the first words of its welcome, as the flow has them.
    const welcome = Object.fromEntries(Object.values(klarnaFlow.lines).map((line) => [line.number, promptSaid(line.start, 'it')[0]])) as Record<string, string>;
    // Each line of the flow (two at least, or no call could hear another's) has a number of its own: a welcome per number.
    expect(shippedLines().length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(welcome)).toHaveLength(shippedLines().length);
    const outcomes = new Map<string, number>();
    for (const [i, result] of together.entries()) {
      const call = planned[i] as PlannedCall;
      const firstSay = result.transcript.find((e) => e.type === 'say');
      expect(firstSay && 'text' in firstSay ? firstSay.text : undefined, `call ${i}`).toBe(welcome[call.to]);
      const key = result.outcome.kind === 'dial' ? `dial ${result.outcome.to}` : result.outcome.kind;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // Transfers to both lines' operators and hang-ups all happened: the paths really differ.
    expect([...outcomes.keys()].sort()).toEqual(expect.arrayContaining([`dial ${OPERATOR_NUMBERS.DEST_CONSUMER_OPERATOR_IT}`, `dial ${OPERATOR_NUMBERS.DEST_MERCHANT_OPERATOR_IT}`, 'hangup']));
    expect([...outcomes.keys()].some((k) => k === 'error' || k === 'loop')).toBe(false);
  });
});
