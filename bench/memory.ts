import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadGenerator } from './http/loadGenerator';
import { ServerProcess } from './servers/serverProcess';
import { AUTH_TOKEN, DEEP_WEBHOOK, FIRST_WEBHOOK, PUBLIC_BASE_URL, rawWebhookRequests } from './twilioRequests';

// Resident memory of our host (exactly `npm start`) as webhooks go by: after
// 10k (warm), 100k and 200k webhooks. Per-call state travels in the
// URLs, so nothing should grow with the number of calls answered.

export interface MemoryFigures {
  /** RSS in MiB after 10k webhooks (warm), after 100k and after 200k. */
  afterWarmUpMiB: number;
  after100kMiB: number;
  after200kMiB: number;
  /** Growth from 100k to 200k webhooks, bytes per webhook. */
  bytesPerWebhook: number;
  flat: boolean;
}

const WARM_UP = 10_000;
const STEP = 100_000;
/** Below this growth per 100k webhooks (~20 bytes each), RSS counts as flat: the V8 heap alone moves by more. */
const FLAT_LIMIT_BYTES = 2 * 1024 * 1024;

export async function measureMemory(options: { projectRoot: string; flowFile: string; connections: number; log: (line: string) => void }): Promise<MemoryFigures> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ivr-bench-memory-'));
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: 'on', PUBLIC_BASE_URL, IVR_FLOW_FILE: options.flowFile, PORT: '0', HOST: '127.0.0.1' };
  const server = await ServerProcess.start('our host', path.join(options.projectRoot, 'dist/src/server/main.js'), env, path.join(workDir, 'our-host.log'));
  // First and deep-menu webhooks in turn, each with its own CallSid.
  const first = rawWebhookRequests(FIRST_WEBHOOK, 1000);
  const deep = rawWebhookRequests(DEEP_WEBHOOK, 1000);
  const load = await LoadGenerator.connect(server.port, first.flatMap((request, i) => [request, deep[i]!]), options.connections);
  try {
    const phase = async (requests: number): Promise<number> => {
      const result = await load.run({ durationMs: 600_000, maxRequests: requests });
      if (result.unexpected > 0) throw new Error(`memory run: answers other than 200: ${JSON.stringify(result.statuses)}`);
      // Let the host finish any idle-time garbage collection before reading.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return server.residentBytes();
    };
    const warm = await phase(WARM_UP);
    options.log(`  RSS after ${WARM_UP / 1000}k webhooks: ${mib(warm)} MiB`);
    const at100k = await phase(STEP - WARM_UP);
    options.log(`  RSS after 100k webhooks: ${mib(at100k)} MiB`);
    const at200k = await phase(STEP);
    options.log(`  RSS after 200k webhooks: ${mib(at200k)} MiB`);
    const growth = at200k - at100k;
    return {
      afterWarmUpMiB: mib(warm),
      after100kMiB: mib(at100k),
      after200kMiB: mib(at200k),
      bytesPerWebhook: Math.round(growth / STEP),
      flat: growth < FLAT_LIMIT_BYTES,
    };
  } finally {
    await load.close();
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
