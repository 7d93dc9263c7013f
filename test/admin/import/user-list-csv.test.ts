// The user-list export: spreadsheet-safe, in the reader's language, and never a CPR, its key or its mask.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { userListCsvStream, userListLine, userListToCsv } from '../../../src/admin/import/user-list-csv.ts';
import type { BusinessUserRecord } from '../../../src/directory/records.ts';

const user: BusinessUserRecord = {
  uuid: '11111111-1111-4111-8111-111111111111', cvr: '10000009', rid: '1001', givenName: '=HYPERLINK("http://x")', familyName: 'Ærø',
  email: '@evil.dk', identity: { kind: 'cpr', cprKey: 'k'.repeat(43), cprMasked: '010180-XXXX' }, state: 'imported', privateMitIdConsent: 'none',
  dedicatedMitIds: [], chosenMeans: [], sharedMitIds: [], roles: ['user_administrator', 'rights_administrator'], rights: ['urn:dk:skat:tast'],
  createdAt: '2026-11-30T00:00:00.000Z', updatedAt: '2026-11-30T00:00:00.000Z', version: 3,
};

const cells = (csv: string) => parse(csv, { bom: true, delimiter: ';' }) as string[][];

describe('user list CSV', () => {
  it('lists the users with headers in the reader\'s language, formulas neutralised', () => {
    expect(cells(userListToCsv([user], 'da'))).toEqual([
      ['UUID', 'RID-nummer', 'Fornavn', 'Efternavn', 'E-mail', 'Status', 'Roller', 'Rettigheder'],
      [user.uuid, '1001', '\'=HYPERLINK("http://x")', 'Ærø', '\'@evil.dk', 'imported', 'user_administrator|rights_administrator', 'urn:dk:skat:tast'],
    ]);
    expect(cells(userListToCsv([user], 'en'))[0]?.[2]).toBe('Given name');
  });

  it('never carries the CPR\'s key or mask', () => {
    const csv = userListToCsv([user], 'en');
    expect(csv).not.toContain('010180');
    expect(csv).not.toContain('k'.repeat(43));
  });

  it('streams long lists', async () => {
    const stream = userListCsvStream('en');
    const out: string[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    const done = new Promise((resolve) => stream.on('end', resolve));
    for (let i = 0; i < 1000; i += 1) stream.write(userListLine({ ...user, givenName: `Name${i}` }));
    stream.end();
    await done;
    expect(cells(out.join(''))).toHaveLength(1001);
  });
});
