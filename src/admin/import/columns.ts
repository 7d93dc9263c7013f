// The columns of each import kind: header names (English and Danish aliases) → canonical fields, and which are required.
import type { ImportField, ImportKind } from './codes.ts';
import { ImportFileError, maskDigits } from './errors.ts';

/** Accepted header names per field, compared after `headerKey` (case, spaces, `-`, `_`, `.` ignored). */
export const COLUMN_ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  rid: ['rid', 'RID-nummer', 'RID-nr'],
  external_id: ['external_id', 'external id', 'Eksternt ID', 'Ekstern ID', 'Medarbejdernummer'],
  given_name: ['given_name', 'first name', 'Fornavn', 'Fornavne'],
  family_name: ['family_name', 'last name', 'surname', 'Efternavn'],
  email: ['email', 'e-mail', 'mail', 'E-mailadresse', 'Mailadresse'],
  cpr: ['cpr', 'CPR-nummer', 'CPR-nr'],
  birth_date: ['birth_date', 'date of birth', 'Fødselsdato'],
  roles: ['roles', 'administrator roles', 'Roller', 'Administratorroller'],
  rights: ['rights', 'privileges', 'Rettigheder'],
  cvr: ['cvr', 'CVR-nummer', 'CVR-nr'],
};

interface KindColumns {
  /** Columns that must be present. */
  required: readonly ImportField[];
  /** At least one of these must be present (CPR or birth date; each row then gives exactly one). */
  oneOf: readonly ImportField[];
  /** Columns that may be present; an absent optional column leaves that field of existing users as it is. */
  optional: readonly ImportField[];
}

export const KIND_COLUMNS: Readonly<Record<ImportKind, KindColumns>> = {
  nemid: { required: ['rid', 'given_name', 'family_name', 'email'], oneOf: ['cpr', 'birth_date'], optional: ['roles', 'rights', 'cvr'] },
  users: {
    required: ['given_name', 'family_name', 'email'],
    oneOf: ['cpr', 'birth_date'],
    optional: ['external_id', 'roles', 'rights', 'cvr'],
  },
};

/** A header cell reduced for comparison: NFC, lower case, without spaces, `-`, `_` and `.`. */
export function headerKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_.]/g, '');
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  Object.entries(COLUMN_ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [headerKey(alias), field as ImportField] as const)),
);

/** The field each column holds (by position); throws ImportFileError for a header this kind cannot use. */
export function resolveHeader(kind: ImportKind, header: readonly string[]): ImportField[] {
  const columns = KIND_COLUMNS[kind];
  const allowed = new Set<ImportField>([...columns.required, ...columns.oneOf, ...columns.optional]);
  const fields = header.map((name) => FIELD_BY_KEY.get(headerKey(name)));
  if (fields.every((field) => field === undefined)) throw new ImportFileError('missing_header', { line: 1 });
  const seen = new Set<ImportField>();
  header.forEach((name, i) => {
    const field = fields[i];
    if (field === undefined || !allowed.has(field)) throw new ImportFileError('unknown_column', { line: 1, column: maskDigits(name) });
    if (seen.has(field)) throw new ImportFileError('duplicate_column', { line: 1, column: maskDigits(name) });
    seen.add(field);
  });
  const missing = columns.required.find((field) => !seen.has(field));
  if (missing) throw new ImportFileError('missing_column', { line: 1, column: missing });
  if (!columns.oneOf.some((field) => seen.has(field)))
    throw new ImportFileError('missing_column', { line: 1, column: columns.oneOf.join(' / ') });
  return fields as ImportField[];
}
