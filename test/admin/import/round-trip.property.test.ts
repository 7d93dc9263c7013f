// Property: any valid people written as CSV (either delimiter, BOM or not, CRLF or LF, any quoting) import exactly as written.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/admin/import/dry-run.ts';
import type { RowDecision } from '../../../src/admin/import/planner.ts';
import { ROLES } from '../../../src/directory/records.ts';
import { applyDecisions, changes, cprKey } from './support.ts';

const TODAY = new Date('2026-11-30T00:00:00Z');
const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzæøåéüÆØÅ');
const word = fc.tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ'), fc.array(letters, { minLength: 1, maxLength: 8 })).map(([first, rest]) => first + rest.join(''));
/** Names with the separators people have: spaces, hyphens, apostrophes ("O'Brien") and full stops ("Jr. Hansen"). */
const name = fc.tuple(word, fc.array(fc.tuple(fc.constantFrom(' ', '-', "'", '. '), word), { maxLength: 2 })).map(([first, rest]) => first + rest.map(([sep, w]) => sep + w).join(''));
const pastDate = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true });

const person = fc.record({
  givenName: name,
  familyName: name,
  local: fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/).filter((local) => !local.includes('..')),
  born: pastDate,
  withCpr: fc.boolean(),
  serial: fc.integer({ min: 0, max: 999 }),
  roles: fc.subarray([...ROLES]),
  rights: fc.subarray(['urn:dk:skat:tast', 'urn:dk:post:read', 'urn:dk:tinglysning:sign']),
});

const fileShape = fc.record({ delimiter: fc.constantFrom(';', ','), bom: fc.boolean(), crlf: fc.boolean(), quoteAll: fc.boolean() });

function cprOf(born: Date, serial: number): string {
  const dd = String(born.getUTCDate()).padStart(2, '0');
  const mm = String(born.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(born.getUTCFullYear() % 100).padStart(2, '0');
  // 7th digit 0–3 means 1900–1999; 4 with yy ≤ 36 means 2000–2036.
  const century = born.getUTCFullYear() < 2000 ? String(serial % 4) : '4';
  return `${dd}${mm}${yy}${century}${String(serial).padStart(3, '0')}`;
}

describe('CSV round trip', () => {
  it('every valid person is accepted with exactly the written fields, and a re-run changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(person, { minLength: 1, maxLength: 6, selector: (p) => p.local }), fileShape, async (people, shape) => {
        const records = people.map((p, i) => ({
          rid: String(1000 + i),
          given_name: p.givenName,
          family_name: p.familyName,
          email: `${p.local}@firma.dk`,
          cpr: p.withCpr ? cprOf(p.born, p.serial) : '',
          birth_date: p.withCpr ? '' : p.born.toISOString().slice(0, 10),
          roles: p.roles.join('|'),
          rights: p.rights.join('|'),
        }));
        const csv = stringify(records, { header: true, delimiter: shape.delimiter, bom: shape.bom, record_delimiter: shape.crlf ? 'windows' : 'unix', quoted: shape.quoteAll });
        const options = { kind: 'nemid' as const, cvr: '10000009', existing: [], cprKey, today: TODAY };
        const decisions: RowDecision[] = [];
        for await (const decision of planImport([csv], options)) decisions.push(decision);
        expect(decisions.map((d) => d.kind)).toEqual(people.map(() => 'create'));
        decisions.forEach((decision, i) => {
          const p = people[i]!;
          expect(decision.kind === 'create' && decision.row).toEqual({
            row: i + 2, rid: String(1000 + i), givenName: p.givenName, familyName: p.familyName, email: `${p.local}@firma.dk`,
            identity: p.withCpr ? { kind: 'cpr', cpr: cprOf(p.born, p.serial) } : { kind: 'birthdate', birthDate: p.born.toISOString().slice(0, 10) },
            roles: [...p.roles].sort(), rights: [...p.rights].sort(),
          });
        });
        const again: RowDecision[] = [];
        for await (const decision of planImport([csv], { ...options, existing: applyDecisions([], decisions) })) again.push(decision);
        expect(changes(again)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
