import { rmSync } from 'node:fs';
import path from 'node:path';
import { LoadGenerator } from './http/loadGenerator';
import { ServerProcess } from './servers/serverProcess';
import { AUTH_TOKEN, DEEP_WEBHOOK, FIRST_WEBHOOK, PUBLIC_BASE_URL, rawWebhookRequests } from './twilioRequests';
import { makeWorkDir } from './workDir';

// Resident memory of our host (exactly `npm start`) as webhooks go by: after
// 10k (warm), then after one and two steps (100k and 200k webhooks; half
// that in --quick). Per-call state travels in the
// URLs, so nothing should grow with the number of calls answered.

export interface MemoryFigures {
  /** Webhooks per step. */
  step: number;
  /** RSS in MiB after 10k webhooks (warm), after one step and after two. */
  afterWarmUpMiB: number;
  afterStepMiB: number;
  afterTwoStepsMiB: number;
  /** Growth over the second step, bytes per webhook. */
  bytesPerWebhook: number;
  flat: boolean;
}

const WARM_UP = 10_000;
/** Below this growth over a step (~20 bytes a webhook over 100k), RSS counts as flat: the V8 heap alone moves by more. */
const FLAT_LIMIT_BYTES = 2 * 1024 * 1024;

export async function measureMemory(options: { projectRoot: string; flowFile: string; connections: number; step: number; log: (line: string) => void }): Promise<MemoryFigures> {
  const workDir = makeWorkDir(options.projectRoot, 'memory');
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: 'on', PUBLIC_BASE_URL, IVR_FLOW_FILE: options.flowFile };
  const server = await ServerProcess.start('our host', [path.join(options.projectRoot, 'dist/src/server/main.js')], env, path.join(workDir, 'our-host.log'));
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
    const { step } = options;
    const atStep = await phase(step - WARM_UP);
    options.log(`  RSS after ${step / 1000}k webhooks: ${mib(atStep)} MiB`);
    const atTwoSteps = await phase(step);
    options.log(`  RSS after ${(2 * step) / 1000}k webhooks: ${mib(atTwoSteps)} MiB`);
    const growth = atTwoSteps - atStep;
    return {
      step,
      afterWarmUpMiB: mib(warm),
      afterStepMiB: mib(atStep),
      afterTwoStepsMiB: mib(atTwoSteps),
      bytesPerWebhook: Math.round(growth / step),
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
