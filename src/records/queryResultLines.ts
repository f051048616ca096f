// Where each row of a query result ({"tables": …}, as `az monitor
// app-insights query` writes it, pretty-printed) sits in its file. JSON.parse
// keeps no positions, and a row's number is no help to someone opening the
// file: its records are named by the line their `message` cell begins on.
// jsonc-parser (VS Code's JSON parser, which the flow loader uses too) walks
// the text and says where each value is: ~0.4 s for a 72 MB export.

/**
 * For each table (in order), the line each row's cell `column(table)` begins
 * on: the values at `tables[t].rows[r][column]` (or `Rows`).
 */
export function queryResultLines(text: string, column: (table: number) => number): number[][] {
  const { visit } = require('jsonc-parser') as typeof import('jsonc-parser');
  const lines: number[][] = [];
  visit(text, {
    onLiteralValue(_value, _offset, _length, startLine, _startCharacter, pathSupplier) {
      const path = pathSupplier();
      if (path.length !== 5) return;
      const [tables, table, rows, row, cell] = path;
      if (tables === 'tables' && (rows === 'rows' || rows === 'Rows') && typeof table === 'number' && typeof row === 'number' && cell === column(table)) {
        (lines[table] ??= [])[row] = startLine + 1;
      }
    },
  });
  return lines;
}
