// Spreadsheet-safe CSV export: no cell can start a formula, cells survive a round trip, and a report carries no CPR.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dryRunImport } from '../../../src/admin/import/dry-run.ts';
import { reportCsvLines, reportToCsv } from '../../../src/admin/import/report-csv.ts';
import { toSafeCsv } from '../../../src/admin/import/safe-csv.ts';
import { cprKey } from './support.ts';

const COLUMNS = [{ key: 'name', header: 'Name' }, { key: 'note', header: 'Note' }];

/** The cells as a spreadsheet would read them back (BOM dropped, `;` delimiter). */
function cells(csv: string, delimiter = ';'): string[][] {
  return parse(csv, { bom: true, delimiter, relax_column_count: true }) as string[][];
}

describe('toSafeCsv', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")'],
    ['+1+cmd|\' /C calc\'!A0'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['＝1+1'],
    ['＋1'],
    ['  =1+1'],
  ])('neutralises a cell starting a formula: %j', (value) => {
    const [, row] = cells(toSafeCsv([{ name: value, note: 'ok' }], COLUMNS));
    expect(row?.[0]).toBe(`'${value}`);
    expect(row?.[1]).toBe('ok');
  });

  it('leaves ordinary text, Danish letters and inner formula characters alone', () => {
    const rows = [{ name: 'Søren Ærø-Hansen', note: 'a=b, c+d; e@f' }, { name: 'O\'Brien', note: 'line\nbreak' }];
    expect(cells(toSafeCsv(rows, COLUMNS)).slice(1)).toEqual([['Søren Ærø-Hansen', 'a=b, c+d; e@f'], ['O\'Brien', 'line\nbreak']]);
  });

  it('quotes cells with either delimiter, so a spreadsheet splitting on the other one cannot expose a formula', () => {
    const csv = toSafeCsv([{ name: 'x,=1+1', note: 'y;@z' }], COLUMNS);
    expect(csv.split('\r\n')[1]).toBe('"x,=1+1";"y;@z"');
  });

  it('writes UTF-8 with a BOM and CRLF line ends (Excel opens æøå correctly)', () => {
    const csv = toSafeCsv([{ name: 'Åse', note: '' }], COLUMNS);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
  });

  it('uses , when asked', () => {
    expect(cells(toSafeCsv([{ name: 'a', note: 'b' }], COLUMNS, { delimiter: ',' }), ',')).toEqual([['Name', 'Note'], ['a', 'b']]);
  });
});

describe('the dry-run report as CSV', () => {
  const file = ['rid;given_name;family_name;email;cpr', '1001;Jens;Hansen;jens@firma.dk;3213801234', '1002;Anne;Berg;anne@firma.dk;0101801234'].join('\n');

  it('has a line per issue with code and sentence in the reader\'s language, and no CPR', async () => {
    const report = await dryRunImport([file], { kind: 'nemid', cvr: '10000009', existing: [], cprKey });
    const da = reportToCsv(report, 'da');
    const en = reportToCsv(report, 'en');
    expect(cells(da)).toEqual([
      ['Række', 'Status', 'Handling', 'Felt', 'Kode', 'Besked'],
      ['2', 'refused', '', 'cpr', 'invalid_cpr', 'CPR-nummeret skal være 10 cifre med en gyldig fødselsdato (DDMMÅÅ-XXXX).'],
      ['3', 'accepted', 'create', '', '', 'Oprettes'],
    ]);
    expect(cells(en)[1]?.[5]).toBe('The CPR number must be 10 digits with a valid birth date (DDMMYY-XXXX).');
    expect(da + en).not.toMatch(/3213801234|0101801234/);
  });

  it('puts a file error on its own line with where it happened', async () => {
    const report = await dryRunImport([Buffer.from('rid;Fødselsdato\n', 'latin1')], { kind: 'nemid', cvr: '10000009', existing: [], cprKey });
    expect(reportCsvLines(report, 'en')).toEqual([{ row: '', status: 'refused', action: '', field: '', code: 'encoding_latin1', message: expect.stringMatching(/^Line 1: The file is not saved as UTF-8/) }]);
  });
});
