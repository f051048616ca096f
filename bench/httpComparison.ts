import { rmSync } from 'node:fs';
import path from 'node:path';
import { LoadGenerator, type PhaseResult } from './http/loadGenerator';
import { ServerProcess } from './servers/serverProcess';
import { median } from './stats';
import { AUTH_TOKEN, DEEP_WEBHOOK, FIRST_WEBHOOK, PUBLIC_BASE_URL, rawWebhookRequests } from './twilioRequests';
import { makeWorkDir } from './workDir';

export interface HttpOptions {
  projectRoot: string;
  flowFile: string;
  /** Seconds of load per round and target. */
  seconds: number;
  rounds: number;
  connections: number;
  log: (line: string) => void;
}

export interface HttpFigure {
  name: string;
  requestsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  cpuMicrosPerRequest: number;
  /** Every round's requests/s, to show the noise. */
  rounds: number[];
  requests: number;
}

export interface HttpResults {
  ours: { first: HttpFigure; deep: HttpFigure };
  conventional: HttpFigure;
  /** Whether the conventional app answered the same bytes as our first webhook (a like-for-like race). */
  sameAnswer: boolean;
}

interface Target {
  name: string;
  server: ServerProcess;
  load: LoadGenerator;
  runs: Array<PhaseResult & { cpuMicros: number }>;
}

const DISTINCT_REQUESTS = 512;

/**
 * Our host (exactly `npm start`, signatures on) against the conventional
 * webhook, in rounds that interleave the targets, so noise from the other
 * core's users spreads over all of them alike.
 */
export async function compareHttp(options: HttpOptions): Promise<HttpResults> {
  const { log } = options;
  const env = {
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SIGNATURE_VALIDATION: 'on',
    PUBLIC_BASE_URL,
    IVR_FLOW_FILE: options.flowFile,
  };
  const servers: ServerProcess[] = [];
  const loads: LoadGenerator[] = [];
  const workDir = makeWorkDir(options.projectRoot, 'http');
  try {
    const ours = await ServerProcess.start('our host', [path.join(options.projectRoot, 'dist/src/server/main.js')], env, path.join(workDir, 'our-host.log'));
    servers.push(ours);
    const conventional = await ServerProcess.start('conventional', [path.join(__dirname, 'servers/conventionalServer.js')], env, path.join(workDir, 'conventional.log'));
    servers.push(conventional);
    const firstRequests = rawWebhookRequests(FIRST_WEBHOOK, DISTINCT_REQUESTS);
    const deepRequests = rawWebhookRequests(DEEP_WEBHOOK, DISTINCT_REQUESTS);

    const connect = async (name: string, server: ServerProcess, requests: Uint8Array[]): Promise<Target> => {
      const load = await LoadGenerator.connect(server.port, requests, options.connections);
      loads.push(load);
      return { name, server, load, runs: [] };
    };
    const targets = [
      await connect('our host, first webhook', ours, firstRequests),
      await connect('our host, deep-menu webhook', ours, deepRequests),
      await connect('conventional', conventional, firstRequests),
    ];

    log(`  warming up ${targets.length} targets`);
    const samples = [];
    for (const target of targets) samples.push(check(target, await target.load.run({ durationMs: 1_500 })));
    const sameAnswer = samples[0] === samples[2];
    if (!sameAnswer) log(`  note: the conventional app answers other bytes than our first webhook:\n${samples[2]}\n---\n${samples[0]}`);
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const before = target.server.cpuMicros();
        const result = await target.load.run({ durationMs: options.seconds * 1000 });
        const cpuMicros = target.server.cpuMicros() - before;
        check(target, result);
        target.runs.push({ ...result, cpuMicros });
      }
      log(`  round ${round}/${options.rounds}: ${targets.map((t) => `${t.name} ${Math.round(rate(t.runs.at(-1)!))}/s`).join(', ')}`);
    }
    const [first, deep, baseline] = targets.map(figure) as [HttpFigure, HttpFigure, HttpFigure];
    return { ours: { first, deep }, conventional: baseline, sameAnswer };
  } finally {
    for (const load of loads) await load.close();
    for (const server of servers) await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function rate(run: PhaseResult): number {
  return (run.completed / run.elapsedMs) * 1000;
}

/** Fails the run on any answer but 200; returns the first answer's body. */
function check(target: Target, result: PhaseResult): string {
  if (result.unexpected > 0) {
    throw new Error(`${target.name}: ${result.unexpected} answers were not 200 (${JSON.stringify(result.statuses)}); first: ${result.sampleBody.slice(0, 200)}`);
  }
  return result.sampleBody;
}

function figure(target: Target): HttpFigure {
  const rates = target.runs.map(rate);
  const requests = target.runs.reduce((n, r) => n + r.completed, 0);
  return {
    name: target.name,
    requestsPerSecond: median(rates),
    p50Micros: median(target.runs.map((r) => r.p50Micros)),
    p99Micros: median(target.runs.map((r) => r.p99Micros)),
    cpuMicrosPerRequest: median(target.runs.map((r) => r.cpuMicros / r.completed)),
    rounds: rates.map(Math.round),
    requests,
  };
}
