import type { Flow, FlowNode } from '../flow/schema';
import { closestNames } from '../flow/closestName';
import { successors } from '../flow/successors';
import { renamedNodes, type Renames } from '../diff/renamedNodes';
import { flowAtHead } from '../replay/flowAtHead';

// A node id of `expect.path` the flow lacks was most often renamed. Its name
// says little of the new one ("closed" is in six ids of the menu, and
// "consumer-closed" is only one of them); two things say more. The flow file
// as last committed, when it still has the old id: `ivr diff`'s rename
// finding (renamedNodes.ts) then names the new id for certain. Else the route
// itself: the node renamed sits where the old one sat, after the node before
// it in the path and before the node after it, and few nodes do.

/** The id `id` was renamed to since `flowFile` (whose flow is `flow`) was last committed, and how to say so; undefined when git does not say. */
export function renamedSinceHead(id: string, flow: Flow, flowFile: string): string | undefined {
  const head = renamesSinceHead(flow, flowFile);
  const now = head?.renames.get(id);
  return now === undefined ? undefined : `use "${now}" (${head?.label} calls it "${id}": it was renamed since)`;
}

/**
 * The renames since the flow file at git HEAD, found once per flow and file in one `ivr test` run: a rename leaves its old id in many
 * scenarios' paths, and each asked git for the file and checked it again.
 */
const sinceHead = new WeakMap<Flow, Map<string, { renames: Renames; label: string } | undefined>>();

function renamesSinceHead(flow: Flow, flowFile: string): { renames: Renames; label: string } | undefined {
  let byFile = sinceHead.get(flow);
  if (!byFile) sinceHead.set(flow, (byFile = new Map()));
  if (!byFile.has(flowFile)) {
    const head = flowAtHead(flowFile, flow);
    byFile.set(flowFile, 'why' in head || head.flow === flow ? undefined : { renames: renamedNodes(head.flow, flow), label: head.label });
  }
  return byFile.get(flowFile);
}

/** How many nodes in the old one's place are worth offering on that alone: more, and its name must narrow them. */
const FEW_IN_PLACE = 3;

/**
 * The nodes that stand where `id` stood in `path` (each time it is there): led to from the node before it, and
 * leading to the node after it, as the flow is now; narrowed by the name (the ids that hold it whole, else the
 * closest spelling), and offered on their place alone only when few. With how to say so, or undefined when the route says nothing.
 */
export function inItsPlace(id: string, path: readonly string[], flow: Flow): { ids: string[]; why: string } | undefined {
  const places = path.flatMap((node, i) => (node === id ? [{ before: known(path[i - 1], flow), after: known(path[i + 1], flow) }] : []));
  const told = places.filter((place) => place.before !== undefined || place.after !== undefined);
  if (told.length === 0) return undefined;
  const fits = Object.keys(flow.nodes).filter((candidate) =>
    told.every(({ before, after }) => (before === undefined || successors(flow.nodes[before] as FlowNode).includes(candidate)) && (after === undefined || successors(flow.nodes[candidate] as FlowNode).includes(after))),
  );
  if (fits.length === 0) return undefined;
  const place = placeWords(told[0] as (typeof told)[number]);
  const held = holdingWhole(id, fits);
  if (held.length > 0) return { ids: held, why: `${nodes(held.length)} ${place} on this route, ${held.length === 1 ? 'whose id holds' : 'whose ids hold'} "${id}"` };
  const closest = closestNames(id, fits);
  if (closest.length > 0) return { ids: closest, why: `the closest name of the nodes ${place} on this route` };
  return fits.length <= FEW_IN_PLACE ? { ids: fits, why: `${nodes(fits.length)} ${place} on this route` } : undefined;
}

/** The ids that hold `id` whole, a part more at a dash: "consumer-operator-hour" is a typo of "consumer-operator-hours", not a rename. */
export function holdingWhole(id: string, nodeIds: readonly string[]): string[] {
  return nodeIds.filter((nodeId) => nodeId.startsWith(`${id}-`) || nodeId.endsWith(`-${id}`) || nodeId.includes(`-${id}-`));
}

/** `node` when the flow has it: a neighbour the flow lacks (renamed too) says nothing of the place. */
function known(node: string | undefined, flow: Flow): string | undefined {
  return node !== undefined && Object.hasOwn(flow.nodes, node) ? node : undefined;
}

function nodes(count: number): string {
  return count === 1 ? 'the node' : 'the nodes';
}

function placeWords({ before, after }: { before?: string | undefined; after?: string | undefined }): string {
  if (before !== undefined && after !== undefined) return `between "${before}" and "${after}"`;
  return before !== undefined ? `after "${before}"` : `before "${after}"`;
}
