import { rmSync } from 'node:fs';
import path from 'node:path';
import { LoadGenerator } from './http/loadGenerator';
import { ServerProcess } from './servers/serverProcess';
import { AUTH_TOKEN, DEEP_WEBHOOK, FIRST_WEBHOOK, PUBLIC_BASE_URL, rawWebhookRequests } from './twilioRequests';
import { makeWorkDir } from './workDir';

// Resident memory of our host (exactly `npm start`) as webhooks go by: after
// a warm-up, then after each of two equal runs of webhooks (100k each, or
// what fits in the time allowed on a busy machine). Per-call state travels in the
// URLs, so nothing should grow with the number of calls answered.

export interface MemoryFigures {
  /** Webhooks answered in the warm-up, by the end of the first run and by the end of the second. */
  webhooks: [number, number, number];
  /** RSS in MiB after the warm-up, after the first run and after the second. */
  afterWarmUpMiB: number;
  afterStepMiB: number;
  afterTwoStepsMiB: number;
  /** Growth over the second run, bytes per webhook. */
  bytesPerWebhook: number;
  flat: boolean;
}

/**
 * V8 grows the host's heap to its working size within the first ~200k
 * webhooks, at a moment that varies from run to run (seen: 88.7 MiB after
 * 100k, 102.3 after 200k, then 102.3 to 102.5 up to 600k), so the two runs
 * compared start once that has happened.
 */
const WARM_UP = 200_000;
/** Below this growth over a step (~20 bytes a webhook over 100k), RSS counts as flat: the V8 heap alone moves by more. */
const FLAT_LIMIT_BYTES = 2 * 1024 * 1024;

export async function measureMemory(options: { projectRoot: string; flowFile: string; connections: number; step: number; stepMs: number; log: (line: string) => void }): Promise<MemoryFigures> {
  const workDir = makeWorkDir(options.projectRoot, 'memory');
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: 'on', PUBLIC_BASE_URL, IVR_FLOW_FILE: options.flowFile };
  const server = await ServerProcess.start('our host', [path.join(options.projectRoot, 'dist/src/server/main.js')], env, path.join(workDir, 'our-host.log'));
  // First and deep-menu webhooks in turn, each with its own CallSid.
  const first = rawWebhookRequests(FIRST_WEBHOOK, 1000);
  const deep = rawWebhookRequests(DEEP_WEBHOOK, 1000);
  const load = await LoadGenerator.connect(server.port, first.flatMap((request, i) => [request, deep[i]!]), options.connections);
  try {
    let answered = 0;
    const phase = async (requests: number, durationMs: number): Promise<[number, number]> => {
      const result = await load.run({ durationMs, maxRequests: requests });
      if (result.unexpected > 0) throw new Error(`memory run: answers other than 200: ${JSON.stringify(result.statuses)}`);
      answered += result.completed;
      // Let the host finish any idle-time garbage collection before reading.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rss = server.residentBytes();
      options.log(`  RSS after ${answered} webhooks: ${mib(rss)} MiB`);
      return [rss, result.completed];
    };
    const [warm, warmCount] = await phase(WARM_UP, 2 * options.stepMs);
    const [atStep, firstCount] = await phase(options.step, options.stepMs);
    // The second run answers as many webhooks as the first, however long they take.
    const [atTwoSteps, secondCount] = await phase(firstCount, 10 * options.stepMs);
    const growth = atTwoSteps - atStep;
    return {
      webhooks: [warmCount, warmCount + firstCount, warmCount + firstCount + secondCount],
      afterWarmUpMiB: mib(warm),
      afterStepMiB: mib(atStep),
      afterTwoStepsMiB: mib(atTwoSteps),
      bytesPerWebhook: Math.round(growth / secondCount),
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
