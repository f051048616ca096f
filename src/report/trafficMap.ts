// The menu map of one line (the layout of `ivr diagram`) with the calls on
// it: each node says how many calls passed and ended there, and how many of
// those hung up waiting for a key; each edge how many calls took it, drawn
// thicker the busier it is; nodes where callers hung up waiting for a key are
// red, edges no call took are dashed. The counts are also returned as data,
// for the page's table of the map (mapTable): one set of numbers, drawn twice.
// An SMS offer box counts the offers made, and the calls that passed it
// without one (a landline caller: "not offered", smsOffers) apart, on the box
// and on the arrow out of it: the calls into it are not all offers.

import { diagramTitle, flowGraph, layoutGraph, lineNodeId, svgOfLayout, type Box, type SvgMarks } from '../diagram';
import type { Flow } from '../flow/schema';
import type { CallTally } from './callTally';
import { counted, grouped } from '../text/counted';
import { keyWords, sendsTo } from './keysPressed';
import { NOT_OFFERED } from './smsOffers';

/** A box of the map with its calls, as drawn: `name` is the first line of the box (its node id, or "consumer line"). */
export interface BoxTraffic {
  id: string;
  name: string;
  passed: number;
  ended: number;
  /** Of those that ended here, the calls that hung up waiting for a key. */
  gaveUp: number;
  /** At an SMS offer box only: of the calls that passed, those offered the SMS and those that passed without an offer (the rest, the records cannot place). */
  offers?: { offered: number; notOffered: number };
}

/**
 * An arrow of the map with its calls: `ways` is what takes a call along it, as its label says ("1 → en, none / other"),
 * empty for "then". The arrow out of an SMS offer is two (or three) of these: the calls offered the SMS, those not
 * offered ("not offered"), and any the records cannot place.
 */
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
    const traffic = node.kind === 'line' ? undefined : nodes?.get(node.id);
    const passed = node.kind === 'line' ? (tally.byLine.get(line) ?? 0) : (traffic?.passed ?? 0);
    const offers = node.kind === 'sms-offer' ? { offered: traffic?.offered ?? 0, notOffered: traffic?.notOffered ?? 0 } : undefined;
    return { id: node.id, name: node.label[0] ?? node.id, passed, ended: traffic?.ended ?? 0, gaveUp: traffic?.gaveUp ?? 0, ...(offers ? { offers } : {}) };
  });
  const keysOn = tally.edgeKeys.get(line);
  const offerEdges = tally.offerEdges.get(line);
  // Each arrow's ways, with their calls; the arrow's own calls (its thickness) are all of them.
  const arrows = graph.edges.map((edge) => {
    const key = `${edge.from} ${edge.to}`;
    const calls = edges?.get(key) ?? 0;
    const ways = keysPressedWays(flow, edge.from, edge.to, edge.label, keysOn?.get(key)) ?? edge.label;
    const byOffer = flow.nodes[edge.from]?.type === 'sms-offer' && Object.hasOwn(flow.nodes, edge.from) ? (offerEdges?.get(key) ?? { offered: 0, notOffered: 0 }) : undefined;
    const move = (part: string, n: number): MoveTraffic => ({ from: edge.from, to: edge.to, ways: part, calls: n });
    if (!byOffer) return { calls, parts: [move(ways, calls)] };
    const unplaced = calls - byOffer.offered - byOffer.notOffered;
    return { calls, parts: [move(ways, byOffer.offered), move(NOT_OFFERED, byOffer.notOffered), ...(unplaced > 0 ? [move(OFFER_NOT_KNOWN, unplaced)] : [])] };
  });
  const moves = arrows.flatMap((arrow) => arrow.parts);
  graph.nodes.forEach((node, i) => {
    const box = boxes[i] as BoxTraffic;
    node.label = [...node.label, ...boxWords(box)];
    if (box.gaveUp) marks.nodes.set(node.id, 'gave-up');
  });
  const busiest = Math.max(1, ...arrows.map((arrow) => arrow.calls));
  graph.edges.forEach((edge, i) => {
    const { calls, parts } = arrows[i] as (typeof arrows)[number];
    edge.label = parts.map(({ ways, calls: n }) => (ways ? `${ways} · ${grouped(n)}` : grouped(n))).join('; ');
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

/** What the records cannot say of the calls along an SMS offer's arrow: the path passed two offer nodes (smsOffers). */
const OFFER_NOT_KNOWN = 'offered or not: not known';

/**
 * A box's calls in words, as its last lines on the map: "3 calls, 1 ended here". An SMS offer box says the offers
 * made first, and the calls that passed it without one on a line of their own: "2 offered the SMS, 1 ended here",
 * "1 not offered".
 */
function boxWords(box: BoxTraffic): string[] {
  const { ended, gaveUp } = box;
  const words = [passedWords(box)[0] as string];
  // The calls that hung up here are some of those that ended here: said as part of them, not as more calls.
  if (ended) {
    const hungUp = !gaveUp ? '' : gaveUp === ended ? ', hung up waiting for a key' : `, ${grouped(gaveUp)} of them hung up waiting for a key`;
    words.push(`${grouped(ended)} ended here${hungUp}`);
  }
  return [words.join(', '), ...passedWords(box).slice(1)];
}

/**
 * The calls that passed a box, in words, for the map and its table alike: "3 calls"; at an SMS offer box that any
 * call reached, the offers made, then the calls not offered ("2 offered the SMS", "1 not offered"), and those the
 * records cannot place, if any.
 */
export function passedWords({ passed, offers }: Pick<BoxTraffic, 'passed' | 'offers'>): string[] {
  if (!offers || passed === 0) return [counted(passed, 'call')];
  const unplaced = passed - offers.offered - offers.notOffered;
  return [`${grouped(offers.offered)} offered the SMS`, `${grouped(offers.notOffered)} ${NOT_OFFERED}`, ...(unplaced > 0 ? [`${grouped(unplaced)} ${OFFER_NOT_KNOWN}`] : [])];
}
