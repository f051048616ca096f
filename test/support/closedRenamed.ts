import { readFileSync } from 'node:fs';
import { FIXED_FLOW_FILE } from './fixedMenu';

/** The fixed menu's text with node `closed` renamed `consumer-closed`: its key under "nodes" and every reference (a value "closed"). */
export function fixedMenuWithClosedRenamed(): string {
  const flow = JSON.parse(readFileSync(FIXED_FLOW_FILE, 'utf8')) as { nodes: Record<string, unknown> };
  if (!Object.hasOwn(flow.nodes, 'closed')) throw new Error('the fixed menu no longer has node "closed"');
  flow.nodes = Object.fromEntries(Object.entries(flow.nodes).map(([id, node]) => [id === 'closed' ? 'consumer-closed' : id, node]));
  // An hours node's field "closed" is a key, and stays.
  return JSON.stringify(flow, (_key, value: unknown) => (value === 'closed' ? 'consumer-closed' : value), 2);
}
