import { DOMParser } from '@xmldom/xmldom';

// Reads a drawn map back as geometry, the way a person looks at it: where each
// node's box is, where each edge's line runs and where its label sits. Only the
// SVG is read (not the layout that made it), so a test of it checks the picture.

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface DrawnNode {
  id: string;
  box: Rect;
  /** The shape's corners when it is a polygon (a decision, an SMS offer); a rect's outline is its box. */
  corners?: Point[];
}

export interface DrawnEdge {
  from: string;
  to: string;
  /** Points along the drawn path, a few pixels apart, curves included. */
  samples: Point[];
  label?: Rect;
}

export interface DrawnMap {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

const elements = (parent: { getElementsByTagName(tag: string): unknown }, tag: string): Element[] => Array.from(parent.getElementsByTagName(tag) as unknown as ArrayLike<Element>);
const num = (el: Element, name: string): number => Number(el.getAttribute(name));

export function readMap(svg: string): DrawnMap {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const groups = elements(doc, 'g');
  const nodes = groups
    .filter((g) => g.getAttribute('data-node'))
    .map((g): DrawnNode => {
      const corners = polygonCorners(g);
      return { id: g.getAttribute('data-node') as string, box: shapeBox(g), ...(corners ? { corners } : {}) };
    });
  const edges = groups
    .filter((g) => g.getAttribute('data-from'))
    .map((g): DrawnEdge => {
      const path = elements(g, 'path')[0];
      if (!path) throw new Error(`edge ${g.getAttribute('data-from')} → ${g.getAttribute('data-to')} has no path`);
      const label = elements(g, 'rect')[0];
      return {
        from: g.getAttribute('data-from') as string,
        to: g.getAttribute('data-to') as string,
        samples: samplePath(path.getAttribute('d') ?? ''),
        ...(label ? { label: rectOf(label) } : {}),
      };
    });
  return { nodes, edges };
}

function rectOf(rect: Element): Rect {
  const left = num(rect, 'x');
  const top = num(rect, 'y');
  return { left, top, right: left + num(rect, 'width'), bottom: top + num(rect, 'height') };
}

function polygonCorners(group: Element): Point[] | undefined {
  const polygon = elements(group, 'polygon')[0];
  if (!polygon) return undefined;
  const xy = (polygon.getAttribute('points') ?? '').trim().split(/[\s,]+/).map(Number);
  return xy.flatMap((x, i) => (i % 2 === 0 ? [{ x, y: xy[i + 1] as number }] : []));
}

/** The bounding box of a node's shape (a rect, or a polygon for decisions and SMS offers). */
function shapeBox(group: Element): Rect {
  const rect = elements(group, 'rect')[0];
  if (rect) return rectOf(rect);
  const corners = polygonCorners(group);
  if (!corners) throw new Error(`node ${group.getAttribute('data-node')} has no shape`);
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

/** How far a point is from a node's drawn outline (its polygon, else its box). */
export function distanceToOutline(point: Point, node: DrawnNode): number {
  const { left, top, right, bottom } = node.box;
  const corners = node.corners ?? [
    { x: left, y: top },
    { x: right, y: top },
    { x: right, y: bottom },
    { x: left, y: bottom },
  ];
  return Math.min(...corners.map((a, i) => distanceToSegment(point, a, corners[(i + 1) % corners.length] as Point)));
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const length2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / length2));
  return Math.hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y)));
}

/** Points along an SVG path made of absolute M, L and C commands (what the map draws), every ~2 px. */
export function samplePath(d: string): Point[] {
  const tokens = d.match(/[MLC]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const out: Point[] = [];
  let at: Point = { x: 0, y: 0 };
  let i = 0;
  const next = (): number => Number(tokens[i++]);
  while (i < tokens.length) {
    const command = tokens[i++];
    if (command === 'M') {
      at = { x: next(), y: next() };
      out.push(at);
    } else if (command === 'L') {
      const to = { x: next(), y: next() };
      const steps = Math.max(1, Math.ceil(Math.hypot(to.x - at.x, to.y - at.y) / 2));
      for (let s = 1; s <= steps; s++) out.push({ x: at.x + ((to.x - at.x) * s) / steps, y: at.y + ((to.y - at.y) * s) / steps });
      at = to;
    } else if (command === 'C') {
      const [c1, c2, to] = [{ x: next(), y: next() }, { x: next(), y: next() }, { x: next(), y: next() }];
      const length = Math.hypot(c1.x - at.x, c1.y - at.y) + Math.hypot(c2.x - c1.x, c2.y - c1.y) + Math.hypot(to.x - c2.x, to.y - c2.y);
      const steps = Math.max(1, Math.ceil(length / 2));
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        out.push({
          x: u * u * u * at.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * to.x,
          y: u * u * u * at.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * to.y,
        });
      }
      at = to;
    } else {
      throw new Error(`path command "${command}" in "${d}" is not one the map draws`);
    }
  }
  return out;
}

/** Whether a point is inside a box by more than `inset` px (a line along its border does not count). */
export function inside(point: Point, box: Rect, inset = 1): boolean {
  return point.x > box.left + inset && point.x < box.right - inset && point.y > box.top + inset && point.y < box.bottom - inset;
}

/** "from → to crosses node X" for each edge whose line runs through a box of a node that is not one of its ends. */
export function edgesThroughNodes(map: DrawnMap): string[] {
  const found: string[] = [];
  for (const edge of map.edges) {
    for (const node of map.nodes) {
      if (node.id === edge.from || node.id === edge.to) continue;
      if (edge.samples.some((p) => inside(p, node.box))) found.push(`${edge.from} → ${edge.to} crosses node ${node.id}`);
    }
  }
  return found;
}

/** "from → to crosses the label of a → b" for each edge whose line runs through another edge's label. */
export function edgesThroughLabels(map: DrawnMap): string[] {
  const found: string[] = [];
  for (const edge of map.edges) {
    for (const other of map.edges) {
      if (other === edge || !other.label) continue;
      const label = other.label;
      if (edge.samples.some((p) => inside(p, label))) found.push(`${edge.from} → ${edge.to} crosses the label of ${other.from} → ${other.to}`);
    }
  }
  return found;
}
