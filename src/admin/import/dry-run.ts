// The import pipeline: bytes → validated rows → decisions (streamed, for the commit) or a dry-run report.
import { isValidCvr } from '../../domain/cvr.ts';
import { ImportFileError } from './errors.ts';
import { createPlanner, type ExistingUser, type RowDecision } from './planner.ts';
import { readImportRows, type ReadRowsOptions } from './read-rows.ts';
import { reportBuilder, type DryRunReport } from './report.ts';
import type { ImportSource } from './utf8-text.ts';

export interface PlanImportOptions extends ReadRowsOptions {
  /** The organisation's current (not deleted) business users. */
  existing: readonly ExistingUser[];
  cprKey: (cpr: string) => string;
}

/** Each row's decision in file order; throws ImportFileError when the file itself is refused. */
export async function* planImport(source: ImportSource, options: PlanImportOptions): AsyncGenerator<RowDecision> {
  if (!isValidCvr(options.cvr)) throw new TypeError('planImport: the target CVR must be a valid CVR number');
  const plan = createPlanner({ kind: options.kind, existing: options.existing, cprKey: options.cprKey });
  for await (const validation of readImportRows(source, options)) yield plan(validation);
}

/** Reads, validates and plans the whole file without writing anything; a file error becomes the report's fileError. */
export async function dryRunImport(source: ImportSource, options: PlanImportOptions & { keepRows?: boolean }): Promise<DryRunReport> {
  const report = reportBuilder(options.kind, options.cvr, options.keepRows ?? true);
  try {
    for await (const decision of planImport(source, options)) report.add(decision);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.fail(error.code, error.place);
  }
  return report.build();
}
