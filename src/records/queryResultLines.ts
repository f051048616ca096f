// Where each row of a query result ({"tables": …}, as `az monitor
// app-insights query` writes it, pretty-printed) sits in its file. JSON.parse
// keeps no positions, and a row's number is no help to someone opening the
// file: its records are named by the line their `message` cell begins on.

/**
 * For each table (in order), the line each row's cell `column(table)` begins
 * on, found by walking `text` (valid JSON, already parsed) the way the
 * parser did: only `tables[t].rows[r][column]` (or `Rows`) is noted.
 */
export function queryResultLines(text: string, column: (table: number) => number): number[][] {
  const lines: number[][] = [];
  // The containers open around the current point: each with the key it sits under in its parent object.
  const stack: { array: boolean; under: string | undefined; index: number; key: string | undefined }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (c === 10 || c === 13 || c === 32 || c === 9 || c === 58 /* : */) continue;
    const top = stack[stack.length - 1];
    if (c === 44 /* , */) {
      if (top?.array) top.index++;
      else if (top) top.key = undefined;
      continue;
    }
    if (c === 93 || c === 125 /* ] } */) {
      stack.pop();
      continue;
    }
    if (top && !top.array && top.key === undefined) {
      // A key: a string with no escapes among the keys looked for.
      const end = stringEnd(text, i);
      top.key = text.slice(i + 1, end);
      i = end;
      continue;
    }
    // A value begins here: is it a row's cell the records are read from?
    if (stack.length === 5 && stack[1]?.under === 'tables' && (stack[3]?.under === 'rows' || stack[3]?.under === 'Rows') && top?.index === column(stack[1].index)) {
      const table = stack[1].index;
      (lines[table] ??= [])[stack[3].index] = line;
    }
    if (c === 91 || c === 123 /* [ { */) {
      stack.push({ array: c === 91, under: top?.array === false ? top.key : undefined, index: 0, key: undefined });
    } else if (c === 34 /* " */) {
      i = stringEnd(text, i);
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i + 1 < text.length && !DELIMITER.test(text[i + 1] as string)) i++;
    }
  }
  return lines;
}

const DELIMITER = /[,\]}\s]/;

/** The index of the quote closing the string opened at `start` (a JSON string holds no raw line break). */
function stringEnd(text: string, start: number): number {
  let end = start;
  for (;;) {
    end = text.indexOf('"', end + 1);
    if (end < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
}
