import type { PageEvent } from './callSession';

// The engine enters every node of an answer before Twilio says a word of it:
// a holiday call passes merchant-holiday-closed and goodbye in one request,
// and the simulator's events for that request (its <Say>s) come after. This
// puts each node's marker where its words begin, so the transcript reads in
// call order: "At merchant-holiday-closed", the holiday message, "At goodbye",
// the goodbye. The engine's trace says how many sentences of the answer come
// before each node (`said`), and each sentence is one <Say>.

export interface EnteredNode {
  node: string;
  from?: string;
  /** Sentences of the answer said before this node's own. */
  said: number;
}

export interface NodeMarkers {
  /** The events of the call, in the order the simulator tells them; markers are added before the events they belong to. */
  push(event: PageEvent): void;
  /** The nodes the app entered answering the request whose `request` event comes next. */
  entered(nodes: EnteredNode[]): void;
}

export function nodeMarkers(push: (event: PageEvent) => void): NodeMarkers {
  let pending: EnteredNode[] = [];
  let next: EnteredNode[] = [];
  let says = 0;
  const flush = (at: number, upTo: number) => {
    while (pending.length > 0 && (pending[0] as EnteredNode).said <= upTo) {
      const { node, from } = pending.shift() as EnteredNode;
      push(from === undefined ? { type: 'node', at, node } : { type: 'node', at, node, from });
    }
  };
  return {
    entered(nodes) {
      next = nodes;
    },
    push(event) {
      if (event.type === 'request') {
        // A node the last answer never got to (it said less than the trace counted) still shows, before the next request.
        flush(event.at, Number.POSITIVE_INFINITY);
        push(event);
        pending = next;
        next = [];
        says = 0;
        return;
      }
      // A node whose words begin here (or that says nothing, after the last of the words before it).
      flush(event.at, says);
      if (event.type === 'say') says++;
      // The call is over: a node left (its words never said) still shows where the call went.
      if (event.type === 'end') flush(event.at, Number.POSITIVE_INFINITY);
      push(event);
    },
  };
}
