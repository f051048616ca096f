import { flowSchema, type Flow } from './schema';
import { checkFlow } from './check';
import { FlowError, type FlowProblem } from './problem';
import { readFlowJson } from './flowJson';
import { schemaProblem } from './schemaProblems';
import { problemLines } from './problemLines';

// The full check of a flow's text: strict JSON (flowJson.ts), the zod schema
// (its issues in plain words: schemaProblems.ts), then the checks a schema
// cannot express (check.ts), each problem with its JSON path, its line and fix.

/** Parses flow JSON text; `file` only names it in errors. */
export function parseFlow(text: string, file = '(flow)'): Flow {
  const { flow, problems } = checkedFlow(readFlowJson(text, file), text, file);
  if (problems.length > 0) throw new FlowError(file, problemLines(text, problems));
  return flow;
}

/**
 * `data` (the JSON of `text`) checked by the schema, whose problems are thrown, then by check.ts, whose
 * problems are returned with the flow: a past flow (pastFlow.ts) lets some of them pass.
 */
export function checkedFlow(data: unknown, text: string, file: string): { flow: Flow; problems: FlowProblem[] } {
  const { Flow } = flowSchema();
  const parsed = Flow.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new FlowError(file, problemLines(text, parsed.error.issues.map((issue) => schemaProblem(issue, Flow, data))));
  return { flow: parsed.data, problems: checkFlow(parsed.data) };
}
