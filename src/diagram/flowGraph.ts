import type { Flow, FlowNode } from '../flow/schema';
import { dialLabel, hoursLabel, promptSnippet, promptText } from './nodeLabels';

// A flow as a graph to draw: one node per flow node plus one entry node per
// line, and one labelled edge per way the call can move between two nodes.
// Both the Mermaid text and the SVG are drawn from this, so they never differ.

export type DiagramNodeKind = 'line' | 'menu' | 'say' | 'hours' | 'sms-offer' | 'dial' | 'hangup';

export interface DiagramNode {
  /** The flow's node id, or `line:<name>` for a line's entry. */
  id: string;
  kind: DiagramNodeKind;
  /** Short lines of text drawn in the node: its id, then what it says or does. */
  label: string[];
  /** The node's whole prompt, for a tooltip. */
  fullText: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** Keys and outcomes that take this edge, e.g. "1 → en, none / other"; empty for "then". */
  label: string;
}

export interface FlowGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export interface FlowGraphOptions {
  /** Lines to draw (default: all), each with the nodes its calls can reach. */
  lines?: string[];
  /** Language of the prompt snippets (default: the flow's default language). */
  language?: string;
}

export const lineNodeId = (line: string): string => `line:${line}`;

export function flowGraph(flow: Flow, options: FlowGraphOptions = {}): FlowGraph {
  const language = options.language ?? flow.defaultLanguage;
  const lines = options.lines ?? Object.keys(flow.lines);
  const nodes: DiagramNode[] = [];
  const edges = new EdgeList();
  const seen = new Set<string>();

  for (const name of lines) {
    const line = flow.lines[name];
    if (!line) throw new Error(`line "${name}" is not in the flow; it has: ${Object.keys(flow.lines).join(', ')}`);
    nodes.push({ id: lineNodeId(name), kind: 'line', label: [`${name} line`, line.number], fullText: line.description ?? line.number });
    edges.add(lineNodeId(name), line.start, '');
    // Depth-first from the line's start, so nodes appear in the order a caller meets them.
    const stack = [line.start];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = flow.nodes[id];
      if (!node) continue; // the flow checks refuse dangling references at load
      nodes.push(describeNode(flow, id, node, language));
      const out = exits(id, node, flow);
      for (const exit of out) edges.add(id, exit.to, exit.label);
      for (const exit of [...out].reverse()) stack.push(exit.to);
    }
  }
  return { nodes, edges: edges.list() };
}

function describeNode(flow: Flow, id: string, node: FlowNode, language: string): DiagramNode {
  switch (node.type) {
    case 'menu':
      // A menu with an intro is known by what it tells the caller, not by its "press 2" tail.
      return { id, kind: 'menu', label: [id, ...promptSnippet(node.intro ?? node.prompt, language)], fullText: promptText([...(node.intro ?? []), ...node.prompt], language) };
    case 'say':
      return { id, kind: 'say', label: [id, ...promptSnippet(node.prompt, language)], fullText: promptText(node.prompt, language) };
    case 'hours': {
      const label = hoursLabel(flow.hours);
      return { id, kind: 'hours', label: [id, ...label], fullText: `${label.join(' ')} Closed on ${flow.hours.holidays.country} public holidays and closure dates.` };
    }
    case 'dial': {
      const label = dialLabel(node.destination);
      return { id, kind: 'dial', label: [id, ...label], fullText: [node.prompt ? promptText(node.prompt, language) : '', `(${label.join(' ')})`].join(' ').trim() };
    }
    case 'sms-offer':
      return { id, kind: 'sms-offer', label: [id, ...promptSnippet(node.offer, language)], fullText: promptText(node.offer, language) };
    case 'hangup':
      return {
        id,
        kind: 'hangup',
        label: [id, ...(node.prompt ? promptSnippet(node.prompt, language) : ['hang up'])],
        fullText: node.prompt ? promptText(node.prompt, language) : 'hang up',
      };
  }
}

interface Exit {
  to: string;
  label: string;
}

/** Where a node can send the call, labelled with what takes it there (the engine's rules, as pictures). */
function exits(id: string, node: FlowNode, flow: Flow): Exit[] {
  switch (node.type) {
    case 'menu': {
      const out: Exit[] = node.options.map((option) => ({
        to: option.next,
        label: option.language && option.language in flow.languages ? `${option.key} → ${option.language}` : option.key,
      }));
      if (node.otherwise) out.push({ to: node.otherwise, label: 'none / other' });
      if (node.retry) {
        out.push({ to: id, label: 'none / wrong: repeat' });
        out.push({ to: node.retry.exhausted, label: `${node.retry.maxAttempts} failed tries` });
      }
      return out;
    }
    case 'say':
      return [{ to: node.next, label: '' }];
    case 'hours':
      return [
        { to: node.open, label: 'open' },
        { to: node.closed, label: 'closed' },
        { to: node.holiday, label: 'holiday' },
      ];
    case 'sms-offer':
      // Offered only to mobile callers; with the key the SMS is sent first, then the call goes on all the same.
      return [{ to: node.next, label: `${node.key}: SMS, or none` }];
    case 'dial':
      return [{ to: node.onFailure, label: 'busy / no answer / failed' }];
    case 'hangup':
      return [];
  }
}

/** Edges keyed by (from, to): two ways between the same nodes become one edge with both labels. */
class EdgeList {
  private readonly byPair = new Map<string, { from: string; to: string; labels: string[] }>();

  add(from: string, to: string, label: string): void {
    const key = `${from}\u0000${to}`;
    const edge = this.byPair.get(key) ?? { from, to, labels: [] };
    if (label && !edge.labels.includes(label)) edge.labels.push(label);
    this.byPair.set(key, edge);
  }

  list(): DiagramEdge[] {
    return [...this.byPair.values()].map(({ from, to, labels }) => ({ from, to, label: labels.join(', ') }));
  }
}
