import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/**
 * A server under test in its own process. Its CPU time and resident memory
 * are read from /proc, so the server needs no code of the bench's, and our
 * host is measured exactly as `npm start` runs it.
 */
export class ServerProcess {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /**
   * Starts `script` and waits for it to print "listening on http://127.0.0.1:PORT".
   * Its output goes to a log file, as a service's would: a pipe read by this
   * process would make every log line cost a wake-up on the generator's core.
   */
  static async start(name: string, script: string, env: Record<string, string>, logFile: string): Promise<ServerProcess> {
    const log = openSync(logFile, 'w');
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const started = Date.now();
    const port = await new Promise<number>((resolve, reject) => {
      const poll = setInterval(() => {
        const output = readFileSync(logFile, 'utf8');
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearInterval(poll);
          resolve(Number(match[1]));
        } else if (child.exitCode !== null || Date.now() - started > 30_000) {
          clearInterval(poll);
          child.kill();
          reject(new Error(`${name} did not start (see ${logFile}):\n${output.slice(0, 2000)}`));
        }
      }, 20);
    });
    return new ServerProcess(name, child, port);
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

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

// Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture.
const CLOCK_TICKS_PER_SECOND = 100;
