import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { pollUntil } from '../http/webhookClient';

/**
 * A server under test in its own process, on a free port of 127.0.0.1 given
 * in PORT. It counts as started when it answers Twilio's first webhook, so
 * the bench relies on no line the server prints. Its CPU time and resident
 * memory are read from /proc: our host is measured exactly as `npm start`
 * runs it, with no code of the bench's inside.
 */
export class ServerProcess {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
    /** From spawn to the first webhook answered 200, ms. */
    readonly msToFirstAnswer: number,
  ) {}

  /**
   * Runs `command args` (node by default) and waits for its first answer, at
   * most `timeoutMs`. Its output goes to a log file, as a service's would: a
   * pipe read by this process would make every log line cost a wake-up on the
   * load generator's core.
   */
  static async start(
    name: string,
    args: string[],
    env: Record<string, string | undefined>,
    logFile: string,
    { command = process.execPath, cwd, timeoutMs = 30_000 }: { command?: string; cwd?: string; timeoutMs?: number } = {},
  ): Promise<ServerProcess> {
    const port = await freePort();
    const log = openSync(logFile, 'w');
    const started = performance.now();
    // Its own process group, so `npm start` is stopped with the server it runs.
    const child = spawn(command, args, {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
      detached: true,
      ...(cwd ? { cwd } : {}),
    });
    closeSync(log);
    live.add(child);
    const exited = new Promise<undefined>((resolve) => child.once('exit', () => resolve(undefined)));
    const answer = await Promise.race([pollUntil(port, started + timeoutMs), exited]);
    if (!answer) {
      const output = readFileSync(logFile, 'utf8');
      await stopProcess(child);
      throw new Error(`${name} did not answer the first webhook within ${timeoutMs / 1000} s (log ${logFile}):\n${output.slice(-2000)}`);
    }
    return new ServerProcess(name, child, port, performance.now() - started);
  }

  /** User + system CPU time the process has used so far, in microseconds; NaN where there is no /proc (not Linux). */
  cpuMicros(): number {
    if (!existsSync(`/proc/${this.child.pid}/stat`)) return NaN;
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ")"; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
  }

  /** Resident set size in bytes; NaN where there is no /proc. */
  residentBytes(): number {
    if (!existsSync(`/proc/${this.child.pid}/status`)) return NaN;
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : NaN;
  }

  stop(): Promise<void> {
    return stopProcess(this.child);
  }
}

/** Servers started and not yet stopped: stopped if the bench itself is interrupted. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  // npm's child may outlive npm itself: end the rest of the group.
  signalGroup(child, 'SIGKILL');
  live.delete(child);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group has already gone.
  }
}

/** A port of 127.0.0.1 nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture.
const CLOCK_TICKS_PER_SECOND = 100;
