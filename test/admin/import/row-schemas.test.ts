// Row validation of both imports: every field's refusal has its stable code and field, and a CPR is never echoed.
import { describe, expect, it } from 'vitest';
import { rowValidator, type RowCells } from '../../../src/admin/import/row-schemas.ts';

const CVR = '10000009';
const OTHER_CVR = '10000017';
const TODAY = new Date('2026-11-30T00:00:00Z');
const nemid = rowValidator('nemid', CVR, TODAY);
const users = rowValidator('users', CVR, TODAY);

const person: RowCells = { given_name: ' Søren  Peter ', family_name: 'Ærø-Hansen', email: 'Soren@Firma.DK', cpr: '010180-1234', roles: '', rights: '' };

function issuesOf(result: ReturnType<typeof nemid>) {
  return result.ok ? [] : result.issues;
}

describe('NemID rows', () => {
  it('accepts a full row and normalises it', () => {
    const result = nemid(2, { ...person, rid: '1001', roles: 'Brugeradministrator | rights_administrator', rights: 'urn:dk:skat:tast,urn:dk:post:read urn:dk:skat:tast' });
    expect(result).toEqual({
      ok: true,
      row: {
        row: 2, rid: '1001', givenName: 'Søren Peter', familyName: 'Ærø-Hansen', email: 'soren@firma.dk',
        identity: { kind: 'cpr', cpr: '0101801234' }, roles: ['rights_administrator', 'user_administrator'], rights: ['urn:dk:post:read', 'urn:dk:skat:tast'],
      },
    });
  });

  it('accepts the certificate form of an RID for the target CVR', () => {
    const result = nemid(2, { ...person, rid: `CVR:${CVR}-RID:1234567890` });
    expect(result.ok && result.row.rid).toBe('1234567890');
  });

  it('refuses an RID certificate of another organisation', () => {
    expect(issuesOf(nemid(2, { ...person, rid: `CVR:${OTHER_CVR}-RID:1234567890` }))).toEqual([{ code: 'other_organisation', field: 'rid' }]);
  });

  it.each([
    ['rid', 'abc', 'invalid_rid'],
    ['rid', '', 'required'],
    ['given_name', '', 'required'],
    ['given_name', '=SUM(A1)', 'invalid_name'],
    ['family_name', 'x'.repeat(101), 'invalid_name'],
    ['email', 'not-an-email', 'invalid_email'],
    ['cpr', '3213801234', 'invalid_cpr'],
    ['cpr', '01018012', 'invalid_cpr'],
    ['roles', 'superuser', 'invalid_role'],
    ['rights', 'skat-tast', 'invalid_right'],
    ['cvr', '12345678', 'invalid_cvr'],
    ['cvr', OTHER_CVR, 'other_organisation'],
  ] as const)('refuses %s = %j with %s', (field, value, code) => {
    expect(issuesOf(nemid(7, { ...person, rid: '1001', [field]: value }))).toContainEqual({ code, field });
  });

  it('reports every bad field of a row at once', () => {
    const issues = issuesOf(nemid(3, { ...person, rid: 'x', email: 'y', roles: 'z' }));
    expect(issues.map((issue) => issue.field).sort()).toEqual(['email', 'rid', 'roles']);
  });

  it('never echoes a CPR in the issues', () => {
    const result = nemid(4, { ...person, rid: '1001', cpr: '3213801234', birth_date: '1980-01-01' });
    expect(JSON.stringify(result)).not.toContain('3213801234');
  });
});

describe('CPR or birth date: exactly one', () => {
  it('accepts a birth date in ISO or Danish form', () => {
    for (const birthDate of ['1979-12-31', '31-12-1979', '31.12.1979', '31/12/1979']) {
      const result = users(2, { ...person, cpr: '', birth_date: birthDate });
      expect(result.ok && result.row.identity).toEqual({ kind: 'birthdate', birthDate: '1979-12-31' });
    }
  });

  it('refuses both', () => {
    expect(issuesOf(users(2, { ...person, birth_date: '1979-12-31' }))).toEqual([{ code: 'cpr_and_birth_date', field: 'birth_date' }]);
  });

  it('refuses neither (empty cells, or only one of the columns present and empty)', () => {
    expect(issuesOf(users(2, { ...person, cpr: '', birth_date: ' ' }))).toContainEqual({ code: 'cpr_or_birth_date_required', field: 'cpr' });
    const { cpr: _cpr, ...withoutCpr } = person;
    expect(issuesOf(users(2, { ...withoutCpr, birth_date: '' }))).toEqual([{ code: 'cpr_or_birth_date_required', field: 'birth_date' }]);
  });

  it.each(['1899-12-31', '2027-01-01', '31-02-1980', '1980-1-1', 'yesterday'])('refuses the birth date %s', (birthDate) => {
    expect(issuesOf(users(2, { ...person, cpr: '', birth_date: birthDate }))).toContainEqual({ code: 'invalid_birth_date', field: 'birth_date' });
  });
});

describe('new-user rows', () => {
  it('takes an optional external ID; an empty cell is none', () => {
    const withId = users(2, { ...person, external_id: ' HR-42 ' });
    expect(withId.ok && withId.row.externalId).toBe('HR-42');
    const withoutId = users(2, { ...person, external_id: '' });
    expect(withoutId.ok && 'externalId' in withoutId.row).toBe(false);
  });

  it('leaves roles and rights undefined when their columns are absent (the file does not manage them)', () => {
    const { roles: _roles, rights: _rights, ...cells } = person;
    const result = users(2, cells);
    expect(result.ok && [result.row.roles, result.row.rights]).toEqual([undefined, undefined]);
  });

  it('refuses an external ID with control characters', () => {
    expect(issuesOf(users(2, { ...person, external_id: 'a\u0007b' }))).toEqual([{ code: 'invalid_external_id', field: 'external_id' }]);
  });
});
