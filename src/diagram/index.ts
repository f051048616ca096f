// Pictures of a flow: Mermaid text for the README and SVG for the dev phone
// page and `ivr diagram --format svg`, both drawn from one graph.

import type { Flow } from '../flow/schema';
import { flowGraph, type FlowGraphOptions } from './flowGraph';
import { renderMermaid } from './mermaid';
import { renderSvg, type SvgOptions } from './svg';

export { flowGraph, lineNodeId, type DiagramEdge, type DiagramNode, type DiagramNodeKind, type FlowGraph } from './flowGraph';
export { svgOfLayout, type SvgMarks } from './svg';
export { layoutGraph, type Box } from './layout';

export type DiagramFormat = 'mermaid' | 'svg';

export function drawFlow(flow: Flow, format: DiagramFormat, options: FlowGraphOptions & Pick<SvgOptions, 'marks'> = {}): string {
  const graph = flowGraph(flow, options);
  if (format === 'mermaid') return renderMermaid(graph);
  return renderSvg(graph, { title: diagramTitle(flow, options.lines), ...(options.marks ? { marks: options.marks } : {}) });
}

export function diagramTitle(flow: Flow, lines: string[] = Object.keys(flow.lines)): string {
  return `${flow.name}: call flow of the ${lines.join(' and ')} line${lines.length === 1 ? '' : 's'}`;
}
