// Reads `ivr.call` records from a file, one at a time, whatever form they
// come in: the JSON lines the app logs (with or without a logger's prefix),
// or Application Insights' export of `traces` (CSV with a `message` column,
// or JSON: one object per line, an array of objects, or a query result's
// `tables`), where each record sits inside `message`. Lines that are not
// records of a call (other log lines) are passed over; lines that look like
// one but cannot be read are reported with their line number, never thrown.

import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CALL_EVENT } from '../webhook/callRecords';
import { callRecordSchema, type CallRecord } from './callRecordSchema';

/** A record as read: checked against the schema the app's lines are written to. */
export type ReadRecord = CallRecord;

export type RecordItem = { record: ReadRecord; lineNumber: number } | { unreadable: string; lineNumber: number };

/** Every call record in `file`, in order, with the unreadable ones named; memory stays bounded for line-based files. */
export async function* readRecords(file: string): AsyncGenerator<RecordItem> {
  const first = firstLine(file);
  // An array, a pretty-printed object, or a query result is one document; "{...}" lines are JSON lines.
  if (first.startsWith('[') || first === '{' || first.startsWith('{"tables"')) {
    // One JSON document (an array, or a query result) cannot be read a line at a time: read it whole.
    const whole = wholeJson(file);
    if (whole) {
      yield* whole;
      return;
    }
  }
  let csvColumns: string[] | undefined;
  let pending = '';
  let pendingFrom = 0;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNumber++;
    if (lineNumber === 1 && !raw.trimStart().startsWith('{') && /(^|,)"?message"?(,|$)/i.test(raw.replace(/^\uFEFF/, ''))) {
      csvColumns = csvRow(raw.replace(/^\uFEFF/, '')).map((c) => c.trim().toLowerCase());
      continue;
    }
    if (csvColumns) {
      // A quoted CSV field may hold a line break: gather lines until the quotes balance.
      pending = pending ? `${pending}\n${raw}` : raw;
      pendingFrom ||= lineNumber;
      if (((pending.match(/"/g)?.length ?? 0) & 1) === 1) continue;
      const row = csvRow(pending);
      const at = pendingFrom;
      pending = '';
      pendingFrom = 0;
      const message = row[csvColumns.indexOf('message')];
      const item = message === undefined ? undefined : fromText(message, at);
      if (item) yield item;
      continue;
    }
    const item = fromText(raw, lineNumber);
    if (item) yield item;
  }
  if (pending) yield { unreadable: 'a quoted CSV field is not closed before the end of the file', lineNumber: pendingFrom };
}

/** A record from one log message or line: the JSON object in it, or in its `message` field; undefined for other lines. */
export function fromText(text: string, lineNumber: number): RecordItem | undefined {
  if (!text.includes(CALL_EVENT)) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { unreadable: 'names ivr.call, but its JSON object is missing or cut short', lineNumber };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { unreadable: `not JSON: ${(err as Error).message}`, lineNumber };
  }
  if (isObject(value) && typeof value.message === 'string' && value.event === undefined) return fromText(value.message, lineNumber);
  return checked(value, lineNumber);
}

function checked(value: unknown, lineNumber: number): RecordItem | undefined {
  if (!isObject(value) || value.event !== CALL_EVENT) return undefined;
  const parsed = callRecordSchema.safeParse(value);
  if (parsed.success) return { record: parsed.data, lineNumber };
  const problems = parsed.error.issues.slice(0, 3).map((issue) => `"${issue.path.join('.')}": ${issue.message.replace(/^Invalid input: /, '')}`);
  return { unreadable: problems.join('; '), lineNumber };
}

/** Application Insights' JSON exports: an array of rows with `message`, or a query result with `tables`. */
function wholeJson(file: string): RecordItem[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined; // not one document: JSON lines, read line by line
  }
  const rows: unknown[] = [];
  if (Array.isArray(value)) rows.push(...value);
  else if (isObject(value) && Array.isArray(value.tables)) {
    for (const table of value.tables as { columns?: { name?: string; ColumnName?: string }[]; rows?: unknown[][]; Rows?: unknown[][]; Columns?: { ColumnName?: string }[] }[]) {
      const columns = (table.columns ?? table.Columns ?? []).map((c) => ('name' in c ? c.name : c.ColumnName));
      const at = columns.indexOf('message');
      for (const row of table.rows ?? table.Rows ?? []) rows.push({ message: row[at] });
    }
  } else rows.push(value);
  return rows.flatMap((row, i) => {
    const item = isObject(row) && typeof row.message === 'string' ? fromText(row.message, i + 1) : checked(row, i + 1);
    return item ? [item] : [];
  });
}

/** The file's first line that is not blank, trimmed, from its first 4 KiB. */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0)).replace(/^\uFEFF/, '');
    return head.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  } finally {
    closeSync(fd);
  }
}

/** One CSV row (RFC 4180: quoted fields, doubled quotes). */
function csvRow(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
