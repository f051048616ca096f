import type { Flow } from '../flow/schema';
import { useClosest } from '../flow/closestName';
import { problemList, type FlowProblem } from '../flow/problem';
import { fromHere } from '../text/fromHere';
import { filePlace, type Scenario } from './scenarioFile';
import type { TracedStep } from './coverage';

// `expect.path`: the route a call takes through the menu, as the node ids it
// entered in order (callIvr's `path`, a call record's `path`). A scenario that
// pins it keeps passing when a prompt is reworded, and fails when a key leads
// elsewhere; `hear` steps pin the words instead.

/**
 * Why the scenario cannot run: the node ids of its `expect.path` that `flow` (read from `flowFile`) lacks,
 * each at its place in the file with the fix, as a file that does not read is told (the id meant for a
 * misspelt one); undefined when every id is a node. Such a path could never match: the call's route is
 * not what is wrong, the scenario is.
 */
export function unknownPathNodes(scenario: Scenario, flow: Flow, flowFile: string): string | undefined {
  const expected = scenario.expect.path;
  if (expected === undefined) return undefined;
  const nodeIds = Object.keys(flow.nodes);
  const shownFlow = fromHere(flowFile);
  const unknown = expected.flatMap((id, i) => (Object.hasOwn(flow.nodes, id) ? [] : [{ id, i }]));
  if (unknown.length === 0) return undefined;
  const lineOf = (i: number) => scenario.lineOf?.(['expect', 'path', i]);
  const problems: FlowProblem[] = unknown.map(({ id, i }) => ({
    // With several, each says its own line, as the problems of a file that does not read do.
    path: `expect.path[${i}]${unknown.length > 1 && lineOf(i) !== undefined ? `, line ${lineOf(i)}` : ''}`,
    message: `names node "${id}", which ${shownFlow} does not have`,
    fix:
      useClosest(id, nodeIds) ??
      `write the id of a node of ${shownFlow} (a key under its "nodes"), as a call record's path names them (npx ivr call --json shows it: record.path)`,
  }));
  return `${filePlace(fromHere(scenario.file), lineOf(unknown[0]!.i))}: ${problemList(problems)}`;
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
  let at = 0;
  while (at < expected.length && at < entered.length && expected[at] === entered[at]?.node) at++;
  if (at === expected.length && at === entered.length) return undefined;
  if (cutShort && (at === expected.length || at === entered.length)) return undefined;
  const where = `they first part at node ${at + 1}`;
  const step = entered[at];
  const went = step === undefined ? '' : `"${step.node}"${step.from !== undefined && step.via !== undefined ? ` (from "${step.from}", ${step.via})` : ''}`;
  const apart =
    at === expected.length
      ? `${where}: expected the route to end after "${expected[at - 1]}", the call went on to ${went}`
      : `${where} (expect.path[${at}]): expected "${expected[at]}", the call entered ${step === undefined ? `no ${at === 0 ? 'node' : 'more nodes'} (it ended: ${ending})` : went}`;
  return `path: the call took another route through the flow\n      expected: ${route(expected)}\n      entered:  ${route(entered.map((s) => s.node))}\n      ${apart}`;
}

/** A route as a scenario file writes it, in YAML or JSON alike. */
export function route(nodes: readonly string[]): string {
  return JSON.stringify(nodes).replaceAll('","', '", "');
}
