// Property tests: committing a plan and planning the same file again changes nothing; nothing is ever duplicated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/directory/records.ts';
import type { ImportKind } from '../../../src/admin/import/codes.ts';
import { planRows, type ExistingUser } from '../../../src/admin/import/planner.ts';
import type { ImportRow, PersonIdentity, RowValidation } from '../../../src/admin/import/row-schemas.ts';
import { applyDecisions, changes, cprKey } from './support.ts';

// Small pools, so rows collide with each other and with existing users often.
const RIDS = ['1001', '1002', '1003', '1004', '1005'];
const EXTERNAL_IDS = ['HR-1', 'HR-2', 'HR-3', 'HR-4'];
const EMAILS = ['a@firma.dk', 'b@firma.dk', 'c@firma.dk'];
const GIVEN = ['Jens', 'Anne', 'Søren'];
const FAMILY = ['Hansen', 'Ærø'];
const RIGHTS = ['urn:dk:skat:tast', 'urn:dk:post:read', 'urn:dk:tinglysning:sign'];
const IDENTITIES: PersonIdentity[] = [
  { kind: 'cpr', cpr: '0101801234' },
  { kind: 'cpr', cpr: '0202901236' },
  { kind: 'birthdate', birthDate: '1979-12-31' },
];

const roles = fc.subarray([...ROLES]);
const rights = fc.subarray(RIGHTS);

const rowArb = (kind: ImportKind, withRoles: boolean, withRights: boolean) =>
  fc.record({
    rid: kind === 'nemid' ? fc.constantFrom(...RIDS) : fc.constant(undefined),
    externalId: kind === 'users' ? fc.option(fc.constantFrom(...EXTERNAL_IDS), { nil: undefined }) : fc.constant(undefined),
    givenName: fc.constantFrom(...GIVEN),
    familyName: fc.constantFrom(...FAMILY),
    email: fc.constantFrom(...EMAILS),
    identity: fc.constantFrom(...IDENTITIES),
    roles: withRoles ? roles : fc.constant(undefined),
    rights: withRights ? rights : fc.constant(undefined),
  });

/** Existing users with unique RIDs and external IDs, as the directory guarantees. */
const existingArb = (kind: ImportKind) =>
  fc.uniqueArray(
    fc.record({
      key: fc.constantFrom(...(kind === 'nemid' ? RIDS : [...EXTERNAL_IDS, 'none-1', 'none-2'])),
      givenName: fc.constantFrom(...GIVEN),
      familyName: fc.constantFrom(...FAMILY),
      email: fc.constantFrom(...EMAILS),
      identity: fc.constantFrom(...IDENTITIES),
      roles,
      rights,
    }),
    { selector: (user) => user.key, maxLength: 5 },
  ).map((users) => users.map(({ key, identity, ...user }, i): ExistingUser => ({
    ...user,
    uuid: `existing-${i}`,
    ...(kind === 'nemid' ? { rid: key } : key.startsWith('HR-') ? { externalId: key } : {}),
    identity: identity.kind === 'cpr' ? { kind: 'cpr', cprKey: cprKey(identity.cpr) } : identity,
  })));

const caseArb = fc.constantFrom<ImportKind>('nemid', 'users').chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    existing: existingArb(kind),
    rows: fc.tuple(fc.boolean(), fc.boolean()).chain(([withRoles, withRights]) => fc.array(rowArb(kind, withRoles, withRights), { maxLength: 8 })),
  }));

const validations = (rows: Omit<ImportRow, 'row'>[]): RowValidation[] =>
  rows.map((row, i) => ({ ok: true, row: Object.fromEntries(Object.entries({ ...row, row: i + 2 }).filter(([, value]) => value !== undefined)) as unknown as ImportRow }));

describe('planner properties', () => {
  it('is idempotent: plan(apply(plan(x))) writes nothing', () => {
    fc.assert(
      fc.property(caseArb, ({ kind, existing, rows }) => {
        const file = validations(rows);
        const first = planRows({ kind, existing, cprKey }, file);
        const after = applyDecisions(existing, first);
        expect(changes(planRows({ kind, existing: after, cprKey }, file))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the same rows again on a re-run (a refusal does not turn into a write)', () => {
    fc.assert(
      fc.property(caseArb, ({ kind, existing, rows }) => {
        const file = validations(rows);
        const first = planRows({ kind, existing, cprKey }, file);
        const second = planRows({ kind, existing: applyDecisions(existing, first), cprKey }, file);
        expect(second.map((decision) => decision.kind === 'refused')).toEqual(first.map((decision) => decision.kind === 'refused'));
      }),
      { numRuns: 500 },
    );
  });

  it('never duplicates: after committing, RIDs and external IDs stay unique and every accepted row has its own user', () => {
    fc.assert(
      fc.property(caseArb, ({ kind, existing, rows }) => {
        const first = planRows({ kind, existing, cprKey }, validations(rows));
        const after = applyDecisions(existing, first);
        const rids = after.flatMap((user) => (user.rid ? [user.rid] : []));
        const externalIds = after.flatMap((user) => (user.externalId ? [user.externalId] : []));
        expect(new Set(rids).size).toBe(rids.length);
        expect(new Set(externalIds).size).toBe(externalIds.length);
        const touched = first.flatMap((decision) => (decision.kind === 'update' || decision.kind === 'unchanged' ? [decision.uuid] : []));
        expect(new Set(touched).size).toBe(touched.length);
        expect(after.length).toBe(existing.length + first.filter((decision) => decision.kind === 'create').length);
      }),
      { numRuns: 500 },
    );
  });
});
