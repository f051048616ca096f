import { writeSync } from 'node:fs';

// Preloaded (`node --require`) into a command the bench times, so its CPU time
// is known whatever the command prints: on a machine shared with other work,
// a process's own CPU time is steadier than its wall time. The figure goes to
// stderr as the process exits, on a line processRun.ts reads.

process.once('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\nbench-cpu-micros: ${user + system}\n`);
});
