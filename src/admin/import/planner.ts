// PURE: what each valid import row does to the organisation's current users — create, update (which fields) or nothing.
import { createHash } from 'node:crypto';
import type { Role } from '../../directory/records.ts';
import type { ImportField, ImportKind, RowIssue } from './codes.ts';
import type { ImportRow, RowValidation } from './row-schemas.ts';

/**
 * A current (not deleted) business user of the organisation, as plain data; a directory BusinessUserRecord is one
 * as it is. A CPR is known only by its key (the directory's keyed hash).
 */
export interface ExistingUser {
  uuid: string;
  rid?: string | undefined;
  /** The organisation's own key for the user (new-users import); the directory record has none yet. */
  externalId?: string | undefined;
  givenName: string;
  familyName: string;
  email?: string | undefined;
  /** `erased`: a deleted user's tombstone (callers pass current users; such a user never matches a person). */
  identity: { kind: 'cpr'; cprKey: string } | { kind: 'birthdate'; birthDate: string } | { kind: 'erased' };
  roles: readonly Role[];
  rights: readonly string[];
}

/** The fields an import may change on an existing user (never who the user is: CPR, birth date, RID). */
export type UpdatableField = Extract<ImportField, 'given_name' | 'family_name' | 'email' | 'external_id' | 'roles' | 'rights'>;

export type RowDecision =
  | { kind: 'create'; row: ImportRow }
  | { kind: 'update'; row: ImportRow; uuid: string; fields: UpdatableField[] }
  | { kind: 'unchanged'; row: ImportRow; uuid: string }
  | { kind: 'refused'; row: number; issues: RowIssue[] };

export interface PlannerInput {
  kind: ImportKind;
  existing: readonly ExistingUser[];
  /** The directory's keyed digest of a CPR (the same one ExistingUser.identity.cprKey holds). */
  cprKey: (cpr: string) => string;
}

/**
 * A planner over one file: call it with each validated row in file order. It remembers the rows it has seen
 * (a key and a digest each, not the rows), so a repeated RID / external ID / e-mail or a second row for the
 * same user is refused instead of planned twice.
 */
export function createPlanner({ kind, existing, cprKey }: PlannerInput): (validation: RowValidation) => RowDecision {
  const byRid = new Map<string, ExistingUser>();
  const byExternalId = new Map<string, ExistingUser>();
  const byEmail = new Map<string, ExistingUser[]>();
  for (const user of existing) {
    if (user.rid !== undefined) byRid.set(user.rid, user);
    if (user.externalId !== undefined) byExternalId.set(user.externalId, user);
    if (user.email !== undefined) byEmail.set(user.email.toLowerCase(), [...(byEmail.get(user.email.toLowerCase()) ?? []), user]);
  }
  const seenKeys = new Map<string, number>();
  const plannedUsers = new Set<string>();

  /** The existing user a row is about, undefined for a new one, or the issue that forbids deciding. */
  function match(row: ImportRow): ExistingUser | undefined | RowIssue {
    if (kind === 'nemid') return byRid.get(row.rid!);
    const byId = row.externalId !== undefined ? byExternalId.get(row.externalId) : undefined;
    if (byId) return byId;
    // By e-mail, and only the same person (CPR or birth date): an e-mail is no identity (mailboxes are shared).
    // Users with an external ID of their own are other users, and so are users an earlier row of this file claimed.
    const candidates = (byEmail.get(row.email) ?? []).filter((user) =>
      user.externalId === undefined && !plannedUsers.has(user.uuid) && sameIdentity(row, user, cprKey));
    if (candidates.length > 1) return { code: 'ambiguous_match', field: 'email' };
    return candidates[0];
  }

  return (validation) => {
    if (!validation.ok) return { kind: 'refused', row: validation.row, issues: validation.issues };
    const row = validation.row;
    const key = rowKey(kind, row);
    const digest = rowDigest(row);
    const earlier = seenKeys.get(key.value);
    if (earlier !== undefined) return refused(row, { code: earlier === digest ? 'duplicate_row' : 'duplicate_key', field: key.field });
    seenKeys.set(key.value, digest);

    const user = match(row);
    if (user === undefined) return { kind: 'create', row };
    if (!('uuid' in user)) return refused(row, user);
    if (plannedUsers.has(user.uuid)) return refused(row, { code: 'duplicate_key', field: key.field });
    plannedUsers.add(user.uuid);
    if (!sameIdentity(row, user, cprKey)) return refused(row, { code: 'identity_differs', field: row.identity.kind === 'cpr' ? 'cpr' : 'birth_date' });
    const fields = changedFields(row, user);
    return fields.length === 0 ? { kind: 'unchanged', row, uuid: user.uuid } : { kind: 'update', row, uuid: user.uuid, fields };
  };
}

/** Plans a whole file at once (tests, small files). */
export function planRows(input: PlannerInput, validations: Iterable<RowValidation>): RowDecision[] {
  const plan = createPlanner(input);
  return [...validations].map(plan);
}

/** The fields of `row` that differ from `user`; an absent optional column changes nothing. */
export function changedFields(row: ImportRow, user: ExistingUser): UpdatableField[] {
  const fields: UpdatableField[] = [];
  if (row.givenName !== user.givenName) fields.push('given_name');
  if (row.familyName !== user.familyName) fields.push('family_name');
  if (row.email !== user.email?.toLowerCase()) fields.push('email');
  if (row.externalId !== undefined && row.externalId !== user.externalId) fields.push('external_id');
  if (row.roles !== undefined && !sameSet(row.roles, user.roles)) fields.push('roles');
  if (row.rights !== undefined && !sameSet(row.rights, user.rights)) fields.push('rights');
  return fields;
}

function sameIdentity(row: ImportRow, user: ExistingUser, cprKey: (cpr: string) => string): boolean {
  if (row.identity.kind === 'cpr') return user.identity.kind === 'cpr' && user.identity.cprKey === cprKey(row.identity.cpr);
  return user.identity.kind === 'birthdate' && user.identity.birthDate === row.identity.birthDate;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/** What identifies a row within its file: RID (NemID), else the external ID, else the e-mail. */
function rowKey(kind: ImportKind, row: ImportRow): { field: ImportField; value: string } {
  if (kind === 'nemid') return { field: 'rid', value: `rid:${row.rid}` };
  if (row.externalId !== undefined) return { field: 'external_id', value: `external_id:${row.externalId}` };
  return { field: 'email', value: `email:${row.email}` };
}

/** 48 bits of a hash of the row's content (not its row number): tells a repeated row from a conflicting one without keeping rows. */
function rowDigest(row: ImportRow): number {
  const { row: _number, ...content } = row;
  return createHash('sha256').update(JSON.stringify(content)).digest().readUIntBE(0, 6);
}

function refused(row: ImportRow, issue: RowIssue): RowDecision {
  return { kind: 'refused', row: row.row, issues: [issue] };
}
