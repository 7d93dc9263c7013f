// The stable vocabulary of an import: its two kinds, its fields, and every reason code a file or a row is refused with.

/** `nemid`: NemID employee signatures (keyed by RID); `users`: new business users (keyed by external ID or e-mail). */
export const IMPORT_KINDS = ['nemid', 'users'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The canonical column (and report field) names. */
export const IMPORT_FIELDS = [
  'rid',
  'external_id',
  'given_name',
  'family_name',
  'email',
  'cpr',
  'birth_date',
  'roles',
  'rights',
  'cvr',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Why a whole file is refused (nothing of it is planned). */
export const FILE_ERROR_CODES = [
  'empty_file', // no header row
  'file_too_large', // over the configured byte limit
  'encoding_latin1', // not UTF-8, and looks like Latin-1 / Windows-1252 (æ, ø, å as single bytes)
  'encoding_not_utf8', // not UTF-8, no recognisable legacy encoding
  'encoding_utf16', // UTF-16 (byte-order mark or NUL bytes), e.g. Excel's "Unicode text"
  'malformed_quoting', // a quote where none may be; the rows after it cannot be read reliably
  'quote_not_closed', // a quoted cell never ends
  'record_too_large', // one row over the per-row byte limit (usually an unclosed quote)
  'missing_header', // the first row names no known column (e.g. the header row is missing)
  'missing_column', // a required column is absent
  'unknown_column', // a column this import does not know (a typo would otherwise drop data silently)
  'duplicate_column', // two columns mean the same field
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** Why one row is refused (the other rows are still planned). */
export const ROW_ERROR_CODES = [
  'missing_cells', // fewer cells than the header
  'extra_cells', // more cells than the header
  'required', // an empty cell in a required column
  'invalid_rid',
  'invalid_external_id',
  'invalid_name',
  'invalid_email',
  'invalid_cpr', // not 10 digits with a real past date (DDMMYY-SSSS); the value is never echoed
  'invalid_birth_date',
  'cpr_and_birth_date', // both given: exactly one is allowed
  'cpr_or_birth_date_required', // neither given
  'invalid_role',
  'invalid_right', // not a URN
  'unknown_right', // a URN the rights catalogue does not have (an operator adds it first, as for a single assignment)
  'invalid_cvr',
  'other_organisation', // the row's CVR (or the RID's CVR) is not the organisation being imported into
  'duplicate_row', // the same person as an earlier row of the file, identical
  'duplicate_key', // the same RID / external ID / e-mail as an earlier row, with other content
  'identity_differs', // the matched user has another CPR or birth date: import never changes who a user is
  'ambiguous_match', // the e-mail (and person) matches several existing users without an external ID
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** What an accepted row will do. */
export const PLAN_ACTIONS = ['create', 'update', 'unchanged'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** One reason a row is refused; `field` names the column when one is at fault. */
export interface RowIssue {
  code: RowErrorCode;
  field?: ImportField;
}
