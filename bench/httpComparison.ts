import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadGenerator, type PhaseResult } from './http/loadGenerator';
import { ServerProcess } from './servers/serverProcess';
import { median } from './stats';
import { AUTH_TOKEN, DEEP_WEBHOOK, FIRST_WEBHOOK, PUBLIC_BASE_URL, rawWebhookRequests } from './twilioRequests';

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
  signedFloor: HttpFigure;
  ceiling: HttpFigure;
  /** Our first webhook's answer; the baseline and the ceiling answer the same bytes. */
  firstAnswer: string;
}

interface Target {
  name: string;
  server: ServerProcess;
  load: LoadGenerator;
  /** What every 200 answer must be, when known. */
  expectedBody?: string;
  runs: Array<PhaseResult & { cpuMicros: number }>;
}

const DISTINCT_REQUESTS = 512;

/**
 * Our host (exactly `npm start`) against the conventional baseline and the
 * constant-string ceiling, in rounds that interleave the targets, so noise
 * from the other core's users spreads over all of them alike.
 */
export async function compareHttp(options: HttpOptions): Promise<HttpResults> {
  const { log } = options;
  const env = {
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SIGNATURE_VALIDATION: 'on',
    PUBLIC_BASE_URL,
    IVR_FLOW_FILE: options.flowFile,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const servers: ServerProcess[] = [];
  const loads: LoadGenerator[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ivr-bench-'));
  try {
    const ours = await ServerProcess.start('our host', path.join(options.projectRoot, 'dist/src/server/main.js'), env, path.join(workDir, 'our-host.log'));
    servers.push(ours);
    const firstRequests = rawWebhookRequests(FIRST_WEBHOOK, DISTINCT_REQUESTS);
    const deepRequests = rawWebhookRequests(DEEP_WEBHOOK, DISTINCT_REQUESTS);
    const probe = await LoadGenerator.connect(ours.port, firstRequests, 1);
    loads.push(probe);
    const answer = await probe.run({ durationMs: 5_000, maxRequests: 1 });
    if (answer.statuses['200'] !== 1) throw new Error(`our host answered the first webhook with ${JSON.stringify(answer.statuses)}: ${answer.sampleBody}`);
    const firstAnswer = answer.sampleBody;

    const constantFile = path.join(workDir, 'answer.xml');
    writeFileSync(constantFile, firstAnswer);
    const conventional = await ServerProcess.start('conventional', path.join(__dirname, 'servers/conventionalServer.js'), env, path.join(workDir, 'conventional.log'));
    servers.push(conventional);
    const signedFloor = await ServerProcess.start('signed floor', path.join(__dirname, 'servers/signedFloorServer.js'), { ...env, BENCH_CONSTANT_FILE: constantFile }, path.join(workDir, 'signed-floor.log'));
    servers.push(signedFloor);
    const ceiling = await ServerProcess.start('ceiling', path.join(__dirname, 'servers/constantServer.js'), { BENCH_CONSTANT_FILE: constantFile }, path.join(workDir, 'ceiling.log'));
    servers.push(ceiling);

    const connect = async (name: string, server: ServerProcess, requests: Uint8Array[], expectedBody?: string): Promise<Target> => {
      const load = await LoadGenerator.connect(server.port, requests, options.connections);
      loads.push(load);
      return { name, server, load, runs: [], ...(expectedBody === undefined ? {} : { expectedBody }) };
    };
    const targets = [
      await connect('our host, first webhook', ours, firstRequests, firstAnswer),
      await connect('our host, deep-menu webhook', ours, deepRequests),
      await connect('conventional baseline', conventional, firstRequests, firstAnswer),
      await connect('signed floor', signedFloor, firstRequests, firstAnswer),
      await connect('constant-string ceiling', ceiling, firstRequests, firstAnswer),
    ];

    log(`  warming up ${targets.length} targets`);
    for (const target of targets) check(target, await target.load.run({ durationMs: 1_500 }));
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
    const [first, deep, baseline, floor, top] = targets.map(figure) as [HttpFigure, HttpFigure, HttpFigure, HttpFigure, HttpFigure];
    return { ours: { first, deep }, conventional: baseline, signedFloor: floor, ceiling: top, firstAnswer };
  } finally {
    for (const load of loads) await load.close();
    for (const server of servers) await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function rate(run: PhaseResult): number {
  return (run.completed / run.elapsedMs) * 1000;
}

function check(target: Target, result: PhaseResult): void {
  if (result.unexpected > 0) {
    throw new Error(`${target.name}: ${result.unexpected} answers were not 200 (${JSON.stringify(result.statuses)}); first: ${result.sampleBody.slice(0, 200)}`);
  }
  if (target.expectedBody !== undefined && result.sampleBody !== target.expectedBody) {
    throw new Error(`${target.name} answered other bytes than our first webhook:\n${result.sampleBody}\n---\n${target.expectedBody}`);
  }
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
