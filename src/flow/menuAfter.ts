import type { Flow } from './schema';

// An answer may be a message whose keys come after it, past an hours check
// (consumer-complaints, consumer-complaints-hours, then
// consumer-complaints-options): what a caller going to it is asked is that
// menu. The open branch is followed, as a menu's keys are told while open.

/** The menu a caller going to node `id` is asked at next: `id` itself, or the one after its messages and hours checks (open); undefined when none comes first (a transfer, a goodbye, an SMS offer). */
export function menuAfter(flow: Flow, id: string): string | undefined {
  for (let hops = 0; hops < 10; hops++) {
    const node = flow.nodes[id];
    if (node?.type === 'menu') return id;
    if (node?.type === 'say') id = node.next;
    else if (node?.type === 'hours') id = node.open;
    else return undefined;
  }
  return undefined;
}
