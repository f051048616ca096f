// Where each row of a query result ({"tables": …}) sits in its file.
// JSON.parse keeps no positions, and the line alone is not enough: `az
// monitor app-insights query` writes the result pretty-printed, a row's
// message on a line of its own, but the same result fetched from the REST
// API (curl) is one single line. So each row is named by its number, the
// line its `message` cell begins on and, when text comes before it on that
// line, the column (see recordPlace). jsonc-parser (VS Code's JSON parser,
// which the flow loader uses too) walks the text and says where each value
// is: ~0.4 s for a 72 MB export.

import { beginsItsLine, type RecordPlace } from './recordPlace';

/**
 * For each table (in order), where each row's cell `column(table)` is: the
 * values at `tables[t].rows[r][column]` (or `Rows`), as the row's place.
 */
export function queryResultPlaces(text: string, column: (table: number) => number): RecordPlace[][] {
  const { visit } = require('jsonc-parser') as typeof import('jsonc-parser');
  const places: RecordPlace[][] = [];
  visit(text, {
    onLiteralValue(_value, offset, _length, startLine, startCharacter, pathSupplier) {
      const path = pathSupplier();
      if (path.length !== 5) return;
      const [tables, table, rows, row, cell] = path;
      if (tables === 'tables' && (rows === 'rows' || rows === 'Rows') && typeof table === 'number' && typeof row === 'number' && cell === column(table)) {
        (places[table] ??= [])[row] = {
          line: startLine + 1,
          ...(beginsItsLine(text, offset) ? {} : { column: startCharacter + 1 }),
          row: row + 1,
          ...(table > 0 ? { table: table + 1 } : {}),
        };
      }
    },
  });
  return places;
}
