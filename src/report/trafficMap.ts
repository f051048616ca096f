// The menu map of one line (the layout of `ivr diagram`) with the calls on
// it: each node says how many calls passed and ended there, and how many of
// those hung up waiting for a key; each edge how many calls took it, drawn
// thicker the busier it is; nodes where callers hung up waiting for a key are
// red, edges no call took are dashed.

import { diagramTitle, flowGraph, layoutGraph, lineNodeId, svgOfLayout, type Box, type SvgMarks } from '../diagram';
import type { Flow } from '../flow/schema';
import type { CallTally } from './callTally';
import { counted } from '../text/counted';

export interface TrafficMap {
  svg: string;
  width: number;
  height: number;
  /** Where the line's own box (the start of the line) is drawn, so the page can open the map on it. */
  start: Box;
}

/** `id` names the map's SVG, for the page's printed parts of it to draw it again. */
export function trafficMap(flow: Flow, tally: CallTally, line: string, id: string): TrafficMap {
  const graph = flowGraph(flow, { lines: [line] });
  const marks: SvgMarks = { nodes: new Map(), edges: new Map() };
  // This line's calls only: a box the lines share shows the calls of the line whose map it is on.
  const nodes = tally.nodes.get(line);
  const edges = tally.edges.get(line);
  const busiest = Math.max(1, ...graph.edges.map((e) => edges?.get(`${e.from} ${e.to}`) ?? 0));
  for (const node of graph.nodes) {
    const traffic = node.kind === 'line' ? { passed: tally.byLine.get(line) ?? 0, ended: 0, gaveUp: 0 } : nodes?.get(node.id);
    const words = [counted(traffic?.passed ?? 0, 'call')];
    // The calls that hung up here are some of those that ended here: said as part of them, not as more calls.
    if (traffic?.ended) {
      const hungUp = !traffic.gaveUp ? '' : traffic.gaveUp === traffic.ended ? ', hung up waiting for a key' : `, ${traffic.gaveUp} of them hung up waiting for a key`;
      words.push(`${traffic.ended} ended here${hungUp}`);
    }
    if (traffic?.gaveUp) marks.nodes.set(node.id, 'gave-up');
    node.label = [...node.label, words.join(', ')];
  }
  for (const edge of graph.edges) {
    const calls = edges?.get(`${edge.from} ${edge.to}`) ?? 0;
    edge.label = edge.label ? `${edge.label} · ${calls}` : String(calls);
    marks.edges.set(`${edge.from} ${edge.to}`, calls === 0 ? 'unused' : `traffic-${Math.min(4, 1 + Math.floor((calls / busiest) * 4))}`);
  }
  const layout = layoutGraph(graph);
  const start = layout.nodes.find((placed) => placed.node.id === lineNodeId(line)) ?? { x: 0, y: 0, width: 0, height: 0 };
  return {
    svg: svgOfLayout(layout, { title: `${diagramTitle(flow, [line])}, with the calls of the report`, marks, id }),
    width: layout.width,
    height: layout.height,
    start: { x: start.x, y: start.y, width: start.width, height: start.height },
  };
}
