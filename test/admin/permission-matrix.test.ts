// The permission matrix, generated from roles.ts: every role × every API operation over real HTTP → allowed (anything but 403) or 403.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type Operation } from '../../src/admin/api/operations.ts';
import { ADMIN_API_PREFIX } from '../../src/admin/api/router.ts';
import { mayRun, PERMISSIONS, type ActorRole } from '../../src/admin/roles.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_WORLD_FILE } from '../directory/demo-fixtures.ts';
import { memoryDirectory, seedWorld } from '../directory/support.ts';
import { adminApiHarness, asUser, OPERATOR, TOEMRER } from './support.ts';
import { jobIdFor } from '../../src/admin/import/job.ts';
import { asSource, nemidCsv } from './import/fixtures.ts';

/** The import operations take a CSV file; the job read is of a job the operator ran with this key. */
const IMPORT_FILE = nemidCsv([
  { rid: '70001', givenName: 'Ole', familyName: 'Hansen', email: 'ole@toemrer.example', birthDate: '1980-01-01' },
]);
const JOB_KEY = 'matrix';

const TARGET = '5d4b1f0e-8c7a-4e39-9b21-6f3a2d1c0e9f';
const DEDICATED = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const ROLE_HOLDER: Record<Exclude<ActorRole, 'operator'>, string> = {
  organisation_administrator: 'a1111111-1111-4111-8111-111111111111',
  user_administrator: 'a2222222-2222-4222-8222-222222222222',
  rights_administrator: 'a3333333-3333-4333-8333-333333333333',
};

const VALUES: Record<string, string> = {
  kind: 'nemid',
  id: jobIdFor('operator:test-operator', TOEMRER, 'nemid', JOB_KEY),
  cvr: TOEMRER,
  uuid: TARGET,
  userId: DEDICATED,
  means: 'app',
  role: 'user_administrator',
  urn: 'urn:dk:digitalpost:privilege:read',
  scope: TOEMRER,
};
const BODIES: Record<string, object> = {
  connectOrganisation: {
    cvr: '10000009',
    name: 'Ny ApS',
    administrator: { givenName: 'A', familyName: 'B', email: 'a@example.dk', birthDate: '1990-01-01' },
  },
  updateOrganisationSettings: { sharedMeansAllowed: true },
  createUser: { givenName: 'A', familyName: 'B', email: 'a@example.dk', birthDate: '1990-01-01' },
  updateUser: { givenName: 'Changed' },
  grantRole: { role: 'user_administrator' },
  addCatalogueRight: { urn: 'urn:dk:kontekst:test:new', nameDa: 'Ny', nameEn: 'New' },
  assignRight: { urn: 'urn:dk:kontekst:test:extra' },
};

type Harness = Awaited<ReturnType<typeof adminApiHarness>>;
const USER_ADMIN = { kind: 'business_user' as const, uuid: ROLE_HOLDER.user_administrator };
const ORG_ADMIN = { kind: 'business_user' as const, uuid: ROLE_HOLDER.organisation_administrator };
/** Puts the target in the state where the operation succeeds for a role that may run it. */
const PREPARE: Record<string, (h: Harness) => Promise<unknown>> = {
  reactivateUser: (h) => h.service.deactivateUser(USER_ADMIN, TOEMRER, TARGET),
  resendActivation: (h) => h.service.issueActivation(USER_ADMIN, TOEMRER, PENDING),
  revokeActivation: (h) => h.service.issueActivation(USER_ADMIN, TOEMRER, PENDING),
  revokeRole: (h) => h.service.grantRole(ORG_ADMIN, TOEMRER, TARGET, 'user_administrator'),
  readImportJob: (h) =>
    h.service.commitImportFile({ kind: 'operator', clientId: 'test-operator' }, TOEMRER, {
      kind: 'nemid',
      open: asSource(IMPORT_FILE),
      idempotencyKey: JOB_KEY,
    }),
};
/** Activation operations act on an imported (not yet active) user. */
const PENDING = '6e5c2a1f-9d8b-4f4a-8c32-7a4b3e2d1f0a';
const TARGET_OF: Record<string, string> = { issueActivation: PENDING, resendActivation: PENDING, revokeActivation: PENDING };

async function harness() {
  const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
  const base = world.businessUsers.find((user) => user.cvr === TOEMRER)!;
  const holders = Object.entries(ROLE_HOLDER).map(([role, uuid], i) => ({
    ...base,
    uuid,
    personCpr: `010101000${i}`,
    roles: [role as Exclude<ActorRole, 'operator'>],
    dedicatedMitIdUuids: [],
  }));
  const target = { ...base, uuid: TARGET, personCpr: '0202020000', roles: [], status: 'active' as const, dedicatedMitIdUuids: [DEDICATED] };
  const pending = { ...base, uuid: PENDING, personCpr: '0303030000', roles: [], status: 'pending' as const, dedicatedMitIdUuids: [] };
  const directory = memoryDirectory();
  const rights = [{ urn: 'urn:dk:kontekst:test:extra', nameDa: 'Ekstra', nameEn: 'Extra' }];
  await seedWorld(directory, { ...world, rights, businessUsers: [...world.businessUsers, ...holders, target, pending] });
  return adminApiHarness(directory);
}

function pathOf(operation: Operation): string {
  const values = { ...VALUES, uuid: TARGET_OF[operation.operationId] ?? TARGET };
  return (
    ADMIN_API_PREFIX + operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name as keyof typeof values]!))
  );
}

const ROLES = Object.keys(PERMISSIONS) as ActorRole[];

describe('permission matrix (from roles.ts)', () => {
  for (const role of ROLES) {
    for (const operation of OPERATIONS) {
      const allowed = mayRun([role], operation.command);
      it(`${role} ${allowed ? 'may' : 'may not'} ${operation.operationId}`, async () => {
        const h = await harness();
        await PREPARE[operation.operationId]?.(h);
        const credential = role === 'operator' ? OPERATOR : asUser(ROLE_HOLDER[role]);
        let call = request(h.app.callback())[operation.method](pathOf(operation)).set('Authorization', credential);
        if (operation.body) call = call.send(BODIES[operation.operationId] ?? {});
        if (operation.csvUpload) call = call.set('Content-Type', 'text/csv').send(IMPORT_FILE);
        const res = await call;
        if (allowed) {
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(400);
        } else {
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('forbidden');
        }
      });
    }
  }
});
