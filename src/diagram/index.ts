// Pictures of a flow: Mermaid text for the README and SVG for the dev phone
// page and `ivr diagram --format svg`, both drawn from one graph.

import type { Flow } from '../flow/schema';
import { flowGraph, type FlowGraphOptions } from './flowGraph';
import { renderMermaid } from './mermaid';
import { renderSvg } from './svg';

export { flowGraph, lineNodeId, type DiagramEdge, type DiagramNode, type DiagramNodeKind, type FlowGraph } from './flowGraph';
export { renderMermaid } from './mermaid';
export { renderSvg } from './svg';

export type DiagramFormat = 'mermaid' | 'svg';

export function drawFlow(flow: Flow, format: DiagramFormat, options: FlowGraphOptions = {}): string {
  const graph = flowGraph(flow, options);
  if (format === 'mermaid') return renderMermaid(graph);
  const lines = options.lines ?? Object.keys(flow.lines);
  return renderSvg(graph, { title: `${flow.name}: call flow of the ${lines.join(' and ')} line${lines.length === 1 ? '' : 's'}` });
}
