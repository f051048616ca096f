import { readFileSync } from 'node:fs';
import path from 'node:path';
import { git, gitSaid } from '../config/git';
import { parsePastFlow } from '../flow/pastFlow';
import { FlowError, type FlowProblem } from '../flow/problem';
import type { Flow } from '../flow/schema';
import { fromHere } from '../text/fromHere';
import { withLf } from '../text/lineEnds';

// The flow file as last committed (git HEAD), as `ivr diff --git HEAD` reads
// it: what `ivr replay` compares the words of the flow replayed against with
// when it is not told which flow the recorded calls went through (--base).
// Replaying an edit not yet committed, that is the flow before the edit.

/**
 * `flow` (the working tree's, loaded from `file`) as at git HEAD, named "FILE at git HEAD", read as a past
 * flow (flow/pastFlow.ts) with what only a deployed app would refuse in `warnings`; or why it cannot be read.
 */
export function flowAtHead(file: string, flow: Flow): { flow: Flow; label: string; warnings: FlowProblem[] } | { why: string } {
  const shown = fromHere(file);
  let text: string;
  try {
    // Named from its own folder (HEAD:./name), so the repository may hold the project in a subfolder.
    text = git(['show', `HEAD:./${path.basename(file)}`], path.dirname(file));
  } catch (err) {
    return { why: `${shown} cannot be read at git HEAD (${gitSaid(err).split('\n')[0]})` };
  }
  const label = `${shown} at git HEAD`;
  // Unchanged since HEAD: the same flow, read and checked once. Line ends aside: git gives the committed
  // text, with LF (.gitattributes), and an editor on Windows saves the same text with CRLF.
  if (withLf(text) === withLf(readFileSync(file, 'utf8'))) return { flow, label, warnings: [] };
  try {
    return { ...parsePastFlow(text, label), label };
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    return { why: `${label} is not a flow this version can play (${err.problems[0] ? `at ${err.problems[0].path}: ${err.problems[0].message}` : 'invalid'})` };
  }
}
