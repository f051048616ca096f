import type { z } from 'zod';
import { jsonPath } from '../flow/problem';
import { callRecordSchema } from './callRecordSchema';

// Why an ivr.call record cannot be read, in the words of docs/call-records.md
// rather than the validator's: "callSid" is missing, "line" is 42 where text
// is expected, "language" is missing (null is allowed, an absent field is
// not). Said after the records named: what to do about them.

/** What to do about records left out as unreadable: said once, after the ones named. */
export const UNREADABLE_FIX =
  'Such records are not as the app writes them (cut short, edited, or written by another program): export them again, or correct them as docs/call-records.md describes each field.';

/** How many problems of one record are named: the first few say what is wrong with it. */
const NAMED = 3;

const KINDS: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', array: 'a list', object: 'an object', boolean: 'true or false' };

/** The first problems of a record that `callRecordSchema` refused, each naming its field: "callSid" is missing; "line" is 42, where text is expected. */
export function recordProblems(issues: readonly z.core.$ZodIssue[], record: Record<string, unknown>): string {
  return issues.slice(0, NAMED).map((issue) => recordProblem(issue, record)).join('; ');
}

function recordProblem(issue: z.core.$ZodIssue, record: Record<string, unknown>): string {
  const field = `"${jsonPath(issue.path)}"`;
  const value = valueAt(record, issue.path);
  const top = issue.path.length === 1 ? String(issue.path[0]) : undefined;
  // Null is a value of its own for some fields ("language", "path" of a call with no path): absent is still wrong.
  const nullable = top !== undefined && Object.hasOwn(callRecordSchema.shape, top) && callRecordSchema.shape[top as keyof typeof callRecordSchema.shape].safeParse(null).success;
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return `${field} is missing${nullable ? ' (it may be null, but must be there)' : ''}`;
      const kind = KINDS[issue.expected] ?? issue.expected;
      return `${field} is ${shown(value)}, where ${kind}${nullable ? ' or null' : ''} is expected`;
    }
    case 'invalid_value':
      return `${field} is ${shown(value)}, not ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => String(v)).join(', ')}`}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? `${field} is ${shown(value)}, not an ISO 8601 time with its offset (e.g. 2026-11-24T10:00:00+01:00)` : `${field} is ${shown(value)}, not in the form of a ${issue.format}`;
    case 'too_small':
      return `${field} is ${shown(value)}, less than ${String(issue.minimum)}`;
    default:
      return `${field}: ${issue.message.replace(/^Invalid input: /, '')}`;
  }
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value = record;
  for (const step of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[step] : undefined;
  return value;
}

/** A value as the record holds it, short: 42, null, "consumer", a list. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
