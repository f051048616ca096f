// Where a record is in the file given, in the words every command names it
// by. A line of JSON lines or CSV is found by its number. A row of a JSON
// document (a query result's `tables`, an export's array) is named by its
// row, as `jq` or a reader counts them, and the line it is on; when other
// text comes before it on that line (a query result fetched from the REST
// API is one single line, so every row is on line 1) also by the column,
// where an editor's "go to line:column" finds it.

export interface RecordPlace {
  /** The file's line the record begins on, from 1. */
  line: number;
  /** The column it begins at, from 1: given only when text comes before it on its line. */
  column?: number;
  /** Its row in the JSON document, from 1 (`rows[row - 1]`, or the array's element). */
  row?: number;
  /** In a query result of several tables, the table the row is in, from 1 (`tables[table - 1]`); absent for the first. */
  table?: number;
}

/** "line 12", "row 37, line 412", "row 37, line 1, column 18234", "row 5 of table 2, line 1, column 900". */
export function placeOf(place: RecordPlace): string {
  const line = `line ${place.line}${place.column === undefined ? '' : `, column ${place.column}`}`;
  if (place.row === undefined) return line;
  return `row ${place.row}${place.table === undefined ? '' : ` of table ${place.table}`}, ${line}`;
}

/** Several places: "line 2" or "lines 2, 5, 8" when all are lines, else each named in full: "row 3, line 1, column 80; row 9, line 1, column 900". */
export function placesOf(places: readonly RecordPlace[]): string {
  if (places.every((place) => place.row === undefined && place.column === undefined)) {
    return `line${places.length === 1 ? '' : 's'} ${places.map((place) => place.line).join(', ')}`;
  }
  return places.map(placeOf).join('; ');
}

/** Whether a character is one JSON allows between values (space, tab, CR, LF), or the byte-order mark a file may begin with. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

/** Whether only blanks come before `offset` on its line of `text` (looks back only as far as the line's first non-blank). */
export function beginsItsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}
