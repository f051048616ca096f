// The menu map of one line (the layout of `ivr diagram`) with the calls on
// it: each node says how many calls passed and ended there, and how many of
// those hung up before pressing a key; each edge how many calls took it, drawn
// thicker the busier it is; nodes where callers hung up before pressing a key are
// red, edges no call took are dashed. The counts are also returned as data,
// for the page's table of the map (mapTable): one set of numbers, drawn twice.
// An SMS offer box counts the offers made, and the calls that passed it
// without one (a landline caller: "not offered", smsOffers) apart, on the box
// and on the arrow out of it: the calls into it are not all offers. The box
// says apart too the calls offered it that ended before any answer, which may
// have hung up during the message before it: not drawn as hang-ups at the offer.

import { diagramTitle, flowGraph, layoutGraph, lineNodeId, svgOfLayout, type Box, type FlowGraph, type SvgMarks } from '../diagram';
import type { Flow } from '../flow/schema';
import type { CallTally, EdgeWays } from './callTally';
import { counted, grouped } from '../text/counted';
import { keyWords } from './keysPressed';
import { ENDED_BEFORE_ANSWERING, isSmsOffer, NOT_OFFERED, OFFER_NOT_KNOWN, PERHAPS_UNHEARD } from './smsOffers';

/** A box of the map with its calls, as drawn: `name` is the first line of the box (its node id, or "consumer line"). */
export interface BoxTraffic {
  id: string;
  name: string;
  passed: number;
  ended: number;
  /** Of those that ended here, the calls that hung up before pressing a key. */
  gaveUp: number;
  /**
   * At an SMS offer box only: of the calls that passed, those offered the SMS that went past it, those offered it
   * that ended before any answer, and those that passed without an offer (the rest, the records cannot place).
   */
  offers?: { offered: number; unanswered: number; notOffered: number };
}

/**
 * An arrow of the map with its calls: `ways` is what takes a call along it, as its label says ("1 → en, none / other"),
 * empty for "then". The arrow out of an SMS offer is two (or three) of these: the calls offered the SMS, those not
 * offered ("not offered"), and any the records cannot place. The arrow out of a menu is one of these for the calls
 * that took it the flow's way, and apart those that took it by keys the flow sends elsewhere ("pressed 3 (this flow:
 * 4)") and those Twilio's fallback took along it (FALLBACK_WAY): a call that took it two ways is in both.
 */
interface MoveTraffic {
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
  const waysOn = tally.edgeWays.get(line);
  const fallbackOnly = addFallbackArrows(graph, waysOn);
  const boxes: BoxTraffic[] = graph.nodes.map((node) => {
    const traffic = node.kind === 'line' ? undefined : nodes?.get(node.id);
    const passed = node.kind === 'line' ? (tally.byLine.get(line) ?? 0) : (traffic?.passed ?? 0);
    const offers = node.kind === 'sms-offer' ? { offered: traffic?.offered ?? 0, unanswered: traffic?.unanswered ?? 0, notOffered: traffic?.notOffered ?? 0 } : undefined;
    return { id: node.id, name: node.label[0] ?? node.id, passed, ended: traffic?.ended ?? 0, gaveUp: traffic?.gaveUp ?? 0, ...(offers ? { offers } : {}) };
  });
  const offerEdges = tally.offerEdges.get(line);
  // Each arrow's ways, with their calls; the arrow's own calls (its thickness) are all of them.
  const arrows = graph.edges.map((edge) => {
    const key = `${edge.from} ${edge.to}`;
    const calls = edges?.get(key) ?? 0;
    const move = (part: string, n: number): MoveTraffic => ({ from: edge.from, to: edge.to, ways: part, calls: n });
    // Out of an SMS offer, whatever is pressed: the calls offered it and those not, as its box says them. The
    // diagram's "1: SMS, or none" would read, beside "not offered", as no offer. With no call, one way on ("then").
    if (isSmsOffer(flow, edge.from)) {
      if (calls === 0) return { calls, parts: [move('', 0)] };
      const { offered, notOffered } = offerEdges?.get(key) ?? { offered: 0, notOffered: 0 };
      const unplaced = calls - offered - notOffered;
      return { calls, parts: [move(OFFERED, offered), move(NOT_OFFERED, notOffered), ...(unplaced > 0 ? [move(OFFER_NOT_KNOWN, unplaced)] : [])] };
    }
    const ways = waysOn?.get(key);
    if (fallbackOnly.has(key)) return { calls, parts: [move(FALLBACK_WAY, ways?.fallback ?? 0)] };
    if (!ways || (ways.wrong === 0 && ways.fallback === 0)) return { calls, parts: [move(edge.label, calls)] };
    // Beside keys the flow sends elsewhere, a step not paired with a key may have been one of them: said apart, not as the flow's key.
    const flowWay = ways.wrong > 0 ? [move(edge.label, ways.flow), move(`${KEY_NOT_KNOWN} (this flow: ${edge.label || 'then'})`, ways.unpaired)] : [move(edge.label, ways.flowOrUnpaired)];
    const parts = [...flowWay, move(keysPressedWays(edge.label, ways.wrongKeys), ways.wrong), move(FALLBACK_WAY, ways.fallback)].filter((part) => part.calls > 0);
    // The flow's own way is said, 0 or not, unless the keys pressed say it ("(this flow: 3)"): the arrow is the flow's.
    return { calls, parts: ways.wrong === 0 && parts[0]?.ways !== edge.label ? [move(edge.label, 0), ...parts] : parts };
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
 * The arrows back into a menu the flow draws none for (the welcome, whose `otherwise` takes a wrong key or none on)
 * along which Twilio's fallback took calls: the menu said again after a request failed (resumeCall). Added to
 * `graph`, so such calls are on the map and its table wherever the menu; returned by "from to".
 */
function addFallbackArrows(graph: FlowGraph, waysOn: Map<string, EdgeWays> | undefined): Set<string> {
  const drawn = new Set(graph.edges.map((edge) => `${edge.from} ${edge.to}`));
  const added = new Set<string>();
  for (const { id, kind } of graph.nodes) {
    const key = `${id} ${id}`;
    if (kind !== 'menu' || drawn.has(key) || !waysOn?.get(key)?.fallback) continue;
    graph.edges.push({ from: id, to: id, label: '' });
    added.add(key);
  }
  return added;
}

/**
 * The keys callers pressed that took them along an arrow the flow's keys do not, most pressed first, and the flow's:
 * "pressed 3 (this flow: 4)". Counted apart from the calls that took it the flow's way: the flow's key alone would
 * say they pressed what they did not.
 */
function keysPressedWays(label: string, keys: Map<string, number>): string {
  // A key as a phone has them; anything else a record holds is not drawn on the map as it is.
  const pressed = [...new Set([...keys].sort((a, b) => b[1] - a[1]).map(([key]) => (/^[0-9*#]{1,8}$|^none$/.test(key) ? keyWords(key) : 'another key')))];
  return `pressed ${pressed.join(', ')} (this flow: ${label || 'then'})`;
}

/** The calls along an arrow beside keys the flow sends elsewhere whose record does not pair the step with a key (menuChoices). */
const KEY_NOT_KNOWN = 'key not known';

/**
 * The calls Twilio's fallback took along an arrow (a menu said again after a request failed, the caller's key
 * lost): no key of theirs, said so on the arrow back into the menu (drawn for them where the flow has none:
 * addFallbackArrows), and counted apart from those who pressed one.
 */
export const FALLBACK_WAY = "a request failed, Twilio's fallback";

/** The calls along an SMS offer's arrow that the records say were offered it. */
const OFFERED = 'offered';

/**
 * A box's calls in words, as its last lines on the map: "3 calls, 1 ended here". An SMS offer box says the offers
 * made, and the calls that passed it otherwise, a line each, then the calls that ended there on a line of their own
 * (as one line, the box was twice as wide as the others): "2 offered the SMS", "1 not offered", "1 ended here";
 * "(perhaps before hearing it)" after "1 of them ended before answering" on a line of its own too.
 */
function boxWords(box: BoxTraffic): string[] {
  const { ended, gaveUp } = box;
  // The calls that hung up here are some of those that ended here: said as part of them, not as more calls.
  const hungUp = !gaveUp ? '' : gaveUp === ended ? ', hung up before pressing a key' : `, ${grouped(gaveUp)} of them hung up before pressing a key`;
  const endedHere = ended ? [`${grouped(ended)} ended here${hungUp}`] : [];
  const offers = offerWords(box)?.flatMap((words) => (words.endsWith(` ${PERHAPS_UNHEARD}`) ? [words.slice(0, -PERHAPS_UNHEARD.length - 1), PERHAPS_UNHEARD] : [words]));
  return offers ? [...offers, ...endedHere] : [[counted(box.passed, 'call'), ...endedHere].join(', ')];
}

/**
 * The calls that passed an SMS offer box that any call reached, in words, for the map and its table alike: the
 * offers made, those of them whose call ended before answering (if any), the calls not offered, and those the
 * records cannot place (if any): "2 offered the SMS", "1 not offered". Undefined for any other box, and an offer's
 * that no call reached: it has its calls, 0, as any box.
 */
export function offerWords({ passed, offers }: Pick<BoxTraffic, 'passed' | 'offers'>): string[] | undefined {
  if (!offers || passed === 0) return undefined;
  const unplaced = passed - offers.offered - offers.unanswered - offers.notOffered;
  return [
    // Every offer made, those whose call ended before answering among them: the totals' offers add up to it.
    `${grouped(offers.offered + offers.unanswered)} offered the SMS`,
    ...(offers.unanswered > 0 ? [`${grouped(offers.unanswered)} of them ${ENDED_BEFORE_ANSWERING} ${PERHAPS_UNHEARD}`] : []),
    `${grouped(offers.notOffered)} ${NOT_OFFERED}`,
    ...(unplaced > 0 ? [`${grouped(unplaced)} ${OFFER_NOT_KNOWN}`] : []),
  ];
}
