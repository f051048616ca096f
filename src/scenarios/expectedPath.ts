import type { Flow } from '../flow/schema';
import { closestNames } from '../flow/closestName';
import { fromHere } from '../text/fromHere';
import { holdingWhole, inItsPlace, renamedSinceHead } from './renamedPathNode';
import type { PlacedProblem, Scenario } from './scenarioFile';
import type { TracedStep } from './coverage';

// `expect.path`: the route a call takes through the menu, as the node ids it
// entered in order (callIvr's `path`, a call record's `path`). A scenario that
// pins it keeps passing when a prompt is reworded, and fails when a key leads
// elsewhere; `hear` steps pin the words instead.

/**
 * The node ids of a scenario's `expect.path` that `flow` (read from `flowFile`) lacks, each at its place in the file
 * with the fix, as a file that does not read is told (the id meant for a misspelt one); none when every id is a node.
 * Such a path could never match: the call's route is not what is wrong, the scenario is.
 */
export function unknownPathNodeProblems(scenario: Scenario, flow: Flow, flowFile: string): PlacedProblem[] {
  const shownFlow = fromHere(flowFile);
  const path = scenario.expect.path ?? [];
  return path.flatMap((id, i) =>
    Object.hasOwn(flow.nodes, id)
      ? []
      : [
          {
            path: `expect.path[${i}]`,
            line: scenario.lineOf?.(['expect', 'path', i]),
            message: `names node "${id}", which ${shownFlow} does not have (renamed or removed?)`,
            fix: nodeFix(id, path, flow, flowFile),
          },
        ],
  );
}

/**
 * The fix for a node id the flow lacks. The flow may have changed under a scenario that was right (a node renamed,
 * or removed on purpose). A rename git shows (the flow file at HEAD still has the id) is the fix; else a new id is
 * offered only as a rename's, found by where the node stood on the route (renamedPathNode.ts), then by its name;
 * otherwise the route calls take now is the fix.
 */
function nodeFix(id: string, path: readonly string[], flow: Flow, flowFile: string): string {
  const sinceHead = renamedSinceHead(id, flow, flowFile);
  if (sinceHead !== undefined) return sinceHead;
  const byName = offerByName(id, Object.keys(flow.nodes));
  const byPlace = inItsPlace(id, path, flow);
  // Where the route and the name agree, the name says why the shortest.
  const offer = byPlace && byPlace.ids.join(' ') !== byName?.ids.join(' ') ? byPlace : byName;
  const now = 'write the route the call takes now (npx ivr call --json shows it: record.path)';
  if (offer === undefined) return `${now}, in the ids of ${fromHere(flowFile)}'s "nodes"`;
  return `if it was renamed: use ${offer.ids.map((nodeId) => `"${nodeId}"`).join(' or ')} (${offer.why}); if it was removed: ${now}`;
}

/**
 * The ids an id the flow lost was most likely renamed to, by its name alone: those that hold it whole, a rename
 * that kept it (`consumer-chat` to `consumer-chat-info`), which the closest spelling would miss (it offered
 * `consumer-menu`, four letters off), unless so many do that the closest spelling says more; else the closest.
 */
function offerByName(id: string, nodeIds: readonly string[]): { ids: string[]; why: string } | undefined {
  const holding = holdingWhole(id, nodeIds);
  if (holding.length > 0 && holding.length <= 3) return { ids: holding, why: `${holding.length === 1 ? 'its id holds' : 'their ids hold'} "${id}"` };
  const closest = closestNames(id, nodeIds);
  return closest.length === 0 ? undefined : { ids: closest, why: `the closest name${closest.length > 1 ? 's' : ''}` };
}

/**
 * The failure of a call that took another route than `expected`: both routes, one above the other, as lists a
 * scenario file takes (to paste, when the new route is meant), and the first place they part, counted from 1 as
 * steps are, with the node expected there and the one entered, and what took the call there (`key 4` at
 * "consumer-menu"); undefined when they are the same. `ending`: how the call ended, said when it entered fewer
 * nodes. `cutShort`: a step failed and the scripted caller hung up there, so a route that merely stops early
 * is no finding; one that went another way before is (a key moved is why the step failed).
 */
export function pathMismatch(expected: readonly string[], entered: readonly TracedStep[], ending: string, cutShort = false): string | undefined {
  const at = firstDifference(expected, entered);
  if (at === expected.length && at === entered.length) return undefined;
  if (cutShort && (at === expected.length || at === entered.length)) return undefined;
  const where = `they first part at node ${at + 1}`;
  const step = entered[at];
  const went = step === undefined ? '' : enteredWords(step);
  const apart =
    at === expected.length
      ? `${where}: expected the route to end after "${expected[at - 1]}", the call went on to ${went}`
      : `${where} (expect.path[${at}]): expected "${expected[at]}", the call entered ${step === undefined ? `no ${at === 0 ? 'node' : 'more nodes'} (it ended: ${ending})` : went}`;
  return `path: the call took another route through the flow\n      expected: ${route(expected)}\n      entered:  ${route(entered.map((s) => s.node))}\n      ${apart}`;
}

/**
 * Where the call went another way than `expected` before it ended, in words for a hint that would otherwise blame
 * the hours or the steps (`expected "consumer-chat" at node 4, the call entered "consumer-operator-hours" (from
 * "consumer-menu", key 1)`); undefined when the routes agree as far as both go.
 */
export function routeParted(expected: readonly string[], entered: readonly TracedStep[]): string | undefined {
  const at = firstDifference(expected, entered);
  const step = entered[at];
  if (at === expected.length || step === undefined) return undefined;
  return `expected "${expected[at]}" at node ${at + 1}, the call entered ${enteredWords(step)}`;
}

function firstDifference(expected: readonly string[], entered: readonly TracedStep[]): number {
  let at = 0;
  while (at < expected.length && at < entered.length && expected[at] === entered[at]?.node) at++;
  return at;
}

/** A node the call entered, with what took it there: `"consumer-written" (from "consumer-menu", key 4)`. */
function enteredWords(step: TracedStep): string {
  return `"${step.node}"${step.from !== undefined && step.via !== undefined ? ` (from "${step.from}", ${step.via})` : ''}`;
}

/** A route as a scenario file writes it, in YAML or JSON alike. */
export function route(nodes: readonly string[]): string {
  return JSON.stringify(nodes).replaceAll('","', '", "');
}
