// Which parts of the new flow's map a change touches, for `ivr diff --svg`:
// the nodes whose definition changed or where calls now part, and the edges
// that now lead somewhere else.

import { lineNodeId, type SvgMarks } from '../diagram';
import type { DiffReport } from './diffFlows';

export function changedParts(report: DiffReport): SvgMarks {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const change of report.flowChanges) {
    const node = /^nodes\.([^.[]+)/.exec(change.path)?.[1];
    const line = /^lines\.([^.[]+)/.exec(change.path)?.[1];
    if (node) nodes.add(node);
    if (line) nodes.add(lineNodeId(line));
  }
  for (const call of report.calls) {
    if (call.kind === 'wording') {
      for (const node of call.enteredAfter) nodes.add(node);
      continue;
    }
    const from = call.at === '(call start)' ? lineNodeId(call.line) : call.at;
    nodes.add(from);
    const to = call.enteredAfter[0];
    if (to) edges.add(`${from} ${to}`);
  }
  const mark = (ids: Set<string>) => new Map([...ids].map((id) => [id, 'changed']));
  return { nodes: mark(nodes), edges: mark(edges) };
}
