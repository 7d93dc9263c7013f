// The dry-run report: per row accepted (with its action) or refused (with field and code), totals, and any file error.
import type { FileErrorCode, ImportKind, PlanAction, RowIssue } from './codes.ts';
import type { FileErrorPlace } from './errors.ts';
import type { RowDecision, UpdatableField } from './planner.ts';

/** One row of the report. Carries no cell values: a CPR can never reach a page, the API or a CSV through it. */
export type RowOutcome =
  | { row: number; status: 'accepted'; action: PlanAction; fields?: UpdatableField[] }
  | { row: number; status: 'refused'; issues: RowIssue[] };

export interface ImportTotals {
  rows: number;
  accepted: number;
  refused: number;
  create: number;
  update: number;
  unchanged: number;
}

export interface DryRunReport {
  kind: ImportKind;
  cvr: string;
  /** Set when the whole file is refused; the rows listed are then only those read before the problem. */
  fileError?: { code: FileErrorCode } & FileErrorPlace;
  totals: ImportTotals;
  rows: RowOutcome[];
  /** Whether committing may go ahead: no file error and no refused row (a refused file writes nothing). */
  committable: boolean;
}

export function toOutcome(decision: RowDecision): RowOutcome {
  switch (decision.kind) {
    case 'refused':
      return { row: decision.row, status: 'refused', issues: decision.issues };
    case 'update':
      return { row: decision.row.row, status: 'accepted', action: 'update', fields: decision.fields };
    default:
      return { row: decision.row.row, status: 'accepted', action: decision.kind };
  }
}

/** Collects outcomes into a report; `keepRows: false` keeps only the totals (for huge files or benchmarks). */
export function reportBuilder(kind: ImportKind, cvr: string, keepRows = true) {
  const totals: ImportTotals = { rows: 0, accepted: 0, refused: 0, create: 0, update: 0, unchanged: 0 };
  const rows: RowOutcome[] = [];
  let fileError: DryRunReport['fileError'];
  return {
    add(decision: RowDecision): void {
      totals.rows += 1;
      if (decision.kind === 'refused') totals.refused += 1;
      else {
        totals.accepted += 1;
        totals[decision.kind] += 1;
      }
      if (keepRows) rows.push(toOutcome(decision));
    },
    fail(code: FileErrorCode, place: FileErrorPlace): void {
      fileError = { code, ...place };
    },
    build(): DryRunReport {
      return { kind, cvr, ...(fileError ? { fileError } : {}), totals: { ...totals }, rows, committable: !fileError && totals.refused === 0 };
    },
  };
}
