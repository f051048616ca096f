import type { DiagramNodeKind } from './flowGraph';

// Where an edge's line runs. dagre puts every node in a row (a rank) and gives
// a long edge one waypoint per row it crosses, placed in a slot of that row
// that no box or label takes. Its own polyline joins those waypoints with
// straight slanted lines, and a slanted line leaving a box sideways cuts
// through its neighbours in the same row. So the line here only ever moves
// sideways between rows, where nothing is drawn: it leaves a box straight up or
// down, crosses each row straight through its free slot, and slants only in
// the gap between two rows.

export interface Point {
  x: number;
  y: number;
}

/** A node as drawn: centre, size and shape. */
export interface Shape {
  x: number;
  y: number;
  width: number;
  height: number;
  kind: DiagramNodeKind;
}

/** The laid-out rows: for the y of each row, how far its tallest box or label reaches up and down from it. */
export class Rows {
  private readonly halfHeights = new Map<number, number>();

  constructor(boxes: { y: number; height: number }[]) {
    for (const box of boxes) {
      const key = Rows.key(box.y);
      this.halfHeights.set(key, Math.max(this.halfHeights.get(key) ?? 0, box.height / 2));
    }
  }

  /** A row holding only waypoints (no box, no label) has no height. */
  halfHeight(y: number): number {
    return this.halfHeights.get(Rows.key(y)) ?? 0;
  }

  private static key(y: number): number {
    return Math.round(y * 100);
  }
}

/** Longest straight bit kept at each end of a slanted line, so lines leave and reach rows upright. */
const STUB = 8;

/** An edge to route: its ends, dagre's waypoints between them (one per row, in order). */
export interface EdgeToRoute {
  from: Shape;
  to: Shape;
  via: Point[];
}

/**
 * The lines of the edges, each from its source shape's outline to its
 * target's. Edges that meet a node on the same side get their own spots along
 * it, in the order of where they come from, so they fan out instead of
 * leaving or arriving on top of each other.
 */
export function routeEdges(edges: EdgeToRoute[], rows: Rows): Point[][] {
  const ends = new Map<string, { shape: Shape; toward: number; set: (x: number) => void }[]>();
  const ports = edges.map(() => ({ start: 0, end: 0 }));
  edges.forEach((edge, i) => {
    const down = edge.to.y > edge.from.y;
    const first = edge.via[0] ?? edge.to;
    const last = edge.via[edge.via.length - 1] ?? edge.from;
    const meet = (shape: Shape, bottom: boolean, toward: number, set: (x: number) => void) => {
      const key = `${shape.x},${shape.y},${bottom}`;
      ends.set(key, [...(ends.get(key) ?? []), { shape, toward, set }]);
    };
    meet(edge.from, down, first.x, (x) => ((ports[i] as { start: number }).start = x));
    meet(edge.to, !down, last.x, (x) => ((ports[i] as { end: number }).end = x));
  });
  for (const side of ends.values()) {
    side.sort((a, b) => a.toward - b.toward);
    const shape = (side[0] as { shape: Shape }).shape;
    const [left, right] = portRange(shape);
    side.forEach((end, i) => end.set(side.length === 1 ? Math.min(right, Math.max(left, end.toward)) : left + ((right - left) * (i + 0.5)) / side.length));
  }
  return edges.map((edge, i) => routeEdge(edge, ports[i] as { start: number; end: number }, rows));
}

/** The line from the source's outline at x = start to the target's at x = end, upright through each row. */
function routeEdge({ from, to, via }: EdgeToRoute, ports: { start: number; end: number }, rows: Rows): Point[] {
  const stops: Point[] = [{ x: ports.start, y: from.y }, ...via, { x: ports.end, y: to.y }];
  const down = to.y > from.y;
  const points: Point[] = [outlinePoint(from, ports.start, down)];
  for (let i = 0; i + 1 < stops.length; i++) {
    const a = stops[i] as Point;
    const b = stops[i + 1] as Point;
    const dir = b.y > a.y ? 1 : -1;
    const leave = a.y + dir * rows.halfHeight(a.y);
    const enter = b.y - dir * rows.halfHeight(b.y);
    const stub = Math.min(STUB, Math.abs(enter - leave) / 4);
    points.push({ x: a.x, y: leave }, { x: a.x, y: leave + dir * stub }, { x: b.x, y: enter - dir * stub }, { x: b.x, y: enter });
  }
  points.push(outlinePoint(to, ports.end, !down));
  return simplify(points);
}

/** Where along its top or bottom a line may meet a shape: its flat part, or near a diamond's tip. */
function portRange(shape: Shape): [number, number] {
  const inset = (() => {
    switch (shape.kind) {
      case 'hours':
        return shape.width / 4; // the diamond's sides are steep enough to aim at here
      case 'line':
      case 'dial':
      case 'hangup':
        return shape.height / 2; // past the rounded ends
      case 'sms-offer':
        return 10 + 4; // past the slanted sides (SKEW in layout.ts), with a little room
      default:
        return 8;
    }
  })();
  if (shape.width <= 2 * inset) return [shape.x, shape.x];
  return [shape.x - shape.width / 2 + inset, shape.x + shape.width / 2 - inset];
}

/** Where the vertical line at x meets the shape's outline, on its bottom (`bottom`) or top. */
function outlinePoint(shape: Shape, x: number, bottom: boolean): Point {
  const sign = bottom ? 1 : -1;
  const half = shape.kind === 'hours' ? (shape.height / 2) * (1 - Math.abs(x - shape.x) / (shape.width / 2)) : shape.height / 2;
  return { x, y: shape.y + sign * half };
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const point of points) {
    const prev = out[out.length - 1];
    if (prev && Math.abs(prev.x - point.x) < 0.01 && Math.abs(prev.y - point.y) < 0.01) continue;
    const before = out[out.length - 2];
    if (prev && before && Math.abs((prev.x - before.x) * (point.y - prev.y) - (prev.y - before.y) * (point.x - prev.x)) < 0.01) out.pop();
    out.push(point);
  }
  return out;
}
