// The row schemas of both imports (zod): cells by canonical field in, a typed ImportRow or the row's issues out.
import { z } from 'zod';
import type { Role } from '../../directory/records.ts';
import { ROW_ERROR_CODES, type ImportField, type ImportKind, type RowErrorCode, type RowIssue } from './codes.ts';
import { birthDateCell, cprCell, cvrCell, emailCell, externalIdCell, nameCell, ridCell, rightsCell, rolesCell } from './fields.ts';

/** Who the person is: exactly one of CPR (10 digits) or birth date (YYYY-MM-DD). */
export type PersonIdentity = { kind: 'cpr'; cpr: string } | { kind: 'birthdate'; birthDate: string };

/** A valid row. Optional fields are undefined when their column is absent (or, for external_id, the cell is empty). */
export interface ImportRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** NemID import only: the signature's RID, digits. */
  rid?: string;
  /** New-users import only: the organisation's own key for the user. */
  externalId?: string;
  givenName: string;
  familyName: string;
  email: string;
  identity: PersonIdentity;
  roles?: Role[];
  rights?: string[];
}

export type RowValidation = { ok: true; row: ImportRow } | { ok: false; row: number; issues: RowIssue[] };

/** Cells of one row by field; a field whose column is absent is missing. */
export type RowCells = Partial<Record<ImportField, string>>;

/** An empty cell counts as not given (for the optional fields and the CPR / birth date pair). */
const optionalCell = <T extends z.ZodType>(schema: T) =>
  z.preprocess((cell) => (typeof cell === 'string' && cell.trim() === '' ? undefined : cell), schema.optional());

const KNOWN_CODES = new Set<string>(ROW_ERROR_CODES);

/** Validates rows of one import kind into one organisation; `today` bounds birth dates (tests pin it). */
export function rowValidator(kind: ImportKind, targetCvr: string, today: Date = new Date()): (row: number, cells: RowCells) => RowValidation {
  const schema = z
    .object({
      rid: kind === 'nemid' ? ridCell : z.undefined().optional(),
      external_id: kind === 'users' ? optionalCell(externalIdCell) : z.undefined().optional(),
      given_name: nameCell,
      family_name: nameCell,
      email: emailCell,
      cpr: optionalCell(cprCell(today)),
      birth_date: optionalCell(birthDateCell(today)),
      roles: rolesCell.optional(),
      rights: rightsCell.optional(),
      cvr: optionalCell(cvrCell),
    })
    .superRefine((cells, ctx) => {
      if (cells.cpr !== undefined && cells.birth_date !== undefined) ctx.addIssue({ code: 'custom', path: ['birth_date'], message: 'cpr_and_birth_date' });
      if (cells.cvr !== undefined && cells.cvr !== targetCvr) ctx.addIssue({ code: 'custom', path: ['cvr'], message: 'other_organisation' });
      if (cells.rid?.cvr !== undefined && cells.rid.cvr !== targetCvr) ctx.addIssue({ code: 'custom', path: ['rid'], message: 'other_organisation' });
    });

  return (row, cells) => {
    const parsed = schema.safeParse(cells);
    if (!parsed.success) return { ok: false, row, issues: toIssues(parsed.error, cells) };
    const value = parsed.data;
    const identity: PersonIdentity | undefined = value.cpr !== undefined ? { kind: 'cpr', cpr: value.cpr } : value.birth_date !== undefined ? { kind: 'birthdate', birthDate: value.birth_date } : undefined;
    if (!identity) return { ok: false, row, issues: [{ code: 'cpr_or_birth_date_required', field: cells.cpr !== undefined ? 'cpr' : 'birth_date' }] };
    return {
      ok: true,
      row: {
        row,
        ...(value.rid ? { rid: value.rid.rid } : {}),
        ...(value.external_id !== undefined ? { externalId: value.external_id } : {}),
        givenName: value.given_name,
        familyName: value.family_name,
        email: value.email,
        identity,
        ...(value.roles !== undefined ? { roles: value.roles } : {}),
        ...(value.rights !== undefined ? { rights: value.rights } : {}),
      },
    };
  };
}

/** zod issues → stable codes by field; a value is never copied into an issue. */
function toIssues(error: z.ZodError, cells: RowCells): RowIssue[] {
  const issues = error.issues.map((issue): RowIssue => {
    const field = issue.path[0] as ImportField | undefined;
    const code: RowErrorCode = KNOWN_CODES.has(issue.message) ? (issue.message as RowErrorCode) : 'required';
    return field ? { code, field } : { code };
  });
  if (cells.cpr === undefined || cells.cpr.trim() === '') {
    if (cells.birth_date === undefined || cells.birth_date.trim() === '') issues.push({ code: 'cpr_or_birth_date_required', field: cells.cpr !== undefined ? 'cpr' : 'birth_date' });
  }
  return issues;
}
