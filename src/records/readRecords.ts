// Reads `ivr.call` records from a file, one at a time, whatever form they
// come in: the JSON lines the app logs (with or without a logger's prefix),
// or Application Insights' export of `traces` (CSV with a `message` column,
// or JSON: one object per line, an array of objects, or a query result's
// `tables`), where each record sits inside `message` (a Log Analytics
// workspace's export of `AppTraces` names the columns `Message` and
// `TimeGenerated`: every reader matches the names in any case, as the CSV
// header always was). Lines that are not
// records of a call (other log lines) are passed over; lines that look like
// one but cannot be read are reported with their place, never thrown: the
// line, or in a JSON document the row, its line and, where other text comes
// before it on that line, its column (recordPlace).
// A file that is one JSON document but not valid JSON is refused whole
// (RecordsFileError): reading on would lose every record without a word.

import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { constants } from 'node:buffer';
import { createInterface } from 'node:readline';
import { CALL_EVENT, isCallLine } from '../webhook/callRecords';
import { callRecordSchema, type CallRecord } from './callRecordSchema';
import { queryResultPlaces } from './queryResultPlaces';
import { recordProblems } from './recordProblems';
import { isBlank, type RecordPlace } from './recordPlace';
import { exportTime, timeColumn } from './exportTime';
import { isJsonObject } from '../flow/jsonObject';

/** A record as read: checked against the schema the app's lines are written to. */
export type ReadRecord = CallRecord;

/**
 * A record read, or one that could not be, with where it is in the file; `loggedAt`, of a row of an
 * Application Insights export, is the row's own time (ISO 8601, UTC): when the app logged the line.
 * `unreadTime`: that time as a CSV export wrote it, when it is in a form not read (a locale's, exportTime).
 */
export type RecordItem = { record: ReadRecord; place: RecordPlace; loggedAt?: string; unreadTime?: string } | { unreadable: string; place: RecordPlace };

/** A records file that cannot be read at all: the message names it and says what to do. */
export class RecordsFileError extends Error {
  override name = 'RecordsFileError';
}

/** Every call record in `file`, in order, with the unreadable ones named; memory stays bounded but for a query result ({"tables"…}), read whole. */
export async function* readRecords(file: string): AsyncGenerator<RecordItem> {
  const { first, encoding } = fileStart(file);
  // "[" then "{", "]" or the line's end opens an array; "[2026-…] {…}" is a log line with a prefix.
  if (/^\[\s*(\{|\]|$)/.test(first)) {
    yield* jsonArray(file, encoding);
    return;
  }
  // A pretty-printed object, or a query result, is one document; "{...}" lines are JSON lines.
  if (first === '{' || first.startsWith('{"tables"')) {
    yield* wholeJson(file, encoding);
    return;
  }
  let csvColumns: string[] | undefined;
  let csvTime: { at: number; zone: 'utc' | 'own-offset' } | undefined;
  // Excel saves a CSV with semicolons where the decimal point is a comma (Italian among them): the header says which.
  let separator = ',';
  let pending = '';
  let pendingFrom = 0;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding }), crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNumber++;
    const header = lineNumber === 1 && !raw.trimStart().startsWith('{') ? /(?:^|([,;]))"?message"?(?:([,;])|$)/i.exec(raw.replace(/^\uFEFF/, '')) : null;
    if (header) {
      separator = header[1] ?? header[2] ?? ',';
      csvColumns = csvRow(raw.replace(/^\uFEFF/, ''), separator).map((c) => c.trim().toLowerCase());
      const at = csvColumns.findIndex((c) => timeColumn(c));
      csvTime = at >= 0 ? { at, zone: timeColumn(csvColumns[at] as string) as 'utc' | 'own-offset' } : undefined;
      continue;
    }
    if (csvColumns) {
      // A quoted CSV field may hold a line break: gather lines until the quotes balance. But a line
      // that is a whole row by itself (its quotes balanced, every column there) starts a new row: the
      // row gathered so far had a quote never closed, and would otherwise swallow every row after it.
      if (pending && !oddQuotes(raw) && csvRow(raw, separator).length === csvColumns.length) {
        const broken = brokenRow(pending, pendingFrom);
        if (broken) yield broken;
        pending = '';
        pendingFrom = 0;
      }
      pending = pending ? `${pending}\n${raw}` : raw;
      pendingFrom ||= lineNumber;
      if (oddQuotes(pending)) continue;
      const row = csvRow(pending, separator);
      const at = pendingFrom;
      pending = '';
      pendingFrom = 0;
      const message = row[csvColumns.indexOf('message')];
      const item = message === undefined ? undefined : fromText(message, { line: at });
      const time = csvTime && row[csvTime.at]?.trim();
      const loggedAt = time ? exportTime(time, csvTime!.zone) : undefined;
      if (item) yield withTime(item, loggedAt, time && !loggedAt ? time : undefined);
      continue;
    }
    const item = fromText(raw, { line: lineNumber });
    if (item) yield item;
  }
  const broken = pending ? brokenRow(pending, pendingFrom) : undefined;
  if (broken) yield broken;
}

/** A record with its export row's time, when the row has one, or the time the row gives that could not be read. */
function withTime(item: RecordItem, loggedAt: string | undefined, unreadTime?: string): RecordItem {
  if (!('record' in item)) return item;
  return loggedAt ? { ...item, loggedAt } : unreadTime ? { ...item, unreadTime } : item;
}

function oddQuotes(text: string): boolean {
  return ((text.match(/"/g)?.length ?? 0) & 1) === 1;
}

/** A CSV row with a quoted field never closed, when it held a call record (another log line lost is no record lost). */
function brokenRow(row: string, lineNumber: number): RecordItem | undefined {
  return row.includes(CALL_EVENT) ? { unreadable: 'a quoted CSV field opened on this line is never closed (the row is cut short)', place: { line: lineNumber } } : undefined;
}

/** A record from one log message or line: the JSON object in it, or in its `message` field; undefined for other lines. */
export function fromText(text: string, place: RecordPlace): RecordItem | undefined {
  if (!isCallLine(text)) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { unreadable: 'names ivr.call, but its JSON object is missing or cut short', place };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { unreadable: `not JSON: ${(err as Error).message}`, place };
  }
  const message = isJsonObject(value) && value.event === undefined ? messageOf(value) : undefined;
  if (message !== undefined) return fromText(message, place);
  return checked(value, place);
}

function checked(value: unknown, place: RecordPlace): RecordItem | undefined {
  if (!isJsonObject(value) || value.event !== CALL_EVENT) return undefined;
  const parsed = callRecordSchema.safeParse(value);
  if (parsed.success) return { record: parsed.data, place };
  return { unreadable: recordProblems(parsed.error.issues, value), place };
}

/**
 * Application Insights' JSON export as an array of rows (`[{"message": …}, …]`),
 * read one element at a time: each is cut out where it closes (outside
 * strings, at depth 1) and parsed alone, so an export of any size reads in
 * the memory of one row. Each row is named by its number and the line it
 * starts on, and the column when the line holds more (an array on one line).
 */
async function* jsonArray(file: string, encoding: Encoding): AsyncGenerator<RecordItem> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let closed = false;
  let carried = ''; // the open element's text from earlier chunks
  let start = -1; // where the open element begins in this chunk (0 when carried over), -1 with none open
  let column = 0;
  let elementLine = 0;
  let elementColumn = 0;
  let elementBeginsLine = false;
  let rowNumber = 0;
  let lineHasText = false; // whether this line had text before the character read
  const element = (text: string): RecordItem | undefined => {
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (err) {
      throw notJson(file, err as Error, text, elementLine, elementColumn);
    }
    const place: RecordPlace = { line: elementLine, ...(elementBeginsLine ? {} : { column: elementColumn }), row: rowNumber };
    const message = isJsonObject(row) ? messageOf(row) : undefined;
    if (message === undefined) return checked(row, place);
    const item = fromText(message, place);
    return item && withTime(item, loggedTimeOf(row as Record<string, unknown>));
  };
  for await (const chunk of createReadStream(file, { encoding }) as AsyncIterable<string>) {
    if (start >= 0) start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      // The byte-order mark a file may begin with is no column: editors do not show it.
      if (c === 0xfeff && line === 1 && column === 0) continue;
      column++;
      if (c === 10) {
        line++;
        column = 0;
        lineHasText = false;
      }
      const textBefore = lineHasText;
      if (!isBlank(c)) lineHasText = true;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true; // backslash
        else if (c === 34) inString = false; // "
        continue;
      }
      if (isBlank(c)) continue;
      if (closed) throw new RecordsFileError(`${file} is not valid JSON: line ${line}: text after the array's closing "]". ${EXPORT_AGAIN}`);
      if (depth === 0) {
        if (c !== 91) throw new RecordsFileError(`${file} is not valid JSON: line ${line}: expected "[" to open the array. ${EXPORT_AGAIN}`);
        depth = 1;
        continue;
      }
      if (depth === 1 && (c === 44 || c === 93)) {
        // "," or "]" at depth 1 ends the open element.
        if (start >= 0) {
          const item = element(carried + chunk.slice(start, i));
          carried = '';
          start = -1;
          if (item) yield item;
        } else if (c === 44) throw new RecordsFileError(`${file} is not valid JSON: line ${line}: a "," with no row before it. ${EXPORT_AGAIN}`);
        if (c === 93) {
          depth = 0;
          closed = true;
        }
        continue;
      }
      if (depth === 1 && start < 0) {
        start = i;
        elementLine = line;
        elementColumn = column;
        elementBeginsLine = !textBefore;
        rowNumber++;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) depth--;
    }
    if (start >= 0) carried += chunk.slice(start);
  }
  if (!closed) throw new RecordsFileError(`${file} is not valid JSON: it ends at line ${line} before its array is closed (cut short?), so none of it was used. ${EXPORT_AGAIN}`);
}

const EXPORT_AGAIN = 'Export it again (a download cut short leaves it so), or export the traces as CSV or as JSON lines (one object per line), which are read a line at a time.';

/** Application Insights' JSON exports read whole: a query result with `tables`, or one pretty-printed row. */
function* wholeJson(file: string, encoding: Encoding): Generator<RecordItem> {
  const size = statSync(file).size;
  // A string cannot be longer than this: the document could not be parsed at all.
  if (size / (encoding === 'utf16le' ? 2 : 1) > constants.MAX_STRING_LENGTH) {
    throw new RecordsFileError(
      `${file} is one JSON document of ${Math.round(size / 2 ** 20)} MB; it is read whole, and JSON documents up to ${Math.floor(constants.MAX_STRING_LENGTH / 2 ** 20)} MB can be. Export a shorter stretch of time, or export the traces as CSV or JSON lines, which are read a line at a time.`,
    );
  }
  const text = readFileSync(file, encoding).replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notJson(file, err as Error, text, 1, 1);
  }
  if (isJsonObject(value) && Array.isArray(value.tables)) {
    const tables = value.tables as { columns?: { name?: string; ColumnName?: string }[]; rows?: unknown[][]; Rows?: unknown[][]; Columns?: { ColumnName?: string }[] }[];
    const names = tables.map((table) => (table.columns ?? table.Columns ?? []).map((c) => ('name' in c ? c.name : c.ColumnName)));
    const messageColumn = names.map((columns) => columns.findIndex(isMessageColumn));
    const timeColumns = names.map((columns) => {
      const at = columns.findIndex((name) => typeof name === 'string' && timeColumn(name) !== undefined);
      return at < 0 ? undefined : { at, zone: timeColumn(columns[at] as string) as 'utc' | 'own-offset' };
    });
    const places = queryResultPlaces(text, (t) => messageColumn[t] ?? -1);
    for (const [t, table] of tables.entries()) {
      const rows = table.rows ?? table.Rows ?? [];
      for (let i = 0; i < rows.length; i++) {
        const message = rows[i]?.[messageColumn[t] ?? -1];
        const item = typeof message === 'string' ? fromText(message, places[t]?.[i] ?? { line: 1, row: i + 1 }) : undefined;
        const time = timeColumns[t];
        if (item) yield withTime(item, time && exportTime(rows[i]?.[time.at], time.zone));
      }
    }
    return;
  }
  const message = isJsonObject(value) ? messageOf(value) : undefined;
  const item = message !== undefined ? fromText(message, { line: 1 }) : checked(value, { line: 1 });
  if (item) yield item;
}

/** Whether a column holds the logged line: `message` (Application Insights' `traces`) or `Message` (a workspace's `AppTraces`). */
function isMessageColumn(name: unknown): boolean {
  return typeof name === 'string' && name.trim().toLowerCase() === 'message';
}

/** The logged line of an export row given as an object (`message` or `Message`), when it is text. */
function messageOf(row: Record<string, unknown>): string | undefined {
  const key = Object.keys(row).find(isMessageColumn);
  const value = key === undefined ? undefined : row[key];
  return typeof value === 'string' ? value : undefined;
}

/** The time an export row given as an object says its line was logged (`timestamp` or `TimeGenerated`), as ISO 8601 in UTC. */
function loggedTimeOf(row: Record<string, unknown>): string | undefined {
  const key = Object.keys(row).find((name) => timeColumn(name) !== undefined);
  return key === undefined ? undefined : exportTime(row[key], timeColumn(key) as 'utc' | 'own-offset');
}

/** The refusal of a document JSON.parse failed on, with the line and column in the file (`text` began there, at `firstLine`, `firstColumn`). */
function notJson(file: string, err: Error, text: string, firstLine: number, firstColumn: number): RecordsFileError {
  const reason = err.message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  const position = Number(/at position (\d+)/.exec(err.message)?.[1] ?? text.length);
  const before = text.slice(0, position).split('\n');
  const column = (before[before.length - 1]?.length ?? 0) + (before.length === 1 ? firstColumn : 1);
  const where = `line ${firstLine + before.length - 1}, column ${column}`;
  const cut = position >= text.length ? ' (the file ends there: cut short?)' : '';
  return new RecordsFileError(`${file} is not valid JSON: ${where}: ${reason}${cut}; it is one JSON document, so none of it was used. ${EXPORT_AGAIN}`);
}

type Encoding = 'utf8' | 'utf16le';

/**
 * How the file is written, and its first line that is not blank, trimmed,
 * from its first 4 KiB. UTF-8 (with or without a BOM), or UTF-16LE: what
 * Windows PowerShell's `>` writes, known by its BOM or by the NUL after
 * each ASCII character. UTF-16BE is refused with the fix.
 */
function fileStart(file: string): { first: string; encoding: Encoding } {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    if (head[0] === 0xfe && head[1] === 0xff) {
      throw new RecordsFileError(`${file} is written in UTF-16 big-endian; save it as UTF-8 (or UTF-16LE) and give it again`);
    }
    const encoding: Encoding = (head[0] === 0xff && head[1] === 0xfe) || (head.length >= 2 && head[0] !== 0 && head[1] === 0) ? 'utf16le' : 'utf8';
    const text = head.toString(encoding).replace(/^\uFEFF/, '');
    return { first: text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '', encoding };
  } finally {
    closeSync(fd);
  }
}

/** One CSV row (RFC 4180: quoted fields, doubled quotes), its fields separated by `separator`. */
function csvRow(text: string, separator: string): string[] {
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
    else if (c === separator) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
