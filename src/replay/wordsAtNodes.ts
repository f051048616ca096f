// What a replayed caller heard at each node, in order: the engine's trace
// says which nodes an answer entered and how many of its sentences come
// before each node's own (`said`); the simulator then tells the answer's
// request, and after it each sentence as a <Say>. The dev phone's transcript
// puts each node's marker where its words begin (devphone/nodeMarkers.ts):
// the sentences after a marker, up to the next, are that node's. Sentences
// before the first node of an answer (a menu's "that key is not on offer"
// ahead of its question again) belong to the node the caller answered at:
// the last one of the answer before.

import { nodeMarkers, type EnteredNode } from '../devphone/nodeMarkers';
import type { TranscriptEvent } from '../simulator';

interface HeardSentence {
  text: string;
  /** The BCP-47 tag it was said in (a sentence in a fixed language keeps its own, as an Italian welcome's "For English, press 1"). */
  tag: string;
}

/** One node entered by the call, and what the caller heard there. */
export interface NodeWords {
  node: string;
  said: HeardSentence[];
}

export class WordsAtNodes {
  readonly visits: NodeWords[] = [];
  /** The nodes the engine entered for the answer not yet told (its request event comes next). */
  private entered: EnteredNode[] = [];
  private readonly markers = nodeMarkers((event) => {
    if (event.type === 'node') this.visits.push({ node: event.node, said: [] });
    else if (event.type === 'say') this.visits.at(-1)?.said.push({ text: event.text, tag: event.language });
  });

  /** The engine entered `node` (the trace's `enter` event). */
  enter(node: string, said: number): void {
    this.entered.push({ node, said });
  }

  /** Each event of the simulated call, as it happens. */
  event(event: TranscriptEvent): void {
    if (event.type === 'request') {
      this.markers.entered(this.entered);
      this.entered = [];
    }
    this.markers.push(event);
  }
}
