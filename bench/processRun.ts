import { spawn } from 'node:child_process';
import path from 'node:path';

// Whole processes, as users and Azure start them: wall time from spawn to
// exit, and on request the process's own CPU time.

export interface Run {
  wallMs: number;
  /** User + system CPU time of the process's main thread, ms; NaN unless run with `cpu`. */
  cpuMs: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Exit codes that count as success (default 0 only). */
  okCodes?: number[];
  /** Preload processCpu.js to learn the process's CPU time. */
  cpu?: boolean;
  timeoutMs?: number;
}

const CPU_LINE = /\nbench-cpu-micros: (\d+)\n$/;

export function runNode(args: string[], { env = {}, okCodes = [0], cpu = false, timeoutMs = 120_000 }: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(cpu ? ['--require', path.join(__dirname, 'processCpu.js')] : []), ...args], {
      // No compile cache from the shell: each command uses what it sets up itself.
      env: { ...process.env, NODE_COMPILE_CACHE: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuMatch = CPU_LINE.exec(stderr);
      if (cpuMatch) stderr = stderr.slice(0, cpuMatch.index);
      if (!okCodes.includes(code ?? -1)) reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr.slice(0, 2000)}`));
      else resolve({ wallMs, cpuMs: cpuMatch ? Number(cpuMatch[1]) / 1000 : NaN, stdout, stderr });
    });
  });
}
