import dagre from '@dagrejs/dagre';
import { routeEdges, Rows, type Point, type Shape } from './edgeRoute';
import type { DiagramNode, FlowGraph } from './flowGraph';

// Places the nodes of a flow graph in layers, top to bottom, with dagre (a
// Sugiyama-style layout: ranks, crossing reduction, a free slot in each row an
// edge crosses), then routes the edges through those slots (edgeRoute.ts). Sizes come from estimated text widths, since there is
// no browser here to measure text.

export const FONT_SIZE = 12;
export const LINE_HEIGHT = 15;
const CHAR_WIDTH = 6.9; // a generous average for 12 px sans-serif, so labels do not overflow
const PAD_X = 12;
const PAD_Y = 8;

export interface Box {
  x: number; // centre
  y: number; // centre
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  node: DiagramNode;
  /** The node's own edge ("repeat"), drawn as a loop on its right; its room is not part of the box. */
  selfLoop?: { label: string; labelBox: Box };
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  /** The drawn line, from the source shape's outline to the target's; it never crosses another node or label. */
  points: Point[];
  /** Where the label sits (its centre), when the edge has one. */
  labelBox?: Box;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

function textWidth(text: string): number {
  return Math.ceil([...text].length * CHAR_WIDTH);
}

/** The box a node needs: its text plus padding, widened for shapes whose corners cannot hold text. */
function nodeSize(node: DiagramNode): { width: number; height: number } {
  const textW = Math.max(...node.label.map(textWidth));
  const textH = node.label.length * LINE_HEIGHT;
  const width = textW + 2 * PAD_X;
  const height = textH + 2 * PAD_Y;
  switch (node.kind) {
    case 'hours': // a diamond holds a w×h box when W = w / (1 - h/H); take H = 2h
      return { width: Math.ceil(2 * textW + 16), height: Math.ceil(2 * textH + 8) };
    case 'sms-offer':
      return { width: width + 2 * SKEW, height };
    case 'line':
    case 'dial':
    case 'hangup':
      return { width: width + height / 2, height }; // rounded ends
    default:
      return { width, height };
  }
}

/** How far a parallelogram's top edge leans. */
export const SKEW = 10;

const LOOP_WIDTH = 22;

export function layoutGraph(graph: FlowGraph): Layout {
  // dagre's own self-edges come out tangled when labelled, so loops are drawn
  // here, with room for them kept on the node's right during the layout.
  const loops = new Map(graph.edges.filter((edge) => edge.from === edge.to).map((edge) => [edge.from, edge.label]));
  const loopRoom = (label: string): number => LOOP_WIDTH + textWidth(label) + 8;
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 60, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const size = nodeSize(node);
    const loop = loops.get(node.id);
    g.setNode(node.id, { width: size.width + (loop === undefined ? 0 : loopRoom(loop)), height: size.height });
  }
  for (const edge of graph.edges) {
    if (edge.from === edge.to) continue;
    const size = edge.label ? { width: textWidth(edge.label) + 8, height: LINE_HEIGHT + 2 } : { width: 0, height: 0 };
    g.setEdge(edge.from, edge.to, { ...size, labelpos: 'c' });
  }
  dagre.layout(g);

  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const nodes = g.nodes().map((id: string): PlacedNode => {
    const placed = g.node(id);
    const node = byId.get(id) as DiagramNode;
    const { width, height } = nodeSize(node);
    const loop = loops.get(id);
    const x = (placed.x ?? 0) - (placed.width - width) / 2; // the shape sits left, the loop's room right
    const y = placed.y ?? 0;
    if (loop === undefined) return { node, x, y, width, height };
    const labelWidth = textWidth(loop) + 8;
    return { node, x, y, width, height, selfLoop: { label: loop, labelBox: { x: x + width / 2 + LOOP_WIDTH + labelWidth / 2, y, width: labelWidth, height: LINE_HEIGHT + 2 } } };
  });
  const shapes = new Map(nodes.map((placed: PlacedNode): [string, Shape] => [placed.node.id, { x: placed.x, y: placed.y, width: placed.width, height: placed.height, kind: placed.node.kind }]));
  const placedEdges = graph.edges.filter((edge) => edge.from !== edge.to).map((edge) => ({ edge, placed: g.edge(edge.from, edge.to) }));
  // Every box and label dagre placed, loop room included: together they make the rows' heights.
  const rows = new Rows([
    ...g.nodes().map((id: string) => g.node(id) as { y: number; height: number }),
    ...placedEdges.filter(({ placed }) => placed.y !== undefined && placed.height).map(({ placed }) => ({ y: placed.y as number, height: placed.height as number })),
  ]);
  // dagre's first and last points are on its boxes' borders; the ones between are the waypoints, one per row.
  const routes = routeEdges(
    placedEdges.map(({ edge, placed }) => ({ from: shapes.get(edge.from) as Shape, to: shapes.get(edge.to) as Shape, via: (placed.points ?? []).slice(1, -1) })),
    rows,
  );
  const edges = placedEdges.map(({ edge, placed }, i): PlacedEdge => {
    const labelBox =
      edge.label && placed.x !== undefined && placed.y !== undefined
        ? { x: placed.x, y: placed.y, width: placed.width ?? 0, height: placed.height ?? 0 }
        : undefined;
    return { ...edge, points: routes[i] ?? [], ...(labelBox ? { labelBox } : {}) };
  });
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
