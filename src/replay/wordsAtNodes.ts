// What a replayed caller heard at each node, in order: the engine's trace
// says which nodes an answer entered and how many of its sentences come
// before each node's own (`said`); the simulator then tells the answer's
// request, and after it each sentence as a <Say>. So the sentences of one
// answer are shared out among its nodes as the dev phone's transcript does
// (devphone/nodeMarkers.ts). Sentences before the first node of an answer (a
// menu's "that key is not on offer" ahead of its question again) belong to
// the node the caller answered at: the last one of the answer before.

import type { TranscriptEvent } from '../simulator';

export interface HeardSentence {
  text: string;
  /** The BCP-47 tag it was said in (a sentence in a fixed language keeps its own, as an Italian welcome's "For English, press 1"). */
  tag: string;
}

/** One node entered by the call, and what the caller heard there. */
export interface NodeWords {
  node: string;
  said: HeardSentence[];
}

interface Entered {
  node: string;
  /** Sentences of the answer said before this node's own. */
  said: number;
}

export class WordsAtNodes {
  readonly visits: NodeWords[] = [];
  /** The nodes the engine entered for the answer not yet told (its request event comes next). */
  private entered: Entered[] = [];
  /** The answer being told: its nodes, and where its first visit is in `visits`. */
  private answer: Entered[] = [];
  private firstVisit = 0;
  private says = 0;

  /** The engine entered `node` (the trace's `enter` event). */
  enter(node: string, said: number): void {
    this.entered.push({ node, said });
  }

  /** Each event of the simulated call, as it happens. */
  event(event: TranscriptEvent): void {
    if (event.type === 'request') {
      this.answer = this.entered;
      this.entered = [];
      this.firstVisit = this.visits.length;
      this.says = 0;
      for (const { node } of this.answer) this.visits.push({ node, said: [] });
      return;
    }
    if (event.type !== 'say') return;
    // The last node of the answer whose words begin at or before this sentence; before them all, the node answered at.
    let at = this.firstVisit - 1;
    this.answer.forEach((entered, i) => {
      if (entered.said <= this.says) at = this.firstVisit + i;
    });
    this.says++;
    this.visits[at]?.said.push({ text: event.text, tag: event.language });
  }
}
