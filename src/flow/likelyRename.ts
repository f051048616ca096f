import type { Flow } from './schema';
import { successors } from './successors';

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
