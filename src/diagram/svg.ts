import type { DiagramNodeKind, FlowGraph } from './flowGraph';
import { markupText } from '../text/markupText';
import { FONT_SIZE, layoutGraph, LINE_HEIGHT, SKEW, type Box, type Layout, type PlacedEdge, type PlacedNode } from './layout';

// A standalone SVG of a flow graph. Each node is a <g data-node="id"> and each
// edge a <g data-from data-to>, so the dev phone page can mark where a call is
// and the path it took by toggling classes, with no drawing code in the page.

export const SVG_STYLE = `
.ivr-diagram { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: ${FONT_SIZE}px; }
.ivr-diagram .shape { stroke: #17120f; stroke-width: 1.2; fill: #fff; }
.ivr-diagram .node-line .shape { fill: #ffd6e7; }
.ivr-diagram .node-hours .shape { fill: #fff4c2; stroke: #8a6d00; }
.ivr-diagram .node-sms-offer .shape { fill: #e3ecff; stroke: #2b4c9a; }
.ivr-diagram .node-dial .shape { fill: #d9f2e3; stroke: #1c7a43; }
.ivr-diagram .node-hangup .shape { fill: #eee; stroke: #555; }
.ivr-diagram text { fill: #17120f; }
.ivr-diagram .node-id { font-weight: 600; }
.ivr-diagram .edge path { fill: none; stroke: #77706b; stroke-width: 1.2; }
.ivr-diagram .edge .label-bg { fill: #fff; opacity: 0.9; }
.ivr-diagram .edge text { font-size: ${FONT_SIZE - 1}px; fill: #4a4440; }
.ivr-diagram .visited .shape { stroke: #b4005a; stroke-width: 2.5; }
.ivr-diagram .edge.visited path { stroke: #b4005a; stroke-width: 2.5; }
.ivr-diagram .current .shape { stroke: #b4005a; stroke-width: 4; fill: #ffb3d1; }
.ivr-diagram .changed .shape { stroke: #c2410c; stroke-width: 3.5; stroke-dasharray: 6 3; }
.ivr-diagram .edge.changed path { stroke: #c2410c; stroke-width: 3; }
.ivr-diagram .edge.changed text { fill: #9a3412; font-weight: 600; }
.ivr-diagram .edge.unused path { stroke: #c8c2bd; stroke-dasharray: 3 3; }
.ivr-diagram .edge.traffic-1 path { stroke: #1d4ed8; stroke-width: 2; }
.ivr-diagram .edge.traffic-2 path { stroke: #1d4ed8; stroke-width: 4; }
.ivr-diagram .edge.traffic-3 path { stroke: #1d4ed8; stroke-width: 6.5; }
.ivr-diagram .edge.traffic-4 path { stroke: #1e3a8a; stroke-width: 9; }
.ivr-diagram .gave-up .shape { stroke: #b91c1c; stroke-width: 3.5; fill: #fee2e2; }
`;

export interface SvgOptions {
  /** Read by screen readers and shown as the picture's title. */
  title: string;
  /** Extra classes for nodes (by id) and edges (by "from to"): "changed" for `ivr diff --svg`, traffic for `ivr report`. */
  marks?: SvgMarks;
  /** The picture's id, for a page with several (its title's id is made from it, so theirs differ). */
  id?: string;
  /** The id of an element that says the picture in words (the report's table of a map), for screen readers to offer. */
  describedBy?: string;
}

export interface SvgMarks {
  nodes: Map<string, string>;
  edges: Map<string, string>;
}

export function renderSvg(graph: FlowGraph, options: SvgOptions): string {
  return svgOfLayout(layoutGraph(graph), options);
}

/** The SVG of a graph already laid out: for a page that also needs to know where the nodes are. */
export function svgOfLayout(layout: Layout, options: SvgOptions): string {
  const titleId = options.id ? `${options.id}-title` : 'ivr-diagram-title';
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg"${options.id ? ` id="${markupText(options.id)}"` : ''} class="ivr-diagram" role="img" aria-labelledby="${markupText(titleId)}"${options.describedBy ? ` aria-describedby="${markupText(options.describedBy)}"` : ''} viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}">`,
    `<title id="${markupText(titleId)}">${markupText(options.title)}</title>`,
    `<style>${SVG_STYLE}</style>`,
    '<defs><marker id="ivr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#77706b"/></marker></defs>',
  ];
  const marks = options.marks;
  const edgeClass = (from: string, to: string) => ['edge', marks?.edges.get(`${from} ${to}`)].filter(Boolean).join(' ');
  for (const edge of layout.edges) out.push(renderEdge(edge, edgeClass(edge.from, edge.to)));
  for (const placed of layout.nodes) if (placed.selfLoop) out.push(renderSelfLoop(placed, placed.selfLoop, edgeClass(placed.node.id, placed.node.id)));
  for (const placed of layout.nodes) out.push(renderNode(placed, marks?.nodes.get(placed.node.id)));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function renderNode(placed: PlacedNode, mark: string | undefined): string {
  const { node } = placed;
  const top = placed.y - (node.label.length * LINE_HEIGHT) / 2;
  const lines = node.label
    .map((text, i) => `<tspan x="${n(placed.x)}" y="${n(top + (i + 0.78) * LINE_HEIGHT)}"${i === 0 ? ' class="node-id"' : ''}>${markupText(text)}</tspan>`)
    .join('');
  return (
    `<g class="node node-${node.kind}${mark ? ` ${mark}` : ''}" data-node="${markupText(node.id)}"><title>${markupText(node.fullText)}</title>` +
    `${shape(node.kind, placed)}<text text-anchor="middle">${lines}</text></g>`
  );
}

function shape(kind: DiagramNodeKind, box: Box): string {
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  const right = left + box.width;
  const bottom = top + box.height;
  switch (kind) {
    case 'hours':
      return `<polygon class="shape" points="${n(box.x)},${n(top)} ${n(right)},${n(box.y)} ${n(box.x)},${n(bottom)} ${n(left)},${n(box.y)}"/>`;
    case 'sms-offer':
      return `<polygon class="shape" points="${n(left + SKEW)},${n(top)} ${n(right)},${n(top)} ${n(right - SKEW)},${n(bottom)} ${n(left)},${n(bottom)}"/>`;
    case 'line':
    case 'dial':
    case 'hangup':
      return `<rect class="shape" x="${n(left)}" y="${n(top)}" width="${n(box.width)}" height="${n(box.height)}" rx="${n(box.height / 2)}"/>`;
    default:
      return `<rect class="shape" x="${n(left)}" y="${n(top)}" width="${n(box.width)}" height="${n(box.height)}" rx="3"/>`;
  }
}

function renderEdge(edge: PlacedEdge, edgeClass: string): string {
  const label = edge.labelBox
    ? `<rect class="label-bg" x="${n(edge.labelBox.x - edge.labelBox.width / 2)}" y="${n(edge.labelBox.y - edge.labelBox.height / 2)}" width="${n(edge.labelBox.width)}" height="${n(edge.labelBox.height)}" rx="3"/>` +
      `<text text-anchor="middle" x="${n(edge.labelBox.x)}" y="${n(edge.labelBox.y + FONT_SIZE * 0.35)}">${markupText(edge.label)}</text>`
    : '';
  return `<g class="${edgeClass}" data-from="${markupText(edge.from)}" data-to="${markupText(edge.to)}"><path d="${roundedPath(edge.points)}" marker-end="url(#ivr-arrow)"/>${label}</g>`;
}

/** A loop from the node's right side back into it, labelled to its right. */
function renderSelfLoop(placed: PlacedNode, loop: NonNullable<PlacedNode['selfLoop']>, edgeClass: string): string {
  const right = placed.x + placed.width / 2;
  const dy = Math.min(12, placed.height / 4);
  const reach = right + 20;
  const path = `M${n(right)},${n(placed.y - dy)}C${n(reach)},${n(placed.y - dy - 10)} ${n(reach)},${n(placed.y + dy + 10)} ${n(right)},${n(placed.y + dy)}`;
  const box = loop.labelBox;
  return (
    `<g class="${edgeClass}" data-from="${markupText(placed.node.id)}" data-to="${markupText(placed.node.id)}"><path d="${path}" marker-end="url(#ivr-arrow)"/>` +
    `<rect class="label-bg" x="${n(box.x - box.width / 2)}" y="${n(box.y - box.height / 2)}" width="${n(box.width)}" height="${n(box.height)}" rx="3"/>` +
    `<text text-anchor="middle" x="${n(box.x)}" y="${n(box.y + FONT_SIZE * 0.35)}">${markupText(loop.label)}</text></g>`
  );
}

/** The route as straight lines with small rounded bends (a curve stays within its bend's corner, so off the boxes). */
function roundedPath(points: { x: number; y: number }[]): string {
  const [first] = points;
  if (!first) return '';
  let d = `M${n(first.x)},${n(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const at = points[i] as { x: number; y: number };
    const next = points[i + 1];
    if (!next) {
      d += `L${n(at.x)},${n(at.y)}`;
      break;
    }
    const prev = points[i - 1] as { x: number; y: number };
    const inLength = Math.hypot(at.x - prev.x, at.y - prev.y);
    const outLength = Math.hypot(next.x - at.x, next.y - at.y);
    const r = Math.min(BEND_RADIUS, inLength / 2, outLength / 2);
    const before = { x: at.x + ((prev.x - at.x) * r) / inLength, y: at.y + ((prev.y - at.y) * r) / inLength };
    const after = { x: at.x + ((next.x - at.x) * r) / outLength, y: at.y + ((next.y - at.y) * r) / outLength };
    d += `L${n(before.x)},${n(before.y)}C${n(at.x)},${n(at.y)} ${n(at.x)},${n(at.y)} ${n(after.x)},${n(after.y)}`;
  }
  return d;
}

const BEND_RADIUS = 6;

const n = (value: number): string => String(Math.round(value * 10) / 10);


