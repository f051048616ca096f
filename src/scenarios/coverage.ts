import type { Flow } from '../flow/schema';
import { successors } from '../flow/check';

export interface Coverage {
  nodes: { id: string; visits: number }[];
  transitions: { from: string; to: string; taken: number }[];
  nodePercent: number;
  transitionPercent: number;
}

/**
 * Which flow nodes and which transitions the scenarios exercised, from the
 * engine's trace. A transition is an edge of the flow graph: a line's start,
 * a key, silence or a wrong key, a dial failure, an hours branch.
 */
export function computeCoverage(flow: Flow, traces: { from: string | undefined; node: string }[][]): Coverage {
  const edges = new Map<string, number>();
  for (const [name, line] of Object.entries(flow.lines)) edges.set(edgeKey(`(${name} line)`, line.start), 0);
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const next of successors(node)) edges.set(edgeKey(id, next), 0);
    // A retry re-enters the same menu: that path deserves a test too.
    if (node.type === 'menu' && node.retry) edges.set(edgeKey(id, id), 0);
  }
  const visits = new Map<string, number>(Object.keys(flow.nodes).map((id) => [id, 0]));
  const lineOf = new Map(Object.entries(flow.lines).map(([name, line]) => [line.start, name]));

  for (const trace of traces) {
    for (const { from, node } of trace) {
      visits.set(node, (visits.get(node) ?? 0) + 1);
      const source = from ?? (lineOf.has(node) ? `(${lineOf.get(node)} line)` : undefined);
      if (source === undefined) continue;
      const key = edgeKey(source, node);
      if (edges.has(key)) edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  const nodes = [...visits].map(([id, n]) => ({ id, visits: n }));
  const transitions = [...edges].map(([key, taken]) => {
    const [from, to] = key.split(' -> ') as [string, string];
    return { from, to, taken };
  });
  const percent = (hit: number, all: number) => (all === 0 ? 100 : Math.round((1000 * hit) / all) / 10);
  return {
    nodes,
    transitions,
    nodePercent: percent(nodes.filter((n) => n.visits > 0).length, nodes.length),
    transitionPercent: percent(transitions.filter((t) => t.taken > 0).length, transitions.length),
  };
}

function edgeKey(from: string, to: string): string {
  return `${from} -> ${to}`;
}

export function formatCoverage(coverage: Coverage): string {
  const lines = ['Coverage of the flow by these scenarios', ''];
  const width = Math.max(...coverage.nodes.map((n) => n.id.length), 4);
  lines.push(`  ${'node'.padEnd(width)}  visits`);
  for (const n of coverage.nodes) lines.push(`  ${n.id.padEnd(width)}  ${n.visits === 0 ? 'NOT COVERED' : n.visits}`);
  lines.push('');
  const missed = coverage.transitions.filter((t) => t.taken === 0);
  lines.push(`  transitions not taken (${missed.length}):${missed.length === 0 ? ' none' : ''}`);
  for (const t of missed) lines.push(`    ${t.from} -> ${t.to}`);
  lines.push('');
  lines.push(`  nodes ${coverage.nodePercent}%  transitions ${coverage.transitionPercent}%`);
  return lines.join('\n');
}
