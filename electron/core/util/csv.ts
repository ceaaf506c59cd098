/**
 * CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break. Cells that a spreadsheet would run as a formula
 * (=, +, -, @ first, after spaces or full-width; tab or CR first) are prefixed with a single
 * quote (OWASP CSV injection).
 */
export type CsvCell = string | number | boolean | null | undefined;

// Behind spaces too, and in full-width forms (＝ ＋ － ＠), which some spreadsheets also run.
const FORMULA_START = /^[\t\r]|^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole CSV document: a header line, then one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
