// A fuzz of every admin API operation: malformed, oversized, wrong types, unknown fields, other organisations' IDs → never 5xx, and a refused request changes nothing.
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/admin/api/operations.ts';
import { ADMIN_API_PREFIX } from '../../src/admin/api/router.ts';
import type { LiveDirectory } from '../../src/directory/live-directory.ts';
import { adminApiHarness, asUser, HAVNEN, JENS_TOEMRER, KAREN_HAVNEN, OPERATOR, TOEMRER, type AdminApiHarness } from './support.ts';

/** Everything a command could change: records of every scope, audit chain heads, outbox messages. */
async function snapshot(directory: LiveDirectory): Promise<string> {
  const organisations = await directory.organisationRecords();
  const scopes = await directory.auditScopes();
  return JSON.stringify({
    organisations,
    users: await Promise.all(organisations.map((org) => directory.userRecordsOf(org.cvr))),
    rights: await directory.rightRecords(),
    heads: await Promise.all(scopes.map((scope) => directory.auditHead(scope))),
    outbox: await Promise.all(scopes.map((scope) => directory.outboxMessages(scope))),
  });
}

const segment = fc.oneof(
  fc.constantFrom(
    TOEMRER,
    HAVNEN,
    '12345678',
    '00000000',
    JENS_TOEMRER,
    KAREN_HAVNEN,
    'operator',
    'app',
    'chip',
    'organisation_administrator',
    'urn:dk:digitalpost:privilege:read',
    '..',
    '%00',
    '',
  ),
  fc.string({ maxLength: 40 }),
  fc.uuid(),
);
const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'givenName',
      'familyName',
      'email',
      'cpr',
      'birthDate',
      'role',
      'urn',
      'cvr',
      'name',
      'settings',
      'administrator',
      'means',
      'phone',
      'extra',
      '__proto__',
      'constructor',
    ),
    fc.jsonValue(),
  ),
  fc.record(
    { givenName: fc.string(), familyName: fc.string(), email: fc.emailAddress(), cpr: fc.string({ maxLength: 12 }) },
    { requiredKeys: [] },
  ),
  fc.constant({ givenName: 'x'.repeat(70_000) }),
);
const credential = fc.constantFrom(OPERATOR, asUser(JENS_TOEMRER), asUser(KAREN_HAVNEN), 'Bearer nonsense', '');
const header = fc.option(fc.oneof(fc.constantFrom('"1"', '"999"', 'W/"1"', '*', 'garbage'), fc.string({ maxLength: 20 })), {
  nil: undefined,
});
const query = fc.dictionary(
  fc.constantFrom('state', 'cursor', 'limit', 'other'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '0', '1000', 'active', '99999999999')),
);

let h: AdminApiHarness;
beforeAll(async () => {
  h = await adminApiHarness();
});

describe('admin API fuzz', () => {
  for (const operation of OPERATIONS) {
    it(`${operation.operationId}: no 5xx, and a refused request changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: 5, maxLength: 5 }),
          body,
          credential,
          header,
          header,
          query,
          async (segments, payload, auth, ifMatch, key, params) => {
            let i = 0;
            const path = ADMIN_API_PREFIX + operation.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(segments[i++]!));
            const before = await snapshot(h.directory);
            let call = request(h.app.callback())[operation.method](path).query(params);
            if (auth) call = call.set('Authorization', auth);
            if (ifMatch !== undefined) call = call.set('If-Match', ifMatch.replace(/[^\x20-\x7e]/g, ''));
            if (key !== undefined) call = call.set('Idempotency-Key', key.replace(/[^\x20-\x7e]/g, ''));
            const res = await call.set('Content-Type', 'application/json').send(JSON.stringify(payload));
            expect(res.status, `${operation.method} ${path}: ${res.text}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.type).toBe('application/problem+json');
              expect(await snapshot(h.directory)).toBe(before);
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});
