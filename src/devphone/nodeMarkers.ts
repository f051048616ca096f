import type { PageEvent } from './callSession';
import type { TraceEvent } from '../engine/step';

// The engine enters every node of an answer before Twilio says a word of it:
// a holiday call passes merchant-holiday-closed and goodbye in one request,
// and the simulator's events for that request (its <Say>s) come after. This
// puts each node's marker where its words begin, so the transcript reads in
// call order: "At merchant-holiday-closed", the holiday message, "At goodbye",
// the goodbye. The engine's trace says how many sentences of the answer come
// before each node (`said`), and each sentence is one <Say>. `ivr call` places
// with it why the app went to a node (the hours check, an SMS offer not made),
// at the same place the page shows that node's line.
//
// What the app logs or texts while it answers (a refused transfer, the
// chat-link SMS) happens at the node it was at, but is heard of before the
// request's own event (the simulator tells a request once it is answered).
// Such a note is held with the answer and told after that node's words:
// request, "At consumer-operator", "We are connecting you…", then the error.

export interface EnteredNode {
  node: string;
  from?: string;
  /** Sentences of the answer said before this node's own. */
  said: number;
  /** Why the app took the edge into it, where the caller's keys do not say (the engine's trace `why`). */
  why?: string;
}

/** The node an `enter` of the engine's trace tells of, for `entered`. */
export function enteredNode({ node, from, said, why }: Extract<TraceEvent, { kind: 'enter' }>): EnteredNode {
  return { node, said, ...(from === undefined ? {} : { from }), ...(why === undefined ? {} : { why: why() }) };
}

/** Something the app did while answering: an error it logged, an SMS it sent. */
export type AppNote = Extract<PageEvent, { type: 'app-error' | 'app-sms' }>;

/** A note, with how many of the answer's nodes the engine had entered when the app made it. */
export interface HeldNote {
  note: AppNote;
  after: number;
}

export interface NodeMarkers {
  /** The events of the call, in the order the simulator tells them; markers and notes are added where they belong. */
  push(event: PageEvent): void;
  /** The nodes the app entered, and the notes it made, answering the request whose `request` event comes next (or before the call's `end`). */
  entered(nodes: EnteredNode[], notes?: HeldNote[]): void;
}

// Events that are a node's words: a note made at that node waits until they are told.
const WORDS: ReadonlySet<PageEvent['type']> = new Set(['say', 'play', 'pause']);

export function nodeMarkers(push: (event: PageEvent) => void): NodeMarkers {
  let pending: EnteredNode[] = [];
  let next: EnteredNode[] = [];
  let notes: HeldNote[] = [];
  let nextNotes: HeldNote[] = [];
  let says = 0;
  let told = 0; // nodes of this answer told so far
  // Notes made before the engine entered the node told next (or, all nodes told, before the next event that is no words).
  const tellNotes = (at: number) => {
    while (notes.length > 0 && (notes[0] as HeldNote).after <= told) push({ ...(notes.shift() as HeldNote).note, at });
  };
  const flush = (at: number, upTo: number) => {
    while (pending.length > 0 && (pending[0] as EnteredNode).said <= upTo) {
      tellNotes(at);
      const { node, from, why } = pending.shift() as EnteredNode;
      push({ type: 'node', at, node, ...(from === undefined ? {} : { from }), ...(why === undefined ? {} : { why }) });
      told++;
    }
  };
  const flushAll = (at: number) => {
    flush(at, Number.POSITIVE_INFINITY);
    tellNotes(at);
  };
  return {
    entered(nodes, held = []) {
      next = nodes;
      nextNotes = held;
    },
    push(event) {
      if (event.type === 'request') {
        // A node the last answer never got to (it said less than the trace counted) still shows, before the next request.
        flushAll(event.at);
        push(event);
        pending = next;
        notes = nextNotes;
        next = [];
        nextNotes = [];
        says = 0;
        told = 0;
        // Made before the engine entered any node (the SMS asked for at the last prompt): before the answer's first words.
        tellNotes(event.at);
        return;
      }
      // A node whose words begin here (or that says nothing, after the last of the words before it).
      flush(event.at, says);
      // The last node's words told: what the app did there comes before what the call does next.
      if (pending.length === 0 && !WORDS.has(event.type)) tellNotes(event.at);
      if (event.type === 'say') says++;
      // The call is over: a node left (its words never said) still shows where the call went, and so does a note.
      if (event.type === 'end') {
        flushAll(event.at);
        for (const { note } of nextNotes) push({ ...note, at: event.at });
        nextNotes = [];
      }
      push(event);
    },
  };
}
