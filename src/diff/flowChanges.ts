// What changed in the flow file itself, by JSON path: nodes, keys, prompts,
// destinations, hours and closures added, removed or changed. Lists whose
// items have a natural name are compared by it (menu options by key, closures
// by date), so moving one option is one change, not a shifted list. A
// renamed node (renamedNodes.ts) is one change, with its references.

import type { Flow } from '../flow/schema';
import { referenceCount, withNodesRenamed, type Renames } from './renamedNodes';
import { isJsonObject } from '../flow/jsonObject';

export interface FlowChange {
  /** JSON path in the flow, e.g. nodes.consumer-menu.options[key=3].next; for a renamed node, its path under the new id. */
  path: string;
  change: 'added' | 'removed' | 'changed' | 'renamed';
  /** The old value; for a renamed node, its old id. */
  before?: unknown;
  /** The new value; for a renamed node, its new id. */
  after?: unknown;
  /** For a renamed node: how many places of the new flow point at it (each changed with the id, and not listed apart). */
  references?: number;
}

/** Fields that change nothing a caller hears. */
const IGNORED = new Set(['$schema', 'source', 'description', 'note']);

/**
 * The changes from `before` to `after`, two flow files' JSON as written: a value the editor left out is not
 * shown as the default the schema gives it (an added menu's "timeoutSeconds":5 that no one wrote). A node in `renames` is one change, "renamed", and the old flow is
 * then compared as if written with the new id: its references that follow the rename are not changes of
 * their own, and what else changed in the node shows under its new id.
 */
export function flowChanges(before: unknown, after: unknown, afterFlow: Flow, renames: Renames = new Map()): FlowChange[] {
  const changes: FlowChange[] = [...renames].map(([old, now]) => ({ path: `nodes.${now}`, change: 'renamed' as const, before: old, after: now, references: referenceCount(afterFlow, now) }));
  const found: FlowChange[] = [];
  // The written flow passed the schema (it was parsed to `afterFlow`'s kind), so its nodes have the fields renaming follows.
  compare('', withNodesRenamed(before as Flow, renames), after, found);
  // A reference moved off a renamed node shows the id the old file wrote ("goodbye" -> "closed"), not the new one.
  const oldIds = new Map([...renames].map(([old, now]) => [now, old]));
  const oldId = (change: FlowChange) => (REFERENCE.test(change.path) && typeof change.before === 'string' ? oldIds.get(change.before) : undefined);
  return [...changes, ...found.map((change) => (oldId(change) ? { ...change, before: oldId(change) } : change))];
}

/** The paths whose value names a node: a line's start and each field of a node that leads to another. */
const REFERENCE = /^(lines\.[^.]+\.start|nodes\..*\.(next|open|closed|holiday|onFailure|otherwise|exhausted))$/;

function compare(path: string, a: unknown, b: unknown, out: FlowChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, change: 'added', after: b });
  if (b === undefined) return void out.push({ path, change: 'removed', before: a });
  if (Array.isArray(a) && Array.isArray(b)) {
    const name = itemName(a) ?? itemName(b);
    // An empty list names its items as the other does: the first closures added to "[]" are listed one by one.
    const named = (items: unknown[]) => items.length === 0 || itemName(items) === name;
    if (name && named(a) && named(b)) return compareNamed(path, name, a, b, out);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, change: 'changed', before: a, after: b });
    return;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (IGNORED.has(key)) continue;
      compare(path ? `${path}.${key}` : key, a[key], b[key], out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, change: 'changed', before: a, after: b });
}

function compareNamed(path: string, name: string, a: unknown[], b: unknown[], out: FlowChange[]): void {
  const byName = (items: unknown[]) => new Map(items.map((item) => [String((item as Record<string, unknown>)[name]), item]));
  const [olds, news] = [byName(a), byName(b)];
  for (const id of new Set([...olds.keys(), ...news.keys()])) compare(`${path}[${name}=${id}]`, olds.get(id), news.get(id), out);
}

/** The field that names every item of a list, if there is one: `key` (menu options) or `date` (closures). */
function itemName(items: unknown[]): string | undefined {
  for (const name of ['key', 'date']) {
    if (items.length > 0 && items.every((item) => isJsonObject(item) && typeof item[name] === 'string')) {
      if (new Set(items.map((item) => (item as Record<string, unknown>)[name])).size === items.length) return name;
    }
  }
  return undefined;
}
