import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_FILE } from '../../src/config/settings';
import { renderSvg } from '../../src/diagram/svg';
import { drawFlow, type DiagramEdge, type DiagramNode, type DiagramNodeKind, type FlowGraph } from '../../src/diagram';
import { loadFlowFile } from '../../src/flow/load';
import { distanceToOutline, edgesThroughLabels, edgesThroughNodes, readMap, type DrawnMap } from './svgGeometry';

// The SVG map is read the way a person follows it: along each line from one
// box to the next. A line drawn through another box (or another edge's label)
// looks like it leads there, so no line may cross a box or label that is not
// its own; each line starts on its source's outline, its arrowhead sits on its
// target's outline, and its label is on it. Checked on the picture itself
// (the SVG's shapes and path data, curves sampled), for the shipped flow and
// for a bigger generated one.

const flow = loadFlowFile(DEFAULT_FLOW_FILE);

function expectReadable(map: DrawnMap): void {
  expect(map.edges.length).toBeGreaterThan(0);
  expect(edgesThroughNodes(map)).toEqual([]);
  expect(edgesThroughLabels(map)).toEqual([]);
  const nodes = new Map(map.nodes.map((node) => [node.id, node]));
  const misplaced: string[] = [];
  for (const edge of map.edges) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    const first = edge.samples[0];
    const last = edge.samples[edge.samples.length - 1];
    if (!from || !to || !first || !last) throw new Error(`edge ${edge.from} → ${edge.to} has no ends or no line`);
    if (distanceToOutline(first, from) > 1.5) misplaced.push(`${edge.from} → ${edge.to} starts off ${edge.from}'s outline`);
    if (distanceToOutline(last, to) > 1.5) misplaced.push(`${edge.from} → ${edge.to} ends off ${edge.to}'s outline`);
    const label = edge.label;
    // A line runs through its label; a loop's label sits just beside the loop.
    if (label && !edge.samples.some((p) => Math.max(label.left - p.x, p.x - label.right, label.top - p.y, p.y - label.bottom) <= 8)) {
      misplaced.push(`${edge.from} → ${edge.to} is far from its label`);
    }
  }
  expect(misplaced).toEqual([]);
}

describe('the SVG map of the shipped flow', () => {
  it('draws no line through a box or label that is not its own, with both lines on one map', () => {
    expectReadable(readMap(drawFlow(flow, 'svg')));
  });

  it.each(Object.keys(flow.lines))('and on the map of the %s line alone', (line) => {
    expectReadable(readMap(drawFlow(flow, 'svg', { lines: [line] })));
  });
});

describe('the SVG map of a bigger flow', () => {
  it('still draws no line through another box or label, back edges and loops included', () => {
    const graph = generatedFlow(20260);
    const map = readMap(renderSvg(graph, { title: 'generated flow' }));
    expect(map.nodes.length).toBeGreaterThan(50);
    expectReadable(map);
  });
});

/**
 * A made-up menu tree much bigger than the shipped one: menus with many keys,
 * "*" back to the menu above, repeat loops, retries that end at a shared
 * goodbye, hours checks and transfers shared across branches (so edges cross
 * many rows, up and down). Seeded, so every run draws the same picture.
 */
function generatedFlow(seed: number): FlowGraph {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const add = (id: string, kind: DiagramNodeKind, text: string): string => {
    nodes.push({ id, kind, label: [id, text], fullText: text });
    return id;
  };
  const link = (from: string, to: string, label: string) => {
    const same = edges.find((e) => e.from === from && e.to === to);
    if (same) same.label = [same.label, label].filter(Boolean).join(', ');
    else edges.push({ from, to, label });
  };
  add('line:main', 'line', '+390200000000');
  const goodbye = add('goodbye', 'hangup', 'Arrivederci.');
  const shared = [add('hours-a', 'hours', 'open Mon–Fri 09:00–17:00?'), add('hours-b', 'hours', 'open Sat 09:00–13:00?')];
  const operators = [add('operator-a', 'dial', 'transfer to desk A'), add('operator-b', 'dial', 'transfer to desk B')];
  const closed = add('closed', 'say', 'We are closed now.');
  const sms = add('sms', 'sms-offer', 'Want a link by SMS?');
  link(closed, sms, '');
  link(sms, goodbye, '1: SMS, or none');
  shared.forEach((hours, i) => {
    link(hours, operators[i] as string, 'open');
    link(hours, closed, 'closed, holiday');
  });
  for (const operator of operators) link(operator, closed, 'busy / no answer / failed');

  const menu = (id: string, depth: number, parent: string | undefined) => {
    add(id, 'menu', `menu at depth ${depth}, press a key`);
    link(id, id, '*, none / wrong: repeat');
    link(id, goodbye, '3 failed tries');
    if (parent) link(id, parent, '#');
    const keys = 4 + random(4);
    for (let key = 1; key <= keys; key++) {
      const child = `${id}-${key}`;
      if (depth < 2 && key <= 3) {
        link(id, child, String(key));
        menu(child, depth + 1, id);
      } else {
        add(child, 'say', `information for key ${key}`);
        link(id, child, String(key));
        const next = random(4);
        if (next === 0) link(child, id, '');
        else if (next === 1) link(child, goodbye, '');
        else link(child, shared[random(shared.length)] as string, '');
      }
    }
  };
  menu('main-menu', 0, undefined);
  link('line:main', 'main-menu', '');
  return { nodes, edges };
}
