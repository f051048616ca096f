import type { Flow, FlowNode } from '../flow/schema';
import { isJsonObject } from '../flow/jsonObject';

// A node's id is the editor's, never the caller's: renaming "goodbye" to
// "farewell" (and every reference with it) changes nothing a caller hears, so
// `ivr diff` must not report it as calls going elsewhere. A node only the old
// flow has is taken as renamed to one only the new flow has when both are of
// the same type and either say and do the same (references to other renamed
// nodes followed), or are pointed at from the same places: the second is a
// rename whose words changed too, which callers notice as the words, not as a
// new route. Where two new nodes would fit one old one, neither is taken.

/** Old id -> new id, for each node the change renamed. */
export type Renames = ReadonlyMap<string, string>;

export function renamedNodes(before: Flow, after: Flow): Map<string, string> {
  const removed = Object.keys(before.nodes).filter((id) => !Object.hasOwn(after.nodes, id));
  const added = Object.keys(after.nodes).filter((id) => !Object.hasOwn(before.nodes, id));
  const renames = new Map<string, string>();
  // Each pass can pair a node whose references name one paired in the pass before.
  for (let found = true; found; ) {
    found = false;
    for (const old of removed) {
      if (renames.has(old)) continue;
      const taken = new Set(renames.values());
      const fitting = added.filter((id) => !taken.has(id) && before.nodes[old]?.type === after.nodes[id]?.type);
      const trying = (id: string) => new Map([...renames, [old, id]]);
      const alike = fitting.filter((id) => sameNode(before.nodes[old] as FlowNode, after.nodes[id] as FlowNode, trying(id)));
      const sameReferrers = fitting.filter((id) => {
        const was = referrers(before, old, trying(id));
        return was.length > 0 && was.join('\n') === referrers(after, id, new Map()).join('\n');
      });
      const pick = alike.length === 1 ? alike[0] : alike.length === 0 && sameReferrers.length === 1 ? sameReferrers[0] : undefined;
      if (pick === undefined) continue;
      renames.set(old, pick);
      found = true;
    }
  }
  return renames;
}

/** `flow` with each renamed node under its new id (in its old place) and every reference to it following. */
export function withNodesRenamed(flow: Flow, renames: Renames): Flow {
  if (renames.size === 0) return flow;
  const rename = (id: string) => renames.get(id) ?? id;
  return {
    ...flow,
    lines: Object.fromEntries(Object.entries(flow.lines).map(([name, line]) => [name, { ...line, start: rename(line.start) }])),
    nodes: Object.fromEntries(Object.entries(flow.nodes).map(([id, node]) => [rename(id), withReferencesRenamed(node, rename)])),
  };
}

/** How many places of `flow` point at node `id`: the references a rename carried along. */
export function referenceCount(flow: Flow, id: string): number {
  return referrers(flow, id, new Map()).length;
}

function sameNode(old: FlowNode, now: FlowNode, renames: Renames): boolean {
  return canonical(withReferencesRenamed(old, (id) => renames.get(id) ?? id)) === canonical(now);
}

/** Where `flow` points at node `id` ("lines.consumer.start", "nodes.menu.options[key=9].next"), the nodes named by their renamed ids; sorted. */
function referrers(flow: Flow, id: string, renames: Renames): string[] {
  const out = Object.entries(flow.lines)
    .filter(([, line]) => line.start === id)
    .map(([name]) => `lines.${name}.start`);
  for (const [from, node] of Object.entries(flow.nodes)) {
    for (const { field, to } of references(node)) if (to === id) out.push(`nodes.${renames.get(from) ?? from}.${field}`);
  }
  return out.sort();
}

/** Each field of `node` that names another node, with the id it names: the edges successors() follows, each by its place. */
function references(node: FlowNode): { field: string; to: string }[] {
  switch (node.type) {
    case 'say':
    case 'sms-offer':
      return [{ field: 'next', to: node.next }];
    case 'hangup':
      return [];
    case 'hours':
      return [
        { field: 'open', to: node.open },
        { field: 'closed', to: node.closed },
        { field: 'holiday', to: node.holiday },
      ];
    case 'dial':
      return [{ field: 'onFailure', to: node.onFailure }];
    case 'menu':
      return [
        ...node.options.map((option) => ({ field: `options[key=${option.key}].next`, to: option.next })),
        ...(node.otherwise ? [{ field: 'otherwise', to: node.otherwise }] : []),
        ...(node.retry ? [{ field: 'retry.exhausted', to: node.retry.exhausted }] : []),
      ];
  }
}

function withReferencesRenamed(node: FlowNode, rename: (id: string) => string): FlowNode {
  switch (node.type) {
    case 'say':
    case 'sms-offer':
      return { ...node, next: rename(node.next) };
    case 'hangup':
      return node;
    case 'hours':
      return { ...node, open: rename(node.open), closed: rename(node.closed), holiday: rename(node.holiday) };
    case 'dial':
      return { ...node, onFailure: rename(node.onFailure) };
    case 'menu':
      return {
        ...node,
        options: node.options.map((option) => ({ ...option, next: rename(option.next) })),
        ...(node.otherwise ? { otherwise: rename(node.otherwise) } : {}),
        ...(node.retry ? { retry: { ...node.retry, exhausted: rename(node.retry.exhausted) } } : {}),
      };
  }
}

/** JSON with every object's keys sorted: two nodes written in another key order are the same node. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isJsonObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
