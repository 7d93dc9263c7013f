// The whole pipeline on real files: bytes → report, file errors in the report, re-running a committed file changes nothing.
import { describe, expect, it } from 'vitest';
import { dryRunImport, planImport, type PlanImportOptions } from '../../../src/admin/import/dry-run.ts';
import type { ExistingUser, RowDecision } from '../../../src/admin/import/planner.ts';
import { applyDecisions, changes, cprKey } from './support.ts';

const CVR = '10000009';
const TODAY = new Date('2026-11-30T00:00:00Z');
const options = (kind: 'nemid' | 'users', existing: ExistingUser[] = []): PlanImportOptions => ({ kind, cvr: CVR, existing, cprKey, today: TODAY });

const NEMID_FILE = [
  'RID;Fornavn;Efternavn;E-mail;CPR;Fødselsdato;Roller;Rettigheder;CVR',
  '1001;Jens;Hansen;jens@firma.dk;010180-1234;;organisationsadministrator;urn:dk:skat:tast|urn:dk:post:read;10000009',
  '1002;Jens;Hansen;jens@firma.dk;010180-1234;;;urn:dk:post:read;10000009',
  '1003;Åse;Ørsted;aase@firma.dk;;31-12-1979;brugeradministrator;;10000009',
  '',
  ';;;;;;;;',
].join('\r\n');

async function plan(file: string | Buffer, opts: PlanImportOptions): Promise<RowDecision[]> {
  const decisions: RowDecision[] = [];
  for await (const decision of planImport([file], opts)) decisions.push(decision);
  return decisions;
}

describe('dry run of a NemID export', () => {
  it('plans every row: two signatures of one person become two users, blank rows are skipped', async () => {
    const report = await dryRunImport([Buffer.from(`\uFEFF${NEMID_FILE}`)], options('nemid'));
    expect(report).toEqual({
      kind: 'nemid', cvr: CVR, committable: true,
      totals: { rows: 3, accepted: 3, refused: 0, create: 3, update: 0, unchanged: 0 },
      rows: [2, 3, 4].map((row) => ({ row, status: 'accepted', action: 'create' })),
    });
  });

  it('import → commit → re-run plans no change; a changed row updates only its fields', async () => {
    const committed = applyDecisions([], await plan(NEMID_FILE, options('nemid')));
    expect(committed.map((user) => user.rid).sort()).toEqual(['1001', '1002', '1003']);
    expect(changes(await plan(NEMID_FILE, options('nemid', committed)))).toEqual([]);

    const changed = NEMID_FILE.replace('1002;Jens;Hansen;jens@firma.dk;010180-1234;;;urn:dk:post:read', '1002;Jens;Hansen;jens@firma.dk;010180-1234;;;urn:dk:post:read|urn:dk:skat:tast');
    const report = await dryRunImport([changed], options('nemid', committed));
    expect(report.totals).toMatchObject({ update: 1, unchanged: 2, create: 0 });
    expect(report.rows[1]).toEqual({ row: 3, status: 'accepted', action: 'update', fields: ['rights'] });
  });

  it('refuses bad rows with row, field and code, and the file is then not committable', async () => {
    const file = [
      'rid,given_name,family_name,email,cpr,cvr',
      '1001,Jens,Hansen,jens@firma.dk,0101801234,10000017',
      '1002,Anne,Berg,anne(at)firma.dk,3213801234,10000009',
      '1003,Ole,Lund',
      '1004,Ole,Lund,ole@firma.dk,0101801234,10000009,extra',
      '1005,Kim,Dal,kim@firma.dk,0101801234,10000009,,',
    ].join('\n');
    const report = await dryRunImport([file], options('nemid'));
    expect(report.committable).toBe(false);
    expect(report.rows).toEqual([
      { row: 2, status: 'refused', issues: [{ code: 'other_organisation', field: 'cvr' }] },
      { row: 3, status: 'refused', issues: [{ code: 'invalid_email', field: 'email' }, { code: 'invalid_cpr', field: 'cpr' }] },
      { row: 4, status: 'refused', issues: [{ code: 'missing_cells' }] },
      { row: 5, status: 'refused', issues: [{ code: 'extra_cells' }] },
      { row: 6, status: 'accepted', action: 'create' },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/0101801234|3213801234/);
  });

  it('reports a file error (Latin-1) instead of throwing, with nothing planned', async () => {
    const report = await dryRunImport([Buffer.from(NEMID_FILE, 'latin1')], options('nemid'));
    // The header's "Fødselsdato" already has a Latin-1 ø.
    expect(report.fileError).toEqual({ code: 'encoding_latin1', line: 1 });
    expect(report.rows).toEqual([]);
    expect(report.committable).toBe(false);
  });

  it('finds the header below leading blank lines and keeps spreadsheet row numbers', async () => {
    const report = await dryRunImport([`\r\n;;\r\n${NEMID_FILE}`], options('nemid'));
    expect(report.rows.map((row) => row.row)).toEqual([4, 5, 6]);
  });

  it('reports a file over the limit', async () => {
    const report = await dryRunImport([NEMID_FILE], { ...options('nemid'), limits: { maxBytes: 100 } });
    expect(report.fileError?.code).toBe('file_too_large');
  });

  it('reports a header of the wrong import kind', async () => {
    const report = await dryRunImport([NEMID_FILE], options('users'));
    expect(report.fileError).toEqual({ code: 'unknown_column', line: 1, column: 'RID' });
  });

  it('keeps only totals when asked (huge files)', async () => {
    const report = await dryRunImport([NEMID_FILE], { ...options('nemid'), keepRows: false });
    expect(report.rows).toEqual([]);
    expect(report.totals.create).toBe(3);
  });

  it('refuses an invalid target CVR as a programming error', async () => {
    await expect(dryRunImport([NEMID_FILE], { ...options('nemid'), cvr: '12345678' })).rejects.toThrow(TypeError);
  });
});

describe('dry run of a new-users file', () => {
  const USERS_FILE = [
    'Eksternt ID;Fornavn;Efternavn;E-mail;Fødselsdato',
    'HR-1;Mette;Friis;mette@firma.dk;1985-05-17',
    ';Lars;Holm;lars@firma.dk;02.03.1990',
  ].join('\n');

  it('creates, then re-runs without change, then updates by external ID', async () => {
    const committed = applyDecisions([], await plan(USERS_FILE, options('users')));
    expect(committed).toHaveLength(2);
    expect(changes(await plan(USERS_FILE, options('users', committed)))).toEqual([]);
    const report = await dryRunImport([USERS_FILE.replace('mette@firma.dk', 'mette.friis@firma.dk')], options('users', committed));
    expect(report.rows[0]).toEqual({ row: 2, status: 'accepted', action: 'update', fields: ['email'] });
  });
});
