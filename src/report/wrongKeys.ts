// The report's warning that callers' keys do not lead where the flow it is
// drawn with sends them: the flow changed since the calls (a deploy swapped
// keys 3 and 4), or is not the one they went through. Said on the page and on
// the terminal alike, with the calls, the menu and key, and the fix. Calls that
// went on from an SMS offer or a say node to a node it no longer goes on to
// say the same.

import path from 'node:path';
import type { Flow } from '../flow/schema';
import { flowGraph } from '../diagram';
import { shellWord } from '../explore/reproduce';
import { oneWayOn, type CallTally, type ShowValue } from './callTally';
import { isSmsOffer } from './smsOffers';
import { flowSendsWords, keyWords } from './keysPressed';
import { counted } from '../text/counted';

/**
 * The calls whose keys lead elsewhere in `flow`, and those that went on from an SMS offer or a say node to a node
 * it does not go on to, most first, in words ("" when none). A node's calls are one entry however they answered
 * an offer, or whether they were offered it: such a node goes on to one node whatever happens there.
 */
export function wrongKeysNote(flow: Flow, tally: CallTally, show: ShowValue): string {
  if (tally.callsGoneElsewhere === 0) return '';
  const keys = [...tally.wrongKeys.values()].map(({ menu, key, to, lastTry, calls }) => ({
    calls,
    words: `${counted(calls, 'call')} pressed ${show(keyWords(key))} at ${show(menu)} and went to ${show(to)}, where this flow ${flowSendsWords(flow, menu, key, lastTry, show)}`,
  }));
  const moves = [...tally.nextMoves.values()].map(({ from, to, calls }) => {
    const node = isSmsOffer(flow, from) ? `the SMS offer ${show(from)}` : show(from);
    return { calls, words: `${counted(calls, 'call')} went on from ${node} to ${show(to)}, where this flow goes on to ${show(oneWayOn(flow, from) ?? '')}` };
  });
  const wrong = [...keys, ...moves].sort((a, b) => b.calls - a.calls);
  const named = wrong.slice(0, 5).map(({ words }) => words).join('; ');
  // Keys, when they are what the calls have in common: a call not offered the SMS pressed none at the offer, nor
  // does a say node take any.
  const headline = moves.length === 0 ? `The keys of ${counted(tally.callsGoneElsewhere, 'call')} do not lead` : `${counted(tally.callsGoneElsewhere, 'call')} did not go`;
  return `${headline} where this flow sends them: ${named}${wrong.length > 5 ? '; …' : ''}`;
}

/**
 * Whether the map draws an arrow labelled with the keys such callers pressed (trafficMap: "pressed 3 (this flow:
 * 4)"): only where this flow has an arrow from the menu to where they went. None for the calls of an SMS offer or a say node.
 */
function keysOnArrows(flow: Flow, tally: CallTally): boolean {
  const arrows = new Set(flowGraph(flow).edges.map((edge) => `${edge.from} ${edge.to}`));
  return [...tally.wrongKeys.values()].some(({ menu, to }) => arrows.has(`${menu} ${to}`));
}

/** What the map says meanwhile, if anything: ": the map's arrows say the keys these callers pressed". */
function untilThen(flow: Flow, tally: CallTally, lead: string): string {
  return keysOnArrows(flow, tally) ? `${lead} the map's arrows say the keys these callers pressed` : '';
}

/**
 * What to do about it, for `ivr report` given `flowFile`: the flow the calls went through, from git, where git
 * has it: `inGit` is the flow file git tracks (flowFile itself, or the app's flow when flowFile is one git does
 * not track, such as a copy in out/: trackedFlowFile), undefined when neither is, and git is then left out. The
 * commands name the file from the folder they are run in, as git reads `COMMIT:./path` (an absolute path is not a
 * path in a commit), quoted for the shell.
 */
export function wrongKeysFix(flowFile: string, inGit: string | undefined, flow: Flow, tally: CallTally): string {
  let history = `${shellWord(flowFile)} is not a file git tracks, so git has no earlier one`;
  if (inGit !== undefined) {
    const tracked = relativeFromHere(inGit);
    const inCommit = tracked.startsWith('../') ? tracked : `./${tracked}`;
    const commands = `git log -- ${shellWord(tracked)} names the commits, git show ${shellWord(`COMMIT:${inCommit}`)} > flow-then.json writes the flow as it was, then --flow flow-then.json`;
    history = tracked === relativeFromHere(flowFile) ? `from git: ${commands}` : `${shellWord(flowFile)} is not a file git tracks; the app's flow is, from git: ${commands}`;
  }
  return `The flow has changed since these calls, or is not the one they went through: give that one with --flow (${history})${untilThen(flow, tally, '. Until then')}`;
}

/** A file from the folder the command runs in, with forward slashes as git writes paths. */
function relativeFromHere(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
}

/** What to do about it on the dev phone, which draws the calls with the flow it serves now. */
export function wrongKeysOnThisHost(flow: Flow, tally: CallTally): string {
  return `These calls were made before the flow file was changed${untilThen(flow, tally, ':')}`;
}
