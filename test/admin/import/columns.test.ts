// Header resolution: English and Danish names, required columns per kind, unknown and duplicate columns refused.
import { describe, expect, it } from 'vitest';
import { resolveHeader } from '../../../src/admin/import/columns.ts';
import { ImportFileError } from '../../../src/admin/import/errors.ts';

function refusal(run: () => unknown): ImportFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected the header to be refused');
}

describe('resolveHeader', () => {
  it('maps Danish headers of a NemID export to fields, ignoring case, spaces and dashes', () => {
    expect(resolveHeader('nemid', ['RID-nummer', 'Fornavn', 'EFTERNAVN', 'E-mail', 'CPR-nummer', 'Roller', 'Rettigheder', 'CVR'])).toEqual([
      'rid',
      'given_name',
      'family_name',
      'email',
      'cpr',
      'roles',
      'rights',
      'cvr',
    ]);
  });

  it('maps the English canonical names of a users import, birth date instead of CPR', () => {
    expect(resolveHeader('users', ['external_id', 'given_name', 'family_name', 'email', 'birth_date'])).toEqual([
      'external_id',
      'given_name',
      'family_name',
      'email',
      'birth_date',
    ]);
  });

  it('refuses a header missing a required column, naming it', () => {
    const error = refusal(() => resolveHeader('nemid', ['Fornavn', 'Efternavn', 'E-mail', 'CPR']));
    expect(error.code).toBe('missing_column');
    expect(error.place.column).toBe('rid');
  });

  it('refuses a header with neither CPR nor birth date', () => {
    const error = refusal(() => resolveHeader('users', ['Fornavn', 'Efternavn', 'E-mail']));
    expect(error).toMatchObject({ code: 'missing_column', place: { column: 'cpr / birth_date' } });
  });

  it('refuses an unknown (e.g. misspelt) column instead of dropping its data', () => {
    const error = refusal(() => resolveHeader('users', ['Fornavn', 'Efternvn', 'E-mail', 'CPR']));
    expect(error).toMatchObject({ code: 'unknown_column', place: { column: 'Efternvn' } });
  });

  it('refuses a column of the other kind (RID in a users import, external ID in a NemID import)', () => {
    expect(refusal(() => resolveHeader('users', ['RID', 'Fornavn', 'Efternavn', 'E-mail', 'CPR'])).code).toBe('unknown_column');
    expect(refusal(() => resolveHeader('nemid', ['RID', 'Eksternt ID', 'Fornavn', 'Efternavn', 'E-mail', 'CPR'])).code).toBe(
      'unknown_column',
    );
  });

  it('refuses two columns meaning the same field', () => {
    expect(refusal(() => resolveHeader('users', ['Fornavn', 'given_name', 'Efternavn', 'E-mail', 'CPR'])).code).toBe('duplicate_column');
  });

  it('says the header row is missing when the first row is data, without echoing a CPR', () => {
    const error = refusal(() => resolveHeader('nemid', ['1001', 'Jens', 'Hansen', 'jens@firma.dk', '0101801234']));
    expect(error.code).toBe('missing_header');
    expect(JSON.stringify(error.place) + error.message).not.toContain('0101801234');
  });

  it('masks a CPR-like digit run in an unknown column name', () => {
    const error = refusal(() => resolveHeader('users', ['Fornavn', 'Efternavn', 'E-mail', 'CPR', '0101801234']));
    expect(error.code).toBe('unknown_column');
    expect(error.place.column).not.toContain('0101801234');
  });
});
