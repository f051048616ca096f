import type { Flow, FlowNode } from '../flow/schema';
import type { Via } from '../engine/step';

export interface Coverage {
  nodes: { id: string; visits: number }[];
  transitions: { from: string; to: string; via: string; taken: number }[];
  nodePercent: number;
  transitionPercent: number;
}

/** One step of a call as the engine traced it: the node entered, from which node and by which edge. */
export interface TracedStep {
  from: string | undefined;
  node: string;
  via?: Via;
}

/**
 * Which flow nodes and which transitions the scenarios exercised, from the
 * engine's trace. A transition is an edge of the flow graph, named by what
 * takes it: a line's start, each key, "otherwise", a retry and its
 * exhaustion, a dial's failure, each hours branch, an SMS offer declined,
 * sent, failed or not offered. Two edges between the same nodes (key 2 and
 * three failed tries, both to the operator) are two transitions.
 */
export function computeCoverage(flow: Flow, traces: TracedStep[][]): Coverage {
  const edges = new Map<string, number>();
  for (const [name, line] of Object.entries(flow.lines)) edges.set(edgeKey(`(${name} line)`, line.start, 'start'), 0);
  for (const [id, node] of Object.entries(flow.nodes)) for (const { to, via } of edgesOf(id, node)) edges.set(edgeKey(id, to, via), 0);
  const visits = new Map<string, number>(Object.keys(flow.nodes).map((id) => [id, 0]));
  const lineOf = new Map(Object.entries(flow.lines).map(([name, line]) => [line.start, name]));

  for (const trace of traces) {
    for (const { from, node, via } of trace) {
      visits.set(node, (visits.get(node) ?? 0) + 1);
      const source = from === undefined ? undefined : flow.nodes[from];
      const edge = source?.type === 'hours' && via !== undefined ? hoursBranch(source, via) : via;
      const key = from === undefined ? (lineOf.has(node) ? edgeKey(`(${lineOf.get(node)} line)`, node, 'start') : undefined) : edgeKey(from, node, edge ?? '');
      if (key !== undefined && edges.has(key)) edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  const nodes = [...visits].map(([id, n]) => ({ id, visits: n }));
  const transitions = [...edges].map(([key, taken]) => {
    const [from, to, via] = key.split('\n') as [string, string, string];
    return { from, to, via, taken };
  });
  const percent = (hit: number, all: number) => (all === 0 ? 100 : Math.round((1000 * hit) / all) / 10);
  return {
    nodes,
    transitions,
    nodePercent: percent(nodes.filter((n) => n.visits > 0).length, nodes.length),
    transitionPercent: percent(transitions.filter((t) => t.taken > 0).length, transitions.length),
  };
}

/** A node's edges, each named as the engine names the one it takes. */
function edgesOf(id: string, node: FlowNode): { to: string; via: Via }[] {
  switch (node.type) {
    case 'say':
      return [{ to: node.next, via: 'next' }];
    case 'hangup':
      return [];
    case 'dial':
      return [{ to: node.onFailure, via: 'onFailure' }];
    case 'hours':
      return HOURS_BRANCHES.filter((via) => hoursBranch(node, via) === via).map((via) => ({ to: node[via], via }));
    case 'sms-offer':
      return (['declined', 'sent', 'failed', 'not offered'] as const).map((via) => ({ to: node.next, via }));
    case 'menu':
      return [
        ...node.options.map((option) => ({ to: option.next, via: `key ${option.key}` as const })),
        ...(node.otherwise ? [{ to: node.otherwise, via: 'otherwise' as const }] : []),
        // A retry re-enters the same menu: that path deserves a test too.
        ...(node.retry ? [{ to: id, via: 'retry' as const }, { to: node.retry.exhausted, via: 'exhausted' as const }] : []),
      ];
  }
}

const HOURS_BRANCHES = ['open', 'closed', 'holiday'] as const;

/**
 * An hours node's branch as coverage counts it: branches to the same node go
 * on alike, so they are one transition, named by the first of them. (An
 * operator's hours check sends a holiday to "closed": a call no scenario can
 * make, begun on an open day and reaching the check on a holiday.)
 */
function hoursBranch(node: Extract<FlowNode, { type: 'hours' }>, via: Via): Via {
  return HOURS_BRANCHES.find((branch) => node[branch] === node[via as (typeof HOURS_BRANCHES)[number]]) ?? via;
}

function edgeKey(from: string, to: string, via: string): string {
  return `${from}\n${to}\n${via}`;
}

/** "consumer-menu -> consumer-operator (key 2)" */
export function transitionName(t: { from: string; to: string; via: string }): string {
  return `${t.from} -> ${t.to} (${t.via})`;
}

/**
 * Why a scenario that failed leaves parts of the flow untaken, so an editor fixes the failing step rather than
 * writing a scenario for a transition one already takes: a failed step ends the call (the caller hangs up there).
 */
export function missedByFailures(failed: number): string {
  const which = failed === 1 ? '1 scenario failed' : `${failed} scenarios failed`;
  return `${which} (above): a call stops at the step that fails, so what it takes after that step is not taken here. Fix the failures first; what is still not taken then needs a scenario.`;
}

/**
 * The report `ivr test --coverage` prints. It does not change the exit code, which says whether the scenarios
 * passed: run on one file it is a question (what does this file reach?), not a requirement; `npm test`
 * (test/scenarios.test.ts) is the requirement, and fails while test/scenarios leaves anything untaken.
 */
export function formatCoverage(coverage: Coverage, failed = 0): string {
  const lines = ['Coverage of the flow by these scenarios', ''];
  const width = Math.max(...coverage.nodes.map((n) => n.id.length), 4);
  lines.push(`  ${'node'.padEnd(width)}  visits`);
  for (const n of coverage.nodes) lines.push(`  ${n.id.padEnd(width)}  ${n.visits === 0 ? 'NOT COVERED' : n.visits}`);
  lines.push('');
  const missed = coverage.transitions.filter((t) => t.taken === 0);
  lines.push(`  transitions not taken (${missed.length}):${missed.length === 0 ? ' none' : ''}`);
  for (const t of missed) lines.push(`    ${transitionName(t)}`);
  lines.push('');
  lines.push(`  nodes ${coverage.nodePercent}%  transitions ${coverage.transitionPercent}%`);
  const complete = missed.length === 0 && coverage.nodes.every((n) => n.visits > 0);
  if (!complete) {
    if (failed > 0) lines.push(`  ${missedByFailures(failed)}`);
    lines.push(
      '  `npm test` fails while the scenarios of test/scenarios/ leave any node or transition untaken; this report',
      "  only lists them, and ivr test's exit code says whether the scenarios passed.",
    );
  }
  return lines.join('\n');
}
