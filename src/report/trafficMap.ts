// The menu map of one line (the layout of `ivr diagram`) with the calls on
// it: each node says how many calls passed and ended there, and how many of
// those hung up waiting for a key; each edge how many calls took it, drawn
// thicker the busier it is; nodes where callers hung up waiting for a key are
// red, edges no call took are dashed. The counts are also returned as data,
// for the page's table of the map (mapTable): one set of numbers, drawn twice.

import { diagramTitle, flowGraph, layoutGraph, lineNodeId, svgOfLayout, type Box, type SvgMarks } from '../diagram';
import type { Flow } from '../flow/schema';
import type { CallTally } from './callTally';
import { counted, grouped } from '../text/counted';
import { keyWords, sendsTo } from './keysPressed';

/** A box of the map with its calls, as drawn: `name` is the first line of the box (its node id, or "consumer line"). */
export interface BoxTraffic {
  id: string;
  name: string;
  passed: number;
  ended: number;
  /** Of those that ended here, the calls that hung up waiting for a key. */
  gaveUp: number;
}

/** An arrow of the map with its calls: `ways` is what takes a call along it, as its label says ("1 → en, none / other"), empty for "then". */
export interface MoveTraffic {
  from: string;
  to: string;
  ways: string;
  calls: number;
}

export interface TrafficMap {
  svg: string;
  width: number;
  height: number;
  /** Where the line's own box (the start of the line) is drawn, so the page can open the map on it. */
  start: Box;
  boxes: BoxTraffic[];
  moves: MoveTraffic[];
}

/** `id` names the map's SVG, for the page's printed parts of it to draw it again; `describedBy`, the element that says it in words. */
export function trafficMap(flow: Flow, tally: CallTally, line: string, id: string, describedBy?: string): TrafficMap {
  const graph = flowGraph(flow, { lines: [line] });
  const marks: SvgMarks = { nodes: new Map(), edges: new Map() };
  // This line's calls only: a box the lines share shows the calls of the line whose map it is on.
  const nodes = tally.nodes.get(line);
  const edges = tally.edges.get(line);
  const boxes: BoxTraffic[] = graph.nodes.map((node) => {
    const traffic = node.kind === 'line' ? { passed: tally.byLine.get(line) ?? 0, ended: 0, gaveUp: 0 } : nodes?.get(node.id);
    return { id: node.id, name: node.label[0] ?? node.id, passed: traffic?.passed ?? 0, ended: traffic?.ended ?? 0, gaveUp: traffic?.gaveUp ?? 0 };
  });
  const keysOn = tally.edgeKeys.get(line);
  const moves: MoveTraffic[] = graph.edges.map((edge) => ({
    from: edge.from,
    to: edge.to,
    ways: keysPressedWays(flow, edge.from, edge.to, edge.label, keysOn?.get(`${edge.from} ${edge.to}`)) ?? edge.label,
    calls: edges?.get(`${edge.from} ${edge.to}`) ?? 0,
  }));
  graph.nodes.forEach((node, i) => {
    const box = boxes[i] as BoxTraffic;
    node.label = [...node.label, boxWords(box)];
    if (box.gaveUp) marks.nodes.set(node.id, 'gave-up');
  });
  const busiest = Math.max(1, ...moves.map((move) => move.calls));
  graph.edges.forEach((edge, i) => {
    const { calls, ways } = moves[i] as MoveTraffic;
    edge.label = ways ? `${ways} · ${grouped(calls)}` : grouped(calls);
    marks.edges.set(`${edge.from} ${edge.to}`, calls === 0 ? 'unused' : `traffic-${Math.min(4, 1 + Math.floor((calls / busiest) * 4))}`);
  });
  const layout = layoutGraph(graph);
  const start = layout.nodes.find((placed) => placed.node.id === lineNodeId(line)) ?? { x: 0, y: 0, width: 0, height: 0 };
  return {
    svg: svgOfLayout(layout, { title: `${diagramTitle(flow, [line])}, with the calls of the report`, marks, id, ...(describedBy ? { describedBy } : {}) }),
    width: layout.width,
    height: layout.height,
    start: { x: start.x, y: start.y, width: start.width, height: start.height },
    boxes,
    moves,
  };
}

/**
 * An arrow out of a menu that calls took by keys the flow sends elsewhere, labelled with the keys they pressed,
 * most pressed first, and the flow's: "pressed 3 (this flow: 4)". The arrow's calls are those callers', and the
 * flow's key alone would say they pressed what they did not. Undefined when every key pressed leads along it.
 */
function keysPressedWays(flow: Flow, from: string, to: string, label: string, keys: Map<string, number> | undefined): string | undefined {
  if (!keys || [...keys.keys()].every((key) => sendsTo(flow, from, key).includes(to))) return undefined;
  // A key as a phone has them; anything else a record holds is not drawn on the map as it is.
  const pressed = [...new Set([...keys].sort((a, b) => b[1] - a[1]).map(([key]) => (/^[0-9*#]{1,8}$|^none$/.test(key) ? keyWords(key) : 'another key')))];
  return `pressed ${pressed.join(', ')} (this flow: ${label || 'then'})`;
}

/** A box's calls in words, as its last line on the map. */
function boxWords({ passed, ended, gaveUp }: BoxTraffic): string {
  const words = [counted(passed, 'call')];
  // The calls that hung up here are some of those that ended here: said as part of them, not as more calls.
  if (ended) {
    const hungUp = !gaveUp ? '' : gaveUp === ended ? ', hung up waiting for a key' : `, ${grouped(gaveUp)} of them hung up waiting for a key`;
    words.push(`${grouped(ended)} ended here${hungUp}`);
  }
  return words.join(', ');
}
