import { rmSync } from 'node:fs';
import path from 'node:path';
import { ServerProcess } from './servers/serverProcess';
import { median } from './stats';
import { AUTH_TOKEN, PUBLIC_BASE_URL } from './twilioRequests';
import { makeWorkDir } from './workDir';

// `npm start` with an up-to-date build (the bench has just built) against
// starting the server alone (`node dist/src/server/main.js`), each timed from
// spawn to the first webhook answered, in turns. What `npm start` adds is its
// own start-up and whatever its prestart does to find the build up to date.

export interface StartToAnswer {
  serverAloneMs: number;
  npmStartMs: number;
  ratio: number;
  runs: number;
  /** Set when `npm start` did not answer within the bench's bound. */
  failure?: string;
}

/** Past this, one run says enough: more would only lengthen the bench. */
const SLOW_START_MS = 5_000;
const NPM_START_TIMEOUT_MS = 180_000;

export async function startToAnswer(projectRoot: string, runs: number, flowFile: string, log: (line: string) => void): Promise<StartToAnswer> {
  const workDir = makeWorkDir(projectRoot, 'start');
  const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SIGNATURE_VALIDATION: 'on', PUBLIC_BASE_URL, IVR_FLOW_FILE: flowFile };
  // Under `npm run bench`, npm_execpath is the npm that runs us; run `npm start` with it, on this node.
  const npm = process.env.npm_execpath ? { command: process.execPath, args: [process.env.npm_execpath, 'start'] } : { command: 'npm', args: ['start'] };
  const alone: number[] = [];
  const npmStart: number[] = [];
  let failure: string | undefined;
  try {
    const once = async (name: string, args: string[], options: { command?: string; timeoutMs?: number }): Promise<number> => {
      const server = await ServerProcess.start(name, args, env, path.join(workDir, `${name.replaceAll(' ', '-')}.log`), { cwd: projectRoot, ...options });
      await server.stop();
      return server.msToFirstAnswer;
    };
    for (let i = 0; i < runs; i++) {
      alone.push(await once('server alone', [path.join(projectRoot, 'dist/src/server/main.js')], {}));
      try {
        npmStart.push(await once('npm start', npm.args, { command: npm.command, timeoutMs: NPM_START_TIMEOUT_MS }));
      } catch (err) {
        failure = (err as Error).message.split('\n')[0];
        log(`  npm start: ${failure}`);
        break;
      }
      log(`  run ${i + 1}/${runs}: server alone ${Math.round(alone.at(-1)!)} ms, npm start ${Math.round(npmStart.at(-1)!)} ms`);
      if (npmStart.at(-1)! > SLOW_START_MS) {
        log(`  npm start took over ${SLOW_START_MS / 1000} s: one run is enough to see it`);
        break;
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const serverAloneMs = median(alone);
  const npmStartMs = median(npmStart);
  return { serverAloneMs, npmStartMs, ratio: npmStartMs / serverAloneMs, runs: npmStart.length, ...(failure ? { failure } : {}) };
}
