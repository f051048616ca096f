import type { Flow, FlowNode } from './schema';
import type { FlowProblem } from './problem';
import { isExit, MOST_NODES_WITHOUT_ASKING, silentSuccessors, successors } from './successors';

// Checks on the paths a call can take, beyond single references: menus a
// caller can never leave, loops that never ask anything, silence that goes
// round for ever, failed transfers that lead back to a transfer. Each would be
// a stuck or endless call, found here at load.

const nodeAt = (flow: Flow, id: string): FlowNode | undefined => (Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined);

export function checkPaths(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const trapped = menusWithoutExit(flow);
  for (const id of trapped) {
    problems.push({
      path: `nodes.${id}`,
      message: `menu "${id}" has no exit: no key, silence or retry ever leads to a transfer or the end of the call`,
      fix: 'point an option, "otherwise" or "retry.exhausted" at a dial or hangup node (directly or through other nodes)',
    });
  }
  for (const cycle of silentCycles(flow)) {
    const round = [...cycle, cycle[0]].map((id) => `"${id}"`).join(' → ');
    if (cycle.some((id) => trapped.includes(id))) continue; // already reported as having no exit
    const asks = cycle.some((id) => nodeAt(flow, id)?.type === 'menu' || nodeAt(flow, id)?.type === 'sms-offer');
    problems.push(
      asks
        ? {
            path: `nodes.${cycle[0]}`,
            message: `a caller who presses nothing goes round ${round} for ever`,
            fix: 'let silence end: give a menu on this round a "retry" whose "exhausted" leads to a dial or hangup node',
          }
        : {
            path: `nodes.${cycle[0]}`,
            message: `${round} pass the call round in a loop without asking the caller anything`,
            fix: 'break the loop: point one of these nodes at a menu, dial or hangup node',
          },
    );
  }
  for (const chain of chainsTooLong(flow)) {
    const [first, last] = [chain[0] as string, chain.at(-1) as string];
    problems.push({
      path: `nodes.${first}`,
      message: `a call goes through ${chain.length} nodes in a row without asking the caller anything, "${first}" first and "${last}" last: the app follows at most ${MOST_NODES_WITHOUT_ASKING - 1} such nodes in one go, so every caller there would hear the apology (errorPrompt) and be hung up on`,
      fix: `shorten the chain to at most ${MOST_NODES_WITHOUT_ASKING - 1} nodes: join say nodes into one (a prompt holds several sentences), or put a menu on the way`,
    });
  }
  for (const cycle of failingDialCycles(flow)) {
    const dial = cycle[0] as string;
    const round = [...cycle, dial].map((id) => `"${id}"`).join(' → ');
    problems.push({
      path: `nodes.${dial}.onFailure`,
      message: `when the transfer at "${dial}" fails (busy, no answer), ${round} lead${cycle.length === 1 ? 's' : ''} back to a transfer without asking the caller anything: a caller whose every transfer fails is dialled round for ever`,
      fix: `point "onFailure" of "${dial}" at a node that ends the call (a hangup, or a say leading to one) or at a menu that lets the caller choose`,
    });
  }
  return problems;
}

/**
 * Rounds a failed transfer makes back to a transfer with no caller input on
 * the way: each dial's onFailure followed through say, hours (any branch) and
 * sms-offer nodes (passed over once the SMS is sent, or for a landline). Each
 * cycle is given from one of its dials, once.
 */
function failingDialCycles(flow: Flow): string[][] {
  const cycles: string[][] = [];
  const reported = new Set<string>();
  const passOn = (node: FlowNode): string[] => (node.type === 'dial' ? [node.onFailure] : node.type === 'menu' ? [] : successors(node));
  for (const [start, node] of Object.entries(flow.nodes)) {
    if (node.type !== 'dial' || reported.has(start)) continue;
    // Breadth first from the dial's onFailure, keeping the way back for the message.
    const cameFrom = new Map<string, string>([[node.onFailure, start]]);
    const queue = [node.onFailure];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      if (id === start) {
        const round: string[] = [];
        for (let at = cameFrom.get(start) as string; at !== start; at = cameFrom.get(at) as string) round.unshift(at);
        const cycle = [start, ...round];
        if (!cycle.some((c) => reported.has(c))) cycles.push(cycle);
        for (const c of cycle) reported.add(c);
        break;
      }
      const next = nodeAt(flow, id);
      if (!next) continue;
      for (const n of passOn(next)) {
        if (!cameFrom.has(n)) {
          cameFrom.set(n, id);
          queue.push(n);
        }
      }
    }
  }
  return cycles;
}

/**
 * The longest runs of say, hours and sms-offer nodes (which lead on without waiting for the caller, an SMS offer
 * when it is not made) that the engine would give up on: each from a node no other such node leads to, where an
 * answer starts. Loops among them are reported as loops (silentCycles), and cut here.
 */
function chainsTooLong(flow: Flow): string[][] {
  const passesOn = (id: string): FlowNode | undefined => {
    const node = nodeAt(flow, id);
    return node && (node.type === 'say' || node.type === 'hours' || node.type === 'sms-offer') ? node : undefined;
  };
  const longest = new Map<string, string[]>();
  const onPath = new Set<string>();
  const chainFrom = (id: string): string[] => {
    const known = longest.get(id);
    if (known) return known;
    const node = passesOn(id);
    if (!node || onPath.has(id)) return [];
    onPath.add(id);
    const after = successors(node).map(chainFrom).reduce((a, b) => (b.length > a.length ? b : a), []);
    onPath.delete(id);
    const chain = [id, ...after];
    longest.set(id, chain);
    return chain;
  };
  const ledTo = new Set(Object.keys(flow.nodes).flatMap((id) => (passesOn(id) ? successors(flow.nodes[id] as FlowNode) : [])));
  return Object.keys(flow.nodes)
    .filter((id) => passesOn(id) && !ledTo.has(id))
    .map(chainFrom)
    .filter((chain) => chain.length >= MOST_NODES_WITHOUT_ASKING);
}

/** Menus from which no path, whatever the caller does, reaches a dial or a hangup. */
function menusWithoutExit(flow: Flow): string[] {
  const canLeave = new Set(Object.keys(flow.nodes).filter((id) => isExit(flow.nodes[id] as FlowNode)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (!canLeave.has(id) && successors(node).some((next) => canLeave.has(next))) {
        canLeave.add(id);
        grew = true;
      }
    }
  }
  return Object.keys(flow.nodes).filter((id) => flow.nodes[id]?.type === 'menu' && !canLeave.has(id));
}

/** The cycles of the silent-caller graph (one per loop found), as node ids in the order a call goes round them. */
function silentCycles(flow: Flow): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (id: string) => {
    const node = nodeAt(flow, id);
    if (!node || done.has(id)) return;
    const at = onPath.indexOf(id);
    if (at >= 0) {
      cycles.push(onPath.slice(at));
      return;
    }
    onPath.push(id);
    for (const next of silentSuccessors(node)) visit(next);
    onPath.pop();
    done.add(id);
  };
  for (const id of Object.keys(flow.nodes)) visit(id);
  return cycles;
}
