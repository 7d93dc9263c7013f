// An import file as validated rows: opens the CSV, resolves the header for the import kind, checks and validates each row.
import type { ImportField, ImportKind } from './codes.ts';
import { resolveHeader } from './columns.ts';
import { openCsv, type CsvLimits } from './csv-reader.ts';
import { rowValidator, type RowCells, type RowValidation } from './row-schemas.ts';
import type { ImportSource } from './utf8-text.ts';

export interface ReadRowsOptions {
  kind: ImportKind;
  /** The organisation imported into; a row naming another CVR is refused. */
  cvr: string;
  limits?: Partial<CsvLimits>;
  /** Bounds CPR and birth dates (defaults to now; tests pin it). */
  today?: Date;
}

/**
 * Every data row of the file, validated, in file order; blank rows (every cell empty) are skipped, before the
 * header too. A file-level
 * problem (encoding, size, header, quoting) is thrown as ImportFileError, possibly after some rows were yielded.
 */
export async function* readImportRows(source: ImportSource, options: ReadRowsOptions): AsyncGenerator<RowValidation> {
  const { records } = await openCsv(source, options.limits);
  const validate = rowValidator(options.kind, options.cvr, options.today);
  let fields: ImportField[] | undefined;
  for await (const { row, cells } of records) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    if (!fields) {
      fields = resolveHeader(options.kind, cells);
      continue;
    }
    if (cells.length < fields.length) {
      yield { ok: false, row, issues: [{ code: 'missing_cells' }] };
      continue;
    }
    // Trailing empty cells (a spreadsheet's stray delimiters) are harmless; anything more is an extra column.
    if (cells.slice(fields.length).some((cell) => cell.trim() !== '')) {
      yield { ok: false, row, issues: [{ code: 'extra_cells' }] };
      continue;
    }
    const byField: RowCells = {};
    fields.forEach((field, i) => {
      byField[field] = cells[i];
    });
    yield validate(row, byField);
  }
}
