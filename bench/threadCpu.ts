import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU time of this process's main thread, µs: the one core a command or a
 * loop of calls runs on. The process's total would add V8's helper threads
 * (garbage collection, compilation), which on a machine crowded with other
 * work spin and wait and can add a third. From /proc on Linux (10 ms
 * ticks); elsewhere the whole process's time.
 */
export function mainThreadCpuMicros(): number {
  const file = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(file)) {
    const { user, system } = process.cpuUsage();
    return user + system;
  }
  const stat = readFileSync(file, 'utf8');
  // Fields after the command name (which may hold spaces) start at ")"; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS_PER_SECOND);
}

// Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture.
const CLOCK_TICKS_PER_SECOND = 100;
