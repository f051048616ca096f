// Which transfer each `dial:<status>` input of a record ended: a record keeps
// its inputs and its path apart, so the dial nodes of the flow on the path are
// paired, in order, with the dial inputs. Shared by `ivr report` (transfers by
// destination, the refused ones) and `ivr replay` (the setting a refused
// transfer is put through by now), so both pair them the same way.

import type { Flow } from '../flow/schema';

export interface DialOnPath {
  /** The flow's dial node; undefined for a dial input past them (at a node the flow no longer has as a transfer). */
  node: string | undefined;
  /** The status after "dial:", undefined for a dial node whose end the record lacks. */
  status: string | undefined;
}

/** The dial nodes of `flow` on `path` and the dial inputs, paired in order: as many as the longer of the two. */
export function dialsOnPath(flow: Flow, path: readonly string[], inputs: readonly string[]): DialOnPath[] {
  const dials = path.filter((node) => flow.nodes[node]?.type === 'dial');
  const ends = inputs.filter((input) => input.startsWith('dial:')).map((input) => input.slice('dial:'.length));
  return Array.from({ length: Math.max(dials.length, ends.length) }, (_, i) => ({ node: dials[i], status: ends[i] }));
}
