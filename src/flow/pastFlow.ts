import type { Flow } from './schema';
import { FlowError, jsonPath, problemSaid, type FlowProblem } from './problem';
import { readFlowJson } from './flowJson';
import { checkedFlow } from './validate';
import { problemLines } from './problemLines';
import { isJsonObject } from './jsonObject';

// A past flow: one that calls went through (last week's, a git ref's), read to
// report, replay or compare those calls, never to deploy. Two things that make
// ivr lint and the app refuse a flow say nothing about those calls, so here
// they are warnings: a destination whose number is a line's own (check.ts's
// deployedOnly problems: a running app would ring itself), and a field this
// version no longer has, when it only changed how a prompt could be cut
// short (RETIRED_FIELDS). Everything else is checked as for the app: a flow
// that the engine could not play is still refused.

/** A past flow and why it could not be deployed as it is (nothing when it could). */
export interface PastFlow {
  flow: Flow;
  warnings: FlowProblem[];
}

/**
 * Fields earlier versions of the flow file had, by node type, that are ignored in a past flow: each only
 * changed when a key could be pressed, not which node a key sends the call to, and the records hold the keys
 * the menus took. Any other unknown field is refused as ivr lint refuses it.
 */
const RETIRED_FIELDS: Record<string, Record<string, string>> = {
  say: {
    // Added in c07bab1 and taken back in 1331d6f (7 Dec 2026).
    bargeIn: "let a key cut the node's words short, taken by the menu after them",
  },
};

/** Parses a past flow's text; `file` only names it. Throws FlowError for what would stop the engine playing it. */
export function parsePastFlow(text: string, file: string): PastFlow {
  const data = readFlowJson(text, file);
  const retired = withoutRetiredFields(data);
  const { flow, problems } = checkedFlow(data, text, file);
  const refused = problems.filter((problem) => !problem.deployedOnly);
  if (refused.length > 0) throw new FlowError(file, problemLines(text, refused));
  return { flow, warnings: problemLines(text, [...retired, ...problems]) };
}

/** Removes the retired fields from `data`'s nodes: a warning for each. */
function withoutRetiredFields(data: unknown): FlowProblem[] {
  const nodes = isJsonObject(data) ? data.nodes : undefined;
  if (!isJsonObject(nodes)) return [];
  const warnings: FlowProblem[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    if (!isJsonObject(node) || typeof node.type !== 'string' || !Object.hasOwn(RETIRED_FIELDS, node.type)) continue;
    for (const [field, what] of Object.entries(RETIRED_FIELDS[node.type] as Record<string, string>)) {
      if (!Object.hasOwn(node, field)) continue;
      delete node[field];
      warnings.push({
        path: jsonPath(['nodes', id, field]),
        message: `has "${field}", which this version no longer has (it ${what}): ignored, as it changed when a key could be pressed, not where a key sends the call`,
        fix: `remove "${field}" before deploying this flow`,
      });
    }
  }
  return warnings;
}

/**
 * The warning a command prints on stderr for a past flow it reads though it could not be deployed as it is,
 * each problem with what a deployed app would do; undefined when it could be.
 */
export function pastFlowWarning(command: string, file: string, warnings: readonly FlowProblem[]): string | undefined {
  if (warnings.length === 0) return undefined;
  const list = warnings.map((warning) => problemSaid(warning, 'warning at')).join('\n');
  return `ivr ${command}: ${file} is read as a flow calls went through; ivr lint and the app would refuse it, so it cannot be deployed as it is (the fixes are for deploying it):\n${list}`;
}
