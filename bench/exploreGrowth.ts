import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { phoneTree } from './phoneTree';
import { runNode } from './processRun';
import { makeWorkDir } from './workDir';

// How `ivr explore` grows with the flow: generated phone trees of increasing
// size (bench/phoneTree.ts), each checked with `ivr lint` and explored with
// the built CLI, as a user runs it. The rate is calls per CPU-second of the
// explore process's main thread (the machine is shared, so wall time carries
// other work). A tree's walk at opening time is all but the whole cost; each
// tree is also explored at extra opening-time instants (`--at`, repeated) so
// that every run makes about as many calls as the largest tree's: start-up
// and the JIT's warm-up then weigh alike on each, and what differs is the
// cost of a call in a bigger tree. Each tree is explored `rounds` times, the
// trees taken in turns, and the run of median CPU counts: on this machine (a
// VM sharing its host) one run's rate moves by a third from run to run, which
// made a single run's ratio read anywhere from 0.6 to 0.95.

/** A Monday at 11:00 in Rome, not a holiday: the generated trees' lines are open. */
const OPEN_AT = '2026-12-07T11:00';

export interface TreeExplore {
  nodes: number;
  menus: number;
  depth: number;
  /** Walks at opening time: the tree's own one plus the extra --at ones. */
  openWalks: number;
  calls: number;
  situations: number;
  paths: number;
  pathsComplete: boolean;
  cpuMs: number;
  wallMs: number;
  callsPerCpuSecond: number;
}

export interface ExploreGrowth {
  trees: TreeExplore[];
  /** Calls per CPU-second on the largest tree over that on the smallest. */
  ratio: number;
  /** Runs per tree, taken in turns; each tree's figures are of its run of median CPU. */
  rounds: number;
}

export async function exploreGrowth(projectRoot: string, sizes: number[], rounds: number, log: (line: string) => void): Promise<ExploreGrowth> {
  const cli = path.join(projectRoot, 'dist/src/cli/main.js');
  const workDir = makeWorkDir(projectRoot, 'explore');
  try {
    const trees = sizes.map((size) => ({ ...phoneTree(size), file: path.join(workDir, `phone-tree-${size}.json`) }));
    for (const tree of trees) writeFileSync(tree.file, `${JSON.stringify(tree.flow, null, 2)}\n`);
    // The generator must make flows the app accepts: lint them as a user would.
    await runNode([cli, 'lint', ...trees.map((t) => t.file)]).catch((err: Error) => {
      throw new Error(`a generated phone tree fails ivr lint:\n${err.message}`);
    });
    const largest = Math.max(...trees.map((t) => t.nodes));
    const runs: TreeExplore[][] = trees.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, tree] of trees.entries()) runs[i]!.push(await exploreOnce(cli, tree, Math.max(0, Math.round(largest / tree.nodes) - 1)));
    }
    const results = runs.map((ofTree) => {
      const result = [...ofTree].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(ofTree.length / 2)]!;
      const rates = ofTree.map((r) => Math.round(r.callsPerCpuSecond)).join(', ');
      log(`  ${result.nodes} nodes: ${result.calls} calls in ${(result.cpuMs / 1000).toFixed(1)} s CPU (${(result.wallMs / 1000).toFixed(1)} s wall), ${Math.round(result.callsPerCpuSecond)} calls/CPU-s (runs: ${rates})`);
      return result;
    });
    const smallest = results[0]!;
    const biggest = results.at(-1)!;
    return { trees: results, ratio: biggest.callsPerCpuSecond / smallest.callsPerCpuSecond, rounds };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** One explore of `tree` with the built CLI, at its own instants plus `extra` more at opening time. */
async function exploreOnce(cli: string, tree: ReturnType<typeof phoneTree> & { file: string }, extra: number): Promise<TreeExplore> {
  const args = [cli, 'explore', tree.file, '--json', ...Array.from({ length: extra }, () => ['--at', OPEN_AT]).flat()];
  // Exit code 1 only says the report lists a defect; the generated trees have none, but the timing would stand.
  const run = await runNode(args, { env: { IVR_FLOW_FILE: undefined }, okCodes: [0, 1], cpu: true, timeoutMs: 600_000 });
  const report = JSON.parse(run.stdout) as { calls: number; paths: number; pathsComplete: boolean; walks: Array<{ situations: number }> };
  return {
    nodes: tree.nodes,
    menus: tree.menus,
    depth: tree.depth,
    openWalks: extra + 1,
    calls: report.calls,
    situations: Math.max(...report.walks.map((w) => w.situations)),
    paths: report.paths,
    pathsComplete: report.pathsComplete,
    cpuMs: run.cpuMs,
    wallMs: run.wallMs,
    callsPerCpuSecond: (report.calls / run.cpuMs) * 1000,
  };
}
