import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import type { Flow } from '../../src/flow/schema';
import { expectedStatus, fuzzRequest, toRequest, type FuzzRequest } from './fuzzing';
import { checkTwiml, klarnaFlow, recordingLogger, soundsLikeInternals, TOKEN } from './support';
import { fixedFlow } from '../support/fixedMenu';

// Property-based fuzzing of the whole webhook path (route table, body reading,
// signature check, state decoding, engine, TwiML), with checking on and off.
// Each run draws a fresh seed; a failure prints the seed and path to replay it:
//   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/hardening/webhookFuzz.test.ts
// FC_RUNS=<n> changes how many requests each property sends.

const RUNS = Number(process.env.FC_RUNS ?? 3000);
const destinations = (flow: Flow) => Object.values(flow.destinations).map((d) => d.number);

// The instant of each request is drawn too, so every branch of the hours node is reached.
const instant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2031-12-31T23:59:59Z'), noInvalidDate: true });

function fuzzApp(env: Record<string, string>, flow: Flow) {
  const logger = recordingLogger();
  let now = DateTime.fromISO('2026-11-24T10:00', { zone: 'Europe/Rome' });
  const app = createApp({ settings: readSettings(env), flow, clock: () => now, logger });
  logger.lines.length = 0;
  return { app, logger, setNow: (d: Date) => void (now = DateTime.fromJSDate(d, { zone: 'Europe/Rome' })) };
}

async function runFuzz(name: string, property: fc.IAsyncPropertyWithHooks<[FuzzRequest, Date]>): Promise<number> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  const path = process.env.FC_PATH || undefined;
  const details = await fc.check(property, { numRuns: RUNS, seed, path });
  if (details.failed) {
    throw new Error(
      `${name}: a generated request broke the contract. Replay it with\n` +
        `  FC_SEED=${details.seed} FC_PATH="${details.counterexamplePath}" npx vitest run test/hardening/webhookFuzz.test.ts\n\n` +
        `${String(details.errorInstance)}\n\n${fc.defaultReportMessage(details)}`,
    );
  }
  return details.numRuns;
}

/** The contract for one request: an allowed status; a 200 is sensible TwiML; a refusal carries none. */
async function answerKeepsContract(app: { fetch(r: Request): Promise<Response> }, r: FuzzRequest, checkingOn: boolean, flow: Flow, tally?: Map<number, number>): Promise<{ body: string; said: string[] }> {
  const res = await app.fetch(toRequest(r));
  const body = await res.text();
  tally?.set(res.status, (tally.get(res.status) ?? 0) + 1);
  const want = expectedStatus(r, checkingOn);
  if (res.status !== want) throw new Error(`got ${res.status}, expected ${want}: ${body.slice(0, 300)}\nrequest: ${r.describe}`);
  if (res.status === 204) {
    if (body !== '') throw new Error(`the status callback answered a body: ${body}`);
  } else if (res.status === 200) {
    if (!/^text\/xml/.test(res.headers.get('content-type') ?? '')) throw new Error(`200 without text/xml: ${res.headers.get('content-type')}`);
    return { body, said: checkTwiml(body, r.url, flow, destinations(flow), callIsOver(r)).said };
  } else if (body.includes('<Response') || body.includes('<?xml')) {
    throw new Error(`a ${res.status} refusal carries TwiML: ${body}`);
  }
  return { body, said: [] };
}

/** Whether the request says the call is over (a final CallStatus, as Twilio sends on a request made after the caller hung up). */
function callIsOver(r: FuzzRequest): boolean {
  const status = new URLSearchParams(r.body ? Buffer.from(r.body).toString() : '').get('CallStatus');
  return status !== null && ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status);
}

// The app's own failures. A transfer it refuses because the number rings the app itself (the flow's
// placeholder operators are the lines' own numbers, unset here) is logged as an error on purpose,
// naming the setting to set: the call goes on down the dial's failure path, it is no internal failure.
const appFailures = (lines: { level: string; message: string }[]) => lines.filter((l) => l.level === 'error' && !/ refused to transfer at node /.test(l.message));

// The fuzzing's judge of what a caller must never hear: if it missed stack
// frames, a leak would pass; if it took the menu's times for frames, a
// sensible answer would fail.
describe('the judge of internals in what the caller hears', () => {
  it.each([
    'at /app/dist/src/engine/step.js:41:7',
    'at new FlowLoader (/app/dist/src/flow/load.js:12:3)',
    'at async handle (/app/dist/src/app/createApp.js:88:20)',
    'at async Promise.all (index 0) at file:///app/dist/main.js:3:9',
    'at node:internal/process/task_queues:95:5',
  ])('catches the stack frame %j', (frame) => {
    expect(soundsLikeInternals(`Ci dispiace. ${frame}`)).toBe(true);
  });

  it.each(['We open tomorrow at 8:30.', 'Riapriamo domani alle 9, at 9:00 am.', 'Call us at 8:30 (Monday to Friday).'])('lets the time in %j through', (said) => {
    expect(soundsLikeInternals(said)).toBe(false);
  });
});

describe('fuzzing the webhook path', () => {
  it(`checking on: ${RUNS} generated requests; only correctly signed ones get TwiML, and it is sensible`, async () => {
    const { app, logger, setNow } = fuzzApp({ TWILIO_AUTH_TOKEN: TOKEN }, klarnaFlow);
    const tally = new Map<number, number>();
    const runs = await runFuzz(
      'checking on',
      fc.asyncProperty(fuzzRequest(klarnaFlow), instant, async (r, when) => {
        setNow(when);
        logger.lines.length = 0;
        await answerKeepsContract(app, r, true, klarnaFlow, tally);
        const errors = appFailures(logger.lines);
        if (errors.length > 0) throw new Error(`the Klarna flow failed inside: ${errors[0]?.message}`);
      }),
    );
    if (process.env.FC_PATH) return; // a replay runs one request
    expect(runs).toBe(RUNS);
    // The generator must reach every outcome in earnest, or passing proves little.
    expect(tally.get(200)).toBeGreaterThan(RUNS / 4);
    for (const status of [403, 404, 405, 413]) expect(tally.get(status), `${status}s`).toBeGreaterThan(RUNS / 200);
  });

  it(`checking off (local development): ${RUNS} generated requests, every one on a route gets sensible TwiML`, async () => {
    const { app, logger, setNow } = fuzzApp({ TWILIO_SIGNATURE_VALIDATION: 'off' }, klarnaFlow);
    await runFuzz(
      'checking off',
      fc.asyncProperty(fuzzRequest(klarnaFlow), instant, async (r, when) => {
        setNow(when);
        logger.lines.length = 0;
        await answerKeepsContract(app, r, false, klarnaFlow);
        const errors = appFailures(logger.lines);
        if (errors.length > 0) throw new Error(`the Klarna flow failed inside: ${errors[0]?.message}`);
      }),
    );
  });

  it(`a flow whose nodes throw: ${RUNS} generated requests; the caller hears the apology, the log gets the cause, the TwiML never does`, async () => {
    const broken = throwingFlow();
    const { app, logger, setNow } = fuzzApp({ TWILIO_SIGNATURE_VALIDATION: 'off' }, broken);
    let failures = 0;
    await runFuzz(
      'throwing flow',
      fc.asyncProperty(fuzzRequest(broken), instant, async (r, when) => {
        setNow(when);
        logger.lines.length = 0;
        const { body, said } = await answerKeepsContract(app, r, false, broken);
        const errors = appFailures(logger.lines);
        if (errors.length === 0) return;
        failures++;
        const apology = Object.values(broken.errorPrompt[0] as Record<string, string>);
        if (!apology.some((text) => said.includes(text))) throw new Error(`an internal error without the apology: ${body}`);
        if (!/^CallSid=(CA[0-9a-f]{32}|\(none\)|\(not a CallSid\)) webhook failed[^:]*: Error: \S/i.test(errors[0]?.message ?? '')) {
          throw new Error(`error logged without the CallSid and the cause: ${errors[0]?.message}`);
        }
        if (/Error|\bat /.test(body)) throw new Error(`the TwiML leaks the error: ${body}`);
      }),
    );
    // The generator must actually reach the broken nodes, or this test proves nothing.
    expect(failures).toBeGreaterThan(RUNS / 10);
  });
});

/**
 * The Klarna flow with faults the checks would refuse at load, built in
 * memory to prove the call-time guard: a dial to a destination that does not
 * exist, a loop of say nodes that never asks anything, prompts missing a language.
 * Built from the fixed copy of the menu, whose node names a rename in the shipped menu does not move.
 */
function throwingFlow(): Flow {
  const flow = structuredClone(fixedFlow()) as Flow & { nodes: Record<string, unknown> };
  const nodes = flow.nodes as Record<string, any>;
  nodes['consumer-operator'].destination = { it: 'nowhere', en: 'nowhere' };
  nodes['loop-a'] = { type: 'say', prompt: [{ it: 'a', en: 'a' }], next: 'loop-b' };
  nodes['loop-b'] = { type: 'say', prompt: [{ it: 'b', en: 'b' }], next: 'loop-a' };
  nodes['merchant-menu'].options.push({ key: '5', next: 'loop-a' });
  delete nodes['consumer-complaints'].prompt[0].en;
  nodes['consumer-welcome'].prompt = [{ en: 'Welcome.' }]; // every consumer call fails at once, in Italian
  return flow;
}
