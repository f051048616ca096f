import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { createApp } from '../src/app/createApp';
import { DEFAULT_FLOW_FILE, readSettings } from '../src/config/settings';
import { loadFlowFile } from '../src/flow/load';
import { simulateCall } from '../src/simulator';
import { percentile } from './stats';
import { mainThreadCpuMicros } from './threadCpu';
import { AUTH_TOKEN, CONSUMER_LINE, DEEP_WEBHOOK, FIRST_WEBHOOK, OPERATOR_SETTINGS, PUBLIC_BASE_URL, plainRequest, type WebhookCall } from './twilioRequests';

// The webhook without a network: the app's handle, called the way the
// simulator and the hosts call it, with the plain request a host hands over.

export interface WebhookCost {
  name: string;
  p50Micros: number;
  p99Micros: number;
  samples: number;
}

export interface SimulatedCalls {
  /** Calls per second of the main thread's CPU time: one core's worth, whatever else the machine runs. */
  callsPerSecond: number;
  /** Calls per second of wall time, which on a busy machine includes waiting for a core. */
  callsPerWallSecond: number;
  calls: number;
  webhooksPerCall: number;
  script: string;
}

/**
 * Tuesday 24 November 2026 (no holiday) in the middle of the shipped menu's first opening range that day, so every
 * call finds the lines open whatever hours an editor gives the menu (a fixed 10:00 stopped the bench when it opened later).
 */
export const OPEN_INSTANT = middleOfOpening('2026-11-24');

function middleOfOpening(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'Europe/Rome' });
  const weekday = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)[day.weekday - 1]!;
  const range = loadFlowFile(DEFAULT_FLOW_FILE).hours.weekly[weekday]?.[0];
  if (!range) throw new Error(`the bench calls on ${date}, a ${weekday}, when the menu's lines are closed all day`);
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const middle = Math.floor((minutes(range.open) + minutes(range.close)) / 2);
  return `${date}T${String(Math.floor(middle / 60)).padStart(2, '0')}:${String(middle % 60).padStart(2, '0')}`;
}
/** English (1), complaints (3), operator (2): five webhooks, the last the transfer's end. */
export const CALL_SCRIPT = ['1', '3', '2'];

function benchApp(signatures: 'on' | 'off' = 'on') {
  const settings = readSettings({ ...OPERATOR_SETTINGS, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: signatures, PUBLIC_BASE_URL });
  const instant = DateTime.fromISO(OPEN_INSTANT, { zone: 'Europe/Rome' });
  // Log lines are formatted as usual and then dropped: the HTTP figures include writing them.
  const logger = { info: () => {}, warn: () => {}, error: (message: string) => console.error(message) };
  return createApp({ settings, clock: () => instant, logger });
}

/** Microseconds for one webhook in-process: handle a signed request, then take the TwiML. */
export async function webhookCost(call: WebhookCall, samples: number): Promise<WebhookCost> {
  const app = benchApp();
  const times = new Float64Array(samples);
  const batch = 500;
  const run = async (count: number, record: boolean): Promise<void> => {
    for (let done = 0; done < count; done += batch) {
      // Requests are built ahead, outside the timing: the caller's cost, not the webhook's.
      const requests = Array.from({ length: Math.min(batch, count - done) }, (_, i) => plainRequest(call, done + i));
      for (let i = 0; i < requests.length; i++) {
        const started = performance.now();
        const response = await app.handle(requests[i]!);
        const xml = response.body;
        const micros = (performance.now() - started) * 1000;
        if (response.status !== 200 || !xml.includes('<Response>')) throw new Error(`${call.name} answered ${response.status}: ${xml.slice(0, 200)}`);
        if (record) times[done + i] = micros;
      }
    }
  };
  await run(Math.min(5_000, samples), false);
  await run(samples, true);
  return { name: call.name, p50Micros: percentile(times, 0.5), p99Micros: percentile(times, 0.99), samples };
}

export async function webhookCosts(samples: number): Promise<WebhookCost[]> {
  return [await webhookCost(FIRST_WEBHOOK, samples), await webhookCost(DEEP_WEBHOOK, samples)];
}

/**
 * Whole calls through the in-process simulator, one after another on this
 * thread, for `seconds`. Signed, as `ivr call` with a token and the dev phone
 * make them; unsigned, as the commands that make calls by the thousand make
 * them (explore, replay and diff check call paths with signatures off, and
 * scenario tests run without a token).
 */
export async function simulatedCalls(seconds: number, signatures: 'on' | 'off'): Promise<SimulatedCalls> {
  const app = benchApp(signatures);
  let sequence = 0;
  const oneCall = async () => {
    const result = await simulateCall({
      url: `${PUBLIC_BASE_URL}/api/voice`,
      transport: app.handle,
      call: { to: CONSUMER_LINE, from: '+393401234567', callSid: `CA${(sequence++).toString(16).padStart(32, '0')}` },
      caller: CALL_SCRIPT.map((digits) => ({ digits })),
      ...(signatures === 'on' ? { authToken: AUTH_TOKEN } : {}),
    });
    if (result.outcome.kind !== 'dial') throw new Error(`a simulated call ended with ${JSON.stringify(result.outcome)}`);
    return result.requests;
  };
  const warmUntil = performance.now() + 1_000;
  while (performance.now() < warmUntil) await oneCall();
  let calls = 0;
  let webhooks = 0;
  const started = performance.now();
  const cpuAtStart = mainThreadCpuMicros();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    webhooks += await oneCall();
    calls++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpuSeconds = (mainThreadCpuMicros() - cpuAtStart) / 1e6;
  return { callsPerSecond: calls / cpuSeconds, callsPerWallSecond: calls / elapsed, calls, webhooksPerCall: webhooks / calls, script: `${OPEN_INSTANT}, keys ${CALL_SCRIPT.join(' ')}` };
}
