// The planner: create / update (which fields) / unchanged per row, duplicates refused, identity never changed by an import.
import { describe, expect, it } from 'vitest';
import { planRows, type ExistingUser } from '../../../src/admin/import/planner.ts';
import type { ImportRow, RowValidation } from '../../../src/admin/import/row-schemas.ts';
import type { BusinessUserRecord } from '../../../src/directory/records.ts';
import { applyDecisions, changes, cprKey } from './support.ts';

const row = (number: number, fields: Partial<ImportRow> = {}): RowValidation => ({
  ok: true,
  row: { row: number, givenName: 'Jens', familyName: 'Hansen', email: 'jens@firma.dk', identity: { kind: 'cpr', cpr: '0101801234' }, roles: [], rights: [], ...fields },
});

const jens: ExistingUser = {
  uuid: 'u-1', rid: '1001', givenName: 'Jens', familyName: 'Hansen', email: 'jens@firma.dk',
  identity: { kind: 'cpr', cprKey: cprKey('0101801234') }, roles: [], rights: [],
};

const nemid = (existing: ExistingUser[], rows: RowValidation[]) => planRows({ kind: 'nemid', existing, cprKey }, rows);
const users = (existing: ExistingUser[], rows: RowValidation[]) => planRows({ kind: 'users', existing, cprKey }, rows);

describe('NemID import planning (matched by RID)', () => {
  it('creates a user for an unknown RID', () => {
    expect(nemid([], [row(2, { rid: '1001' })]).map((d) => d.kind)).toEqual(['create']);
  });

  it('one person with two signatures (two RIDs) becomes two users', () => {
    const decisions = nemid([], [row(2, { rid: '1001' }), row(3, { rid: '1002' })]);
    expect(decisions.map((d) => d.kind)).toEqual(['create', 'create']);
    expect(applyDecisions([], decisions).map((user) => user.rid).sort()).toEqual(['1001', '1002']);
  });

  it('plans nothing for an unchanged user, and the changed fields for a changed one', () => {
    expect(nemid([jens], [row(2, { rid: '1001' })])).toMatchObject([{ kind: 'unchanged', uuid: 'u-1' }]);
    const decisions = nemid([jens], [row(2, { rid: '1001', familyName: 'Hansen-Ø', roles: ['user_administrator'], rights: ['urn:dk:skat:tast'] })]);
    expect(decisions).toMatchObject([{ kind: 'update', uuid: 'u-1', fields: ['family_name', 'roles', 'rights'] }]);
  });

  it('compares roles and rights as sets, e-mail without case', () => {
    const existing = { ...jens, email: 'Jens@Firma.dk', roles: ['user_administrator', 'rights_administrator'] as const, rights: ['urn:b:x', 'urn:a:y'] };
    expect(nemid([{ ...existing, roles: [...existing.roles] }], [row(2, { rid: '1001', roles: ['rights_administrator', 'user_administrator'], rights: ['urn:a:y', 'urn:b:x'] })]))
      .toMatchObject([{ kind: 'unchanged' }]);
  });

  it('leaves roles and rights alone when the file has no such columns', () => {
    const existing = { ...jens, roles: ['user_administrator' as const], rights: ['urn:dk:skat:tast'] };
    const { roles: _roles, rights: _rights, ...rest } = (row(2, { rid: '1001' }) as { row: ImportRow }).row;
    expect(nemid([existing], [{ ok: true, row: rest }])).toMatchObject([{ kind: 'unchanged' }]);
  });

  it('refuses a row whose CPR differs from the matched user (an import never changes who a user is)', () => {
    expect(nemid([jens], [row(2, { rid: '1001', identity: { kind: 'cpr', cpr: '0202801234' } })])).toEqual([{ kind: 'refused', row: 2, issues: [{ code: 'identity_differs', field: 'cpr' }] }]);
    expect(nemid([jens], [row(2, { rid: '1001', identity: { kind: 'birthdate', birthDate: '1980-01-01' } })])).toMatchObject([{ kind: 'refused', issues: [{ code: 'identity_differs', field: 'birth_date' }] }]);
  });

  it('refuses a repeated row as duplicate_row and a repeated RID with other content as duplicate_key', () => {
    const decisions = nemid([], [row(2, { rid: '1001' }), row(3, { rid: '1001' }), row(4, { rid: '1001', givenName: 'Jan' })]);
    expect(decisions).toEqual([
      expect.objectContaining({ kind: 'create' }),
      { kind: 'refused', row: 3, issues: [{ code: 'duplicate_row', field: 'rid' }] },
      { kind: 'refused', row: 4, issues: [{ code: 'duplicate_key', field: 'rid' }] },
    ]);
  });

  it('passes refused validations through with their issues', () => {
    expect(nemid([], [{ ok: false, row: 5, issues: [{ code: 'invalid_email', field: 'email' }] }])).toEqual([{ kind: 'refused', row: 5, issues: [{ code: 'invalid_email', field: 'email' }] }]);
  });
});

describe('new-users import planning (matched by external ID, else e-mail)', () => {
  const anne: ExistingUser = { ...jens, uuid: 'u-2', rid: undefined, externalId: 'HR-2', givenName: 'Anne', email: 'anne@firma.dk', identity: { kind: 'birthdate', birthDate: '1979-12-31' } };
  const anneRow = (number: number, fields: Partial<ImportRow> = {}) => row(number, { givenName: 'Anne', email: 'anne@firma.dk', identity: { kind: 'birthdate', birthDate: '1979-12-31' }, ...fields });

  it('matches by external ID, so a changed e-mail is an update', () => {
    expect(users([anne], [anneRow(2, { externalId: 'HR-2', email: 'anne.m@firma.dk' })])).toMatchObject([{ kind: 'update', uuid: 'u-2', fields: ['email'] }]);
  });

  it('matches by e-mail a user without an external ID, and gives it the external ID', () => {
    const plain = { ...jens, uuid: 'u-3', rid: undefined };
    expect(users([plain], [row(2, { externalId: 'HR-3' })])).toMatchObject([{ kind: 'update', uuid: 'u-3', fields: ['external_id'] }]);
    expect(users([plain], [row(2)])).toMatchObject([{ kind: 'unchanged', uuid: 'u-3' }]);
  });

  it('creates a new user when the e-mail belongs to a user with another external ID', () => {
    expect(users([anne], [anneRow(2, { externalId: 'HR-9' })])).toMatchObject([{ kind: 'create' }]);
  });

  it('an e-mail match needs the same person: another CPR or birth date with that e-mail is a new user', () => {
    const plain = { ...jens, uuid: 'u-3', rid: undefined };
    expect(users([plain], [row(2, { identity: { kind: 'cpr', cpr: '0202901236' } })])).toMatchObject([{ kind: 'create' }]);
  });

  it('refuses a changed CPR when the external ID matches', () => {
    expect(users([anne], [anneRow(2, { externalId: 'HR-2', identity: { kind: 'cpr', cpr: '0101801234' } })])).toMatchObject([{ kind: 'refused', issues: [{ code: 'identity_differs', field: 'cpr' }] }]);
  });

  it('refuses an e-mail matching several users as ambiguous', () => {
    const twins = [{ ...jens, uuid: 'u-4', rid: undefined }, { ...jens, uuid: 'u-5', rid: undefined }];
    expect(users(twins, [row(2)])).toMatchObject([{ kind: 'refused', issues: [{ code: 'ambiguous_match', field: 'email' }] }]);
  });

  it('a second row with the e-mail of a user an earlier row already claimed is another user', () => {
    const plain = { ...jens, uuid: 'u-3', rid: undefined };
    const decisions = users([plain], [row(2, { externalId: 'HR-3' }), row(3)]);
    expect(decisions).toMatchObject([{ kind: 'update', uuid: 'u-3' }, { kind: 'create' }]);
  });

  it('re-running the same file after committing it plans no change', () => {
    const rows = [anneRow(2, { externalId: 'HR-2', familyName: 'Berg' }), row(3), row(4, { externalId: 'HR-7', email: 'ole@firma.dk', givenName: 'Ole' })];
    const first = users([anne], rows);
    expect(changes(first)).toHaveLength(3);
    expect(changes(users(applyDecisions([anne], first), rows))).toEqual([]);
  });
});

describe('planner input', () => {
  /** Compiles only while a directory record is planner input as it is. */
  const asExisting = (record: BusinessUserRecord): ExistingUser => record;

  it('takes the directory\'s business-user records as they are (e-mail optional there)', () => {
    const record = {
      uuid: 'u-9', cvr: '10000009', rid: '1001', givenName: 'Jens', familyName: 'Hansen', email: 'Jens@Firma.dk',
      identity: { kind: 'cpr', cprKey: cprKey('0101801234'), cprMasked: '010180-XXXX' }, state: 'imported', privateMitIdConsent: 'none',
      dedicatedMitIds: [], chosenMeans: [], sharedMitIds: [], roles: [], rights: [], createdAt: '2026-11-30T00:00:00.000Z', updatedAt: '2026-11-30T00:00:00.000Z', version: 1,
    } satisfies BusinessUserRecord;
    expect(nemid([asExisting(record)], [row(2, { rid: '1001' })])).toMatchObject([{ kind: 'unchanged', uuid: 'u-9' }]);
    const { email: _email, ...withoutEmail } = record;
    expect(nemid([asExisting(withoutEmail)], [row(2, { rid: '1001' })])).toMatchObject([{ kind: 'update', fields: ['email'] }]);
  });
});
