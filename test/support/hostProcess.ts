import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { eventually } from './eventually';
import { projectDir } from './runIvr';

// `npm start`'s server as its own process (the built dist/src/server/main.js)
// on 127.0.0.1 and a free port, its console kept so a test can read the
// ivr.call lines it logs. With `at`, it runs with Debian's libfaketime from
// that instant on (the clock ticks from there), so the calls it answers do not
// depend on today. The library is preloaded directly rather than through the
// `faketime` wrapper: the wrapper keeps a semaphore named after its pid in
// /dev/shm, left behind whenever it is killed, and a later wrapper given the
// same pid then refuses to start ("sem_open: File exists"). what a user gets from `npm start` on that day, the
// chat-link SMS included: a simulated Messages API (IVR_LOCAL_SMS=simulated,
// the default of a host without Twilio credentials, set here whatever the
// shell holds) unless a test's `env` says otherwise.

/** Where Debian's libfaketime package puts the library, for the machine's architecture. */
export const LIBFAKETIME = [`/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/faketime/libfaketime.so.1`, '/usr/lib/faketime/libfaketime.so.1'].find((file) => existsSync(file)) ?? '';
export const haveFaketime = LIBFAKETIME !== '';

export interface HostProcess {
  origin: string;
  /** Everything the server printed so far. */
  output(): string;
  /** The ivr.call lines it logged so far. */
  callLines(): string[];
  /** Resolves once it has logged `count` ivr.call lines (each status callback logs one as a call ends). */
  waitForCallLines(count: number, timeoutMs?: number): Promise<string[]>;
  stop(): void;
}

/** `startTimeoutMs`: how long it may take to say it is listening (default 20 s); past it, it is stopped and the start fails. */
export async function startHostProcess(options: { at?: string; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<HostProcess> {
  const main = path.join(projectDir, 'dist/src/server/main.js');
  const clock = options.at ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: `@${options.at}` } : {};
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: projectDir,
    env: { ...process.env, ...clock, PORT: '0', HOST: '127.0.0.1', TWILIO_AUTH_TOKEN: '', IVR_SMS_FROM: '', IVR_LOCAL_SMS: 'simulated', IVR_CALL_JOURNAL: 'memory', TZ: 'UTC', ...options.env },
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (d) => chunks.push(String(d)));
  child.stderr?.on('data', (d) => chunks.push(String(d)));
  const output = () => chunks.join('');
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Stopped, or the server would go on running after the test, holding its port, its output unread.
      child.kill();
      reject(new Error(`the local host did not start (pid ${child.pid}, stopped):\n${output()}`));
    }, options.startTimeoutMs ?? 20_000);
    const look = () => {
      const found = /listening on (http:\/\/127\.0\.0\.\d+:\d+)/.exec(output());
      if (found) {
        clearTimeout(timer);
        resolve(found[1] as string);
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', (code) => reject(new Error(`the local host exited (${code}):\n${output()}`)));
  });
  const callLines = () => output().split('\n').filter((l) => l.includes('"event":"ivr.call"'));
  return {
    origin,
    output,
    callLines,
    async waitForCallLines(count, timeoutMs = 10_000) {
      await eventually(() => callLines().length >= count, () => `the local host logged ${callLines().length} of ${count} ivr.call lines:\n${output()}`, timeoutMs);
      return callLines();
    },
    stop: () => void child.kill(),
  };
}
