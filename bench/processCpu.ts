import { writeSync } from 'node:fs';
import { mainThreadCpuMicros } from './threadCpu';

// Preloaded (`node --require`) into a command the bench times, so its CPU time
// is known whatever the command prints: on a machine shared with other work,
// a process's own CPU time is steadier than its wall time. The figure (its
// main thread's) goes to stderr as the process exits, on a line processRun.ts
// reads.

process.once('exit', () => {
  writeSync(2, `\nbench-cpu-micros: ${Math.round(mainThreadCpuMicros())}\n`);
});
