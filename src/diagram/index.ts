// Pictures of a flow: Mermaid text for the README and SVG for the dev phone
// page and `ivr diagram --format svg`, both drawn from one graph.

import type { Flow } from '../flow/schema';
import { flowGraph, type FlowGraphOptions } from './flowGraph';
import { renderMermaid } from './mermaid';
import { renderSvg, type SvgOptions } from './svg';

export { flowGraph, lineNodeId, type DiagramEdge, type DiagramNode, type DiagramNodeKind, type FlowGraph } from './flowGraph';
export { renderMermaid } from './mermaid';
export { renderSvg } from './svg';

export type DiagramFormat = 'mermaid' | 'svg';

export function drawFlow(flow: Flow, format: DiagramFormat, options: FlowGraphOptions & Pick<SvgOptions, 'changed'> = {}): string {
  const graph = flowGraph(flow, options);
  if (format === 'mermaid') return renderMermaid(graph);
  const lines = options.lines ?? Object.keys(flow.lines);
  const title = `${flow.name}: call flow of the ${lines.join(' and ')} line${lines.length === 1 ? '' : 's'}`;
  return renderSvg(graph, { title, ...(options.changed ? { changed: options.changed } : {}) });
}
