// CSV export safe to open in a spreadsheet (csv-stringify): no cell can start a formula, and UTF-8 with BOM for Excel.
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

export interface SafeCsvColumn {
  key: string;
  header: string;
}

export interface SafeCsvOptions {
  /** `;` by default: Danish Excel splits on it when the file is opened by double-click. */
  delimiter?: ';' | ',';
}

/**
 * What csv-stringify's `escape_formulas` leaves out: spreadsheets also start formulas from full-width
 * `＝ ＋ － ＠` and after leading spaces. Such cells get the same `'` prefix.
 */
const FORMULA_START_NOT_COVERED = /^(?:[\uFF1D\uFF0B\uFF0D\uFF20]|[ \u00a0\n]+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r])|^\n/;

function neutraliseUncovered(value: string): string {
  return FORMULA_START_NOT_COVERED.test(value) ? `'${value}` : value;
}

function options(columns: readonly SafeCsvColumn[], { delimiter = ';' }: SafeCsvOptions): Options {
  return {
    bom: true,
    delimiter,
    header: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
    record_delimiter: 'windows',
    // `=`, `+`, `-`, `@`, tab and CR at the start of a cell get a `'` prefix (OWASP CSV injection).
    escape_formulas: true,
    // Quote any cell holding either delimiter, so opening the file with the other locale's delimiter cannot split a cell into a formula.
    quoted_match: /[;,]/,
    cast: { string: neutraliseUncovered },
  };
}

/** A streaming writer: write row objects, read CSV text. */
export function safeCsvStringifier(columns: readonly SafeCsvColumn[], csvOptions: SafeCsvOptions = {}): Stringifier {
  return stringify(options(columns, csvOptions));
}

/** The whole CSV text of a (small) list of rows. */
export function toSafeCsv(
  rows: readonly Record<string, unknown>[],
  columns: readonly SafeCsvColumn[],
  csvOptions: SafeCsvOptions = {},
): string {
  return stringifySync([...rows], options(columns, csvOptions));
}
