import type { z } from 'zod';
import { flowSchema, type Flow } from './schema';
import { checkFlow } from './check';
import { FlowError, jsonPath, type FlowProblem } from './problem';

// The full check of a flow's text: JSON syntax, the zod schema, then the
// checks a schema cannot express, each problem with its JSON path and fix.

/** Parses flow JSON text; `file` only names it in errors. */
export function parseFlow(text: string, file = '(flow)'): Flow {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FlowError(file, [jsonSyntaxProblem(text, err as Error)]);
  }
  const parsed = flowSchema().Flow.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new FlowError(file, parsed.error.issues.map(schemaProblem));
  const problems = checkFlow(parsed.data);
  if (problems.length > 0) throw new FlowError(file, problems);
  return parsed.data;
}

function jsonSyntaxProblem(text: string, err: Error): FlowProblem {
  const position = /position (\d+)/.exec(err.message);
  let where = '';
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where = ` at line ${line}, column ${column}`;
  }
  const reason = err.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
  return {
    path: '(file)',
    message: `is not valid JSON${where}: ${reason}`,
    fix: 'correct the JSON syntax there (a missing comma or quote, or a trailing comma, is the usual cause)',
  };
}

function schemaProblem(issue: z.core.$ZodIssue): FlowProblem {
  const tagged = taggedUnionProblem(issue);
  if (tagged) return tagged;
  // An unrecognised key is named in the message; the whole object around it would only be noise.
  const found = 'input' in issue && issue.code !== 'unrecognized_keys' ? describe(issue.input) : undefined;
  const message = found === undefined ? issue.message : `${issue.message} (found ${found})`;
  return { path: jsonPath(issue.path), message, fix: fixFor(issue) };
}

/** A node whose "type" is none of the node types: say which types there are and what was found. */
function taggedUnionProblem(issue: z.core.$ZodIssue): FlowProblem | undefined {
  if (issue.code !== 'invalid_union' || !('discriminator' in issue) || typeof issue.discriminator !== 'string') return undefined;
  const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o));
  const input = issue.input as Record<string, unknown> | undefined;
  const found = describe(input && typeof input === 'object' ? input[issue.discriminator] : undefined);
  return { path: jsonPath(issue.path), message: `must be one of ${options.join(', ')} (found ${found})`, fix: `use one of: ${options.join(', ')}` };
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `add the required ${issue.expected} here` : `give a ${issue.expected} here`;
    case 'unrecognized_keys':
      return `remove or correct ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling against flows/flow.schema.json)`;
    case 'invalid_union':
      return 'give either a sentence per language ({"it": "...", "en": "..."}) or a fixed one ({"language": "en", "text": "..."})';
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `write it as ${issue.message.replace(/^Invalid string: /, '')}`;
    case 'too_small':
    case 'too_big':
      return `change it so that: ${issue.message}`;
    default:
      return 'see flows/flow.schema.json for what belongs here';
  }
}

function describe(value: unknown): string | undefined {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
