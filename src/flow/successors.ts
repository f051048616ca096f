import type { FlowNode } from './schema';

// The edges of the flow graph, read by the checks, coverage and exploration tools.

/** Node ids that a node can lead to, whatever the caller does. */
export function successors(node: FlowNode): string[] {
  switch (node.type) {
    case 'say':
      return [node.next];
    case 'hangup':
      return [];
    case 'sms-offer':
      return [node.next];
    case 'hours':
      return [node.open, node.closed, node.holiday];
    case 'dial':
      return [node.onFailure];
    case 'menu':
      return [
        ...node.options.map((o) => o.next),
        ...(node.otherwise ? [node.otherwise] : []),
        ...(node.retry ? [node.retry.exhausted] : []),
      ];
  }
}

/**
 * Every node a call begun at `starts` can reach (ids the flow lacks are left out); `meant` reads each
 * reference, e.g. as the node a misspelt one is most likely of.
 */
export function reachableFrom(nodes: Record<string, FlowNode>, starts: string[], meant: (id: string) => string = (id) => id): Set<string> {
  const reached = new Set<string>();
  const queue = starts.map(meant);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id) || !Object.hasOwn(nodes, id)) continue;
    reached.add(id);
    queue.push(...successors(nodes[id] as FlowNode).map(meant));
  }
  return reached;
}

/** Where a node leads a caller who presses nothing; [] where the call is connected or ends. */
export function silentSuccessors(node: FlowNode): string[] {
  switch (node.type) {
    case 'dial':
    case 'hangup':
      return [];
    case 'menu':
      return node.otherwise ? [node.otherwise] : node.retry ? [node.retry.exhausted] : [];
    default:
      return successors(node);
  }
}

/** A dial connects the caller and a hangup ends the call: the two ways out of a menu. */
export function isExit(node: FlowNode): boolean {
  return node.type === 'dial' || node.type === 'hangup';
}

/**
 * The most nodes an answer to Twilio passes through without asking the caller anything (say and hours nodes,
 * an SMS offer not made, a refused transfer) before it stops with an error: more than that in a row is taken
 * for a loop. The checks refuse a flow whose chain of such nodes is that long (checkPaths.ts).
 */
export const MOST_NODES_WITHOUT_ASKING = 25;
