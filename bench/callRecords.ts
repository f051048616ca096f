import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { phoneTree } from './phoneTree';
import { runNode } from './processRun';
import { makeWorkDir } from './workDir';

// What users wait for once calls are recorded: `ivr replay` of a day's
// records, `ivr report` of many more, and `ivr diff` of a change to the
// largest generated phone tree, each run with the built CLI as users run it.
// Records are made from calls of our own flow (an English caller put through,
// an Italian caller who gave up in the menu, a merchant who chose the written
// contact), each at its own instant on an open Tuesday morning, all of which
// replay the same way against our flow: each template is the record `npx ivr
// call --at 2026-11-24T10:00 --json` writes of that call (with --press 1
// --press 2, - - hangup, and --to +390237921250 - 2 hangup), which
// test/bench/benchRecords.test.ts checks with ivr replay and ivr report.

const TEMPLATES = [
  { line: 'consumer', outcome: 'transferred', language: 'en', path: ['consumer-welcome', 'consumer-welcome-en', 'consumer-hours', 'consumer-menu', 'consumer-operator-hours', 'consumer-operator'], inputs: ['1', '2', 'dial:completed'], to: '+39******1240' },
  { line: 'consumer', outcome: 'caller-hung-up-in-menu', language: 'it', path: ['consumer-welcome', 'consumer-hours', 'consumer-menu', 'consumer-menu'], inputs: ['none', 'none'], to: '+39******1240' },
  { line: 'merchant', outcome: 'caller-hung-up-in-menu', language: 'it', path: ['merchant-welcome', 'merchant-hours', 'merchant-menu', 'merchant-written', 'merchant-written-hours', 'merchant-written-options'], inputs: ['none', '2'], to: '+39******1250' },
];

export interface RecordsRun {
  records: number;
  cpuMs: number;
  wallMs: number;
  perCpuSecond: number;
}

export interface RecordTools {
  replay: RecordsRun & { differently: number };
  report: RecordsRun;
  diff: { nodes: number; cpuMs: number; wallMs: number; places: number };
}

export async function recordTools(projectRoot: string, sizes: { replay: number; report: number; treeNodes: number }, log: (line: string) => void): Promise<RecordTools> {
  const cli = path.join(projectRoot, 'dist/src/cli/main.js');
  const workDir = makeWorkDir(projectRoot, 'records');
  try {
    const replayFile = path.join(workDir, 'replay.jsonl');
    const reportFile = path.join(workDir, 'report.jsonl');
    writeFileSync(replayFile, benchRecords(sizes.replay));
    writeFileSync(reportFile, benchRecords(sizes.report));

    const replayRun = await runNode([cli, 'replay', replayFile, '--json'], { env: { IVR_FLOW_FILE: undefined }, okCodes: [0, 1], cpu: true, timeoutMs: 900_000 });
    const summary = JSON.parse(replayRun.stdout) as { replayed: number; different: number };
    const replay = { ...rate(summary.replayed, replayRun.cpuMs, replayRun.wallMs), differently: summary.different };
    log(`  ivr replay: ${replay.records} records, ${Math.round(replay.perCpuSecond)} per CPU-s, ${replay.differently} differently`);

    const reportRun = await runNode([cli, 'report', reportFile, '--output', path.join(workDir, 'report.html')], { env: { IVR_FLOW_FILE: undefined }, cpu: true, timeoutMs: 900_000 });
    const report = rate(sizes.report, reportRun.cpuMs, reportRun.wallMs);
    log(`  ivr report: ${report.records} records, ${Math.round(report.perCpuSecond)} per CPU-s`);

    // A change to the largest tree: the main menu's first two options swapped.
    const tree = phoneTree(sizes.treeNodes);
    const before = path.join(workDir, 'tree-before.json');
    const after = path.join(workDir, 'tree-after.json');
    writeFileSync(before, JSON.stringify(tree.flow, null, 2));
    const changed = JSON.parse(JSON.stringify(tree.flow)) as { nodes: Record<string, { options?: { key: string; next: string }[] }> };
    const options = changed.nodes.menu?.options ?? [];
    if (options.length < 2) throw new Error('the generated tree has no main menu with two options to swap');
    [options[0]!.next, options[1]!.next] = [options[1]!.next, options[0]!.next];
    writeFileSync(after, JSON.stringify(changed, null, 2));
    const diffRun = await runNode([cli, 'diff', before, after, '--json'], { env: { IVR_FLOW_FILE: undefined }, okCodes: [1], cpu: true, timeoutMs: 900_000 });
    const places = (JSON.parse(diffRun.stdout) as { calls: unknown[] }).calls.length;
    log(`  ivr diff: ${tree.nodes} nodes, ${(diffRun.cpuMs / 1000).toFixed(1)} s CPU, ${places} places`);
    return { replay, report, diff: { nodes: tree.nodes, cpuMs: diffRun.cpuMs, wallMs: diffRun.wallMs, places } };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `count` ivr.call lines, the templates in turn, as a JSON-lines file's text. */
export function benchRecords(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    // Spread over 09:00-16:29 Rome time, a minute and a second apart: each call's transfer, a minute in, comes before closing.
    const minute = i % (7 * 60 + 30);
    const startedAt = `2026-11-24T${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+01:00`;
    const callSid = `CA${i.toString(16).padStart(32, '0')}`;
    lines.push(JSON.stringify({ event: 'ivr.call', callSid, line: t.line, status: 'completed', outcome: t.outcome, language: t.language, path: t.path, inputs: t.inputs, durationSeconds: 60, startedAt, from: '+39******4567', to: t.to }));
  }
  return `${lines.join('\n')}\n`;
}

function rate(records: number, cpuMs: number, wallMs: number): RecordsRun {
  return { records, cpuMs, wallMs, perCpuSecond: (records / cpuMs) * 1000 };
}
