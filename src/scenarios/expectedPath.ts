import type { Flow } from '../flow/schema';
import { useClosest } from '../flow/closestName';
import { problemList, type FlowProblem } from '../flow/problem';
import { fromHere } from '../text/fromHere';
import { filePlace, type Scenario } from './scenarioFile';

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
 * The failure of a call that took another route than `expected`: both routes, one above the other, and the
 * first place they part, counted from 1 as steps are, with the node expected there and the one entered;
 * undefined when they are the same. `ending`: how the call ended, said when it entered fewer nodes.
 */
export function pathMismatch(expected: readonly string[], entered: readonly string[], ending: string): string | undefined {
  let at = 0;
  while (at < expected.length && at < entered.length && expected[at] === entered[at]) at++;
  if (at === expected.length && at === entered.length) return undefined;
  const where = `they first part at node ${at + 1}`;
  const apart =
    at === expected.length
      ? `${where}: expected the route to end after "${expected[at - 1]}", the call went on to "${entered[at]}"`
      : `${where} (expect.path[${at}]): expected "${expected[at]}", the call entered ${at === entered.length ? `no ${at === 0 ? 'node' : 'more nodes'} (it ended: ${ending})` : `"${entered[at]}"`}`;
  return `path: the call took another route through the flow\n      expected: ${route(expected)}\n      entered:  ${route(entered)}\n      ${apart}`;
}

function route(nodes: readonly string[]): string {
  return nodes.length === 0 ? '(no node)' : nodes.join(' > ');
}
