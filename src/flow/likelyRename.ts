import type { Flow } from './schema';
import { closestNames } from './closestName';
import { reachableFrom, successors } from './successors';

// A node renamed in "nodes" whose references still name the old id (a
// rename done halfway) shows as every reference to a node that does not
// exist, and one node no reference points at. Each on its own reads as "add
// the node" and "delete this one", the two fixes that would lose the node.
// Seen together, they are one rename, said once.

/** The rename a flow looks half done with: the one id references name that no node has, and the one node nothing points at. */
export function likelyRename(flow: Flow, missing: ReadonlySet<string>): { from: string; to: string } | undefined {
  if (missing.size !== 1) return undefined;
  const pointedAt = new Set(Object.values(flow.lines).map((line) => line.start));
  // A node's reference to itself (a menu that repeats) does not bring a call to it.
  for (const [id, node] of Object.entries(flow.nodes)) for (const next of successors(node)) if (next !== id) pointedAt.add(next);
  const unpointed = Object.keys(flow.nodes).filter((id) => !pointedAt.has(id));
  if (unpointed.length !== 1) return undefined;
  return { from: [...missing][0] as string, to: unpointed[0] as string };
}

/**
 * Whether a half-done rename explains the id references name better than the typo guess `typoOf`, the one node
 * whose name is close to it. A real typo is of a node the call was meant to reach, and says nothing of the node
 * nothing points at; the rename accounts for both at once. So the rename wins when the node guessed is one calls
 * reach with the rename followed (already, or through the renamed node), and either the renamed node's name is
 * close to the old id too (it holds it, or is a few letters off: "consumer-chat", renamed "consumer-chat-info",
 * is not a typo of "consumer-menu"), or the guess is another node named after the old id: "consumer-call-cost",
 * renamed "consumer-cost", is not "consumer-call-cost-hours" (the node that checks its hours), and pointing the
 * references there would drop the renamed node's answer from the menu. A node left over with an unrelated name,
 * beside a reference a few letters off a node, stays a problem of its own, and the typo's fix stands.
 */
export function renameOverTypo(flow: Flow, rename: { from: string; to: string }, typoOf: string): boolean {
  // Both name the renamed node, a few letters off the old id: one of the two spellings is the slip ("ofice-hours"
  // in the references, or "consumer-crad" under "nodes"), and nothing in the flow says which. The typo's fix alone
  // would spread the second; the rename is said once, with both ways out (check.ts).
  if (typoOf === rename.to) return true;
  const reached = reachableFrom(flow.nodes, Object.values(flow.lines).map((line) => line.start), (id) => (id === rename.from ? rename.to : id));
  return reached.has(typoOf) && (closestNames(rename.from, [rename.to]).length > 0 || namedAfter(typoOf, rename.from));
}

/** Whether `id` is `other` with whole parts more, at dashes ("consumer-call-cost-hours" of "consumer-call-cost"): a node of its own. */
function namedAfter(id: string, other: string): boolean {
  return id.startsWith(`${other}-`) || id.endsWith(`-${other}`) || id.includes(`-${other}-`);
}
