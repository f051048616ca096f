import { flowSchema, type Flow } from './schema';
import { checkFlow } from './check';
import { FlowError } from './problem';
import { readFlowJson } from './flowJson';
import { schemaProblem } from './schemaProblems';
import { problemLines } from './problemLines';

// The full check of a flow's text: strict JSON (flowJson.ts), the zod schema
// (its issues in plain words: schemaProblems.ts), then the checks a schema
// cannot express (check.ts), each problem with its JSON path, its line and fix.

/** Parses flow JSON text; `file` only names it in errors. */
export function parseFlow(text: string, file = '(flow)'): Flow {
  const data = readFlowJson(text, file);
  const { Flow } = flowSchema();
  const parsed = Flow.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new FlowError(file, problemLines(text, parsed.error.issues.map((issue) => schemaProblem(issue, Flow, data))));
  const problems = checkFlow(parsed.data);
  if (problems.length > 0) throw new FlowError(file, problemLines(text, problems));
  return parsed.data;
}
