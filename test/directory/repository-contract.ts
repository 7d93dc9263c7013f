// The shared behaviour suite of the directory repository over every RecordStore (memory, Redis, Redis Cluster): call it from a *.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/directory/audit-chain.ts';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import type { RecordStore } from '../../src/directory/record-store.ts';
import type { AuditDraft, BusinessUserRecord, OrganisationRecord, OutboxMessage } from '../../src/directory/records.ts';
import { organisationScope, VersionConflictError } from '../../src/directory/repository.ts';
import { TEST_INDEX_SECRET } from './support.ts';

const NOW = '2026-11-30T12:00:00.000Z';
export const CONTRACT_CPR = '0101011234';
const MITID = '9138b07c-29cc-48f4-895e-3a98be94e2da';

export const CONTRACT_ORG: Omit<OrganisationRecord, 'version'> = {
  cvr: '12345674',
  name: 'Tømrermester Hansen ApS',
  state: 'connected',
  settings: { privateMitIdAllowed: true, allowedMeans: ['app', 'code_display'], sharedMeansAllowed: false, requiredLoa: 'substantial' },
  createdAt: NOW,
  updatedAt: NOW,
};

function contractUser(directory: LiveDirectory): Omit<BusinessUserRecord, 'version'> {
  return {
    uuid: '3240a090-fde3-4e45-8018-edbecd0706b7',
    cvr: '12345674',
    rid: '93847562',
    givenName: 'Test',
    familyName: 'Person',
    email: 'test@example.dk',
    identity: { kind: 'cpr', cprKey: directory.cprKey(CONTRACT_CPR), cprMasked: '010101-XXXX' },
    state: 'active',
    privateMitIdConsent: 'accepted',
    chosenMeans: [],
    dedicatedMitIds: [{ userId: MITID, means: [{ type: 'app', state: 'active' }] }],
    sharedMitIds: [],
    roles: ['organisation_administrator'],
    rights: ['urn:example:read'],
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const DRAFT: AuditDraft = {
  at: NOW,
  actor: { kind: 'system', id: 'contract' },
  action: 'test.write',
  target: { type: 'organisation', id: '12345674' },
  changes: {},
  result: 'success',
};
const MESSAGE: OutboxMessage = {
  id: 'a7f0bb7e-8d55-4d3b-9ad1-0b1cf3a2a7d1',
  kind: 'activation_link',
  language: 'da',
  createdAt: NOW,
  recipient: { channel: 'email', address: 'test@example.dk', name: 'Test Person' },
  data: { organisationName: 'Tømrermester Hansen ApS', cvr: '12345674', link: 'https://kontekst.example/activation/x', expiresAt: NOW },
};
const SCOPE = organisationScope('12345674');

/** `makeStore` must return an empty store each time. */
export function describeDirectoryRepositoryContract(name: string, makeStore: () => Promise<RecordStore>): void {
  describe(`${name} (directory repository contract)`, () => {
    let directory: LiveDirectory;
    let user: Omit<BusinessUserRecord, 'version'>;
    beforeEach(async () => {
      directory = new LiveDirectory(await makeStore(), TEST_INDEX_SECRET);
      user = contractUser(directory);
    });

    async function seed(): Promise<void> {
      await directory.commit({
        scope: SCOPE,
        changes: [
          { kind: 'organisation', record: CONTRACT_ORG },
          { kind: 'user', record: user },
        ],
        audit: DRAFT,
        outbox: [MESSAGE],
      });
    }

    it('returns undefined / empty lists for unknown keys, and is not present before it is seeded', async () => {
      expect(await directory.getOrganisation('12345674')).toBeUndefined();
      expect(await directory.getBusinessUser(user.uuid)).toBeUndefined();
      expect(await directory.userRecord(user.uuid)).toBeUndefined();
      expect(await directory.listOrganisations()).toEqual([]);
      expect(await directory.findBusinessUsersByPersonCpr(CONTRACT_CPR)).toEqual([]);
      expect(await directory.findBusinessUsersByDedicatedMitId(MITID)).toEqual([]);
      expect(await directory.auditEvents(SCOPE, 0, 10)).toEqual([]);
      expect(await directory.isPresent()).toBe(false);
      await directory.markPresent();
      expect(await directory.isPresent()).toBe(true);
    });

    it('commits records with version 1 and reads them back validated, with the login view', async () => {
      await seed();
      expect(await directory.organisationRecord('12345674')).toEqual({ ...CONTRACT_ORG, version: 1 });
      expect(await directory.userRecord(user.uuid)).toEqual({ ...user, version: 1 });
      expect(await directory.userRecordsOf('12345674')).toEqual([{ ...user, version: 1 }]);
      expect(await directory.listOrganisations()).toEqual([
        { cvr: '12345674', name: CONTRACT_ORG.name, ...CONTRACT_ORG.settings, status: 'connected' },
      ]);
      const view = await directory.getBusinessUserWithOrganisation(user.uuid);
      expect(view?.businessUser).toMatchObject({
        uuid: user.uuid,
        status: 'active',
        acceptedPrivateMitId: true,
        dedicatedMitIdUuids: [MITID],
        privileges: [{ cvr: '12345674', privileges: ['urn:example:read'] }],
      });
      expect(view?.businessUser.personCpr).toBeUndefined();
      expect(view?.organisation?.cvr).toBe('12345674');
    });

    it('finds business users by the CPR of a login (keyed hash) and by dedicated MitID user ID, own and shared', async () => {
      await seed();
      const shared = {
        ...user,
        uuid: '9c2bfbff-896a-4847-9d5c-91170ab04933',
        identity: { kind: 'birthdate' as const, birthDate: '1990-01-01' },
        dedicatedMitIds: [],
        sharedMitIds: [MITID],
      };
      await directory.commit({ scope: SCOPE, changes: [{ kind: 'user', record: shared }], audit: DRAFT, outbox: [] });
      const byCpr = await directory.findBusinessUsersByPersonCpr(CONTRACT_CPR);
      expect(byCpr.map((found) => [found.uuid, found.personCpr])).toEqual([[user.uuid, CONTRACT_CPR]]);
      expect(await directory.findBusinessUsersByPersonCpr('0202021234')).toEqual([]);
      expect((await directory.findBusinessUsersByDedicatedMitId(MITID)).map((found) => found.uuid).sort()).toEqual(
        [user.uuid, shared.uuid].sort(),
      );
    });

    it('finds a user by an open activation only', async () => {
      await seed();
      const previous = (await directory.userRecord(user.uuid))!;
      const activation = {
        id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        method: 'private_mitid' as const,
        state: 'issued' as const,
        failedTries: 0,
        issuedAt: NOW,
        expiresAt: NOW,
      };
      await directory.commit({
        scope: SCOPE,
        changes: [{ kind: 'user', record: { ...user, activation }, previous }],
        audit: DRAFT,
        outbox: [],
      });
      expect((await directory.userRecordByActivation(activation.id))?.uuid).toBe(user.uuid);
      expect(await directory.userRecordByActivation('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      const issued = (await directory.userRecord(user.uuid))!;
      await directory.commit({
        scope: SCOPE,
        changes: [{ kind: 'user', record: { ...user, activation: { ...activation, state: 'used' } }, previous: issued }],
        audit: DRAFT,
        outbox: [],
      });
      expect(await directory.userRecordByActivation(activation.id)).toBeUndefined();
    });

    it('moves the indexes with the record', async () => {
      await seed();
      const previous = (await directory.userRecord(user.uuid))!;
      const moved = {
        ...user,
        identity: { kind: 'cpr' as const, cprKey: directory.cprKey('0202021234'), cprMasked: '020202-XXXX' },
        dedicatedMitIds: [],
      };
      await directory.commit({ scope: SCOPE, changes: [{ kind: 'user', record: moved, previous }], audit: DRAFT, outbox: [] });
      expect(await directory.findBusinessUsersByPersonCpr(CONTRACT_CPR)).toEqual([]);
      expect(await directory.findBusinessUsersByPersonCpr('0202021234')).toHaveLength(1);
      expect(await directory.findBusinessUsersByDedicatedMitId(MITID)).toEqual([]);
      expect((await directory.userRecord(user.uuid))?.version).toBe(2);
    });

    it('refuses a stale version and writes nothing of that change (no record, no audit event, no outbox message)', async () => {
      await seed();
      const previous = (await directory.userRecord(user.uuid))!;
      await directory.commit({
        scope: SCOPE,
        changes: [{ kind: 'user', record: { ...user, givenName: 'First' }, previous }],
        audit: DRAFT,
        outbox: [],
      });
      const head = await directory.auditHead(SCOPE);
      const outbox = await directory.outboxMessages(SCOPE);
      await expect(
        directory.commit({
          scope: SCOPE,
          changes: [{ kind: 'user', record: { ...user, givenName: 'Second' }, previous }],
          audit: DRAFT,
          outbox: [{ ...MESSAGE, id: 'e1b5a7b4-0c0d-4a0e-9c38-3a0f1d7c9a11' }],
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await directory.userRecord(user.uuid))?.givenName).toBe('First');
      expect(await directory.auditHead(SCOPE)).toEqual(head);
      expect(await directory.outboxMessages(SCOPE)).toEqual(outbox);
      // A new record must not exist yet: creating it twice is refused too.
      await expect(
        directory.commit({ scope: SCOPE, changes: [{ kind: 'organisation', record: CONTRACT_ORG }], audit: DRAFT, outbox: [] }),
      ).rejects.toBeInstanceOf(VersionConflictError);
    });

    it('chains the audit events of a scope and keeps the outbox message with its change', async () => {
      await seed();
      const previous = (await directory.userRecord(user.uuid))!;
      await directory.commit({
        scope: SCOPE,
        changes: [{ kind: 'user', record: { ...user, givenName: 'Again' }, previous }],
        audit: { ...DRAFT, action: 'second' },
        outbox: [],
      });
      const events = await directory.auditEvents(SCOPE, 0, 10);
      expect(events.map((event) => [event.seq, event.action, event.scope])).toEqual([
        [1, 'test.write', SCOPE],
        [2, 'second', SCOPE],
      ]);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(verifyChain(events, await directory.auditHead(SCOPE))).toEqual({ ok: true, events: 2 });
      expect(await directory.auditScopes()).toEqual([SCOPE]);
      expect(await directory.outboxMessages(SCOPE)).toEqual([MESSAGE]);
      expect(await directory.auditEvents(SCOPE, 1, 10)).toEqual([events[1]]);
      await directory.acknowledgeOutbox(SCOPE, [MESSAGE.id]);
      expect(await directory.outboxMessages(SCOPE)).toEqual([]);
    });

    it('keeps concurrent changes of different records of one scope, each with its own audit event, in one valid chain', async () => {
      await seed();
      const others = Array.from({ length: 6 }, (_, i) => ({
        ...user,
        uuid: `0000000${i}-1111-4222-8333-444444444444`,
        identity: { kind: 'birthdate' as const, birthDate: '1990-01-01' },
        dedicatedMitIds: [],
      }));
      await Promise.all(
        others.map((record) => directory.commit({ scope: SCOPE, changes: [{ kind: 'user', record }], audit: DRAFT, outbox: [] })),
      );
      const events = await directory.auditEvents(SCOPE, 0, 100);
      expect(events).toHaveLength(7);
      expect(verifyChain(events, await directory.auditHead(SCOPE)).ok).toBe(true);
      expect(await directory.userRecordsOf('12345674')).toHaveLength(7);
    });

    it('keeps the first answer of an idempotent create; a second create with the same key is refused', async () => {
      await directory.commit({
        scope: SCOPE,
        changes: [{ kind: 'organisation', record: CONTRACT_ORG }],
        audit: DRAFT,
        outbox: [],
        idempotency: { key: 'k1', answer: { first: true } },
      });
      expect(await directory.idempotentAnswer(SCOPE, 'k1')).toEqual({ first: true });
      expect(await directory.idempotentAnswer(SCOPE, 'k2')).toBeUndefined();
      await expect(
        directory.commit({ scope: SCOPE, changes: [], audit: DRAFT, outbox: [], idempotency: { key: 'k1', answer: { first: false } } }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await directory.idempotentAnswer(SCOPE, 'k1')).toEqual({ first: true });
    });

    it('keeps the rights catalogue in the operator scope', async () => {
      await directory.commit({
        scope: 'operator',
        changes: [{ kind: 'right', record: { urn: 'urn:example:read', nameDa: 'Læse', nameEn: 'Read', createdAt: NOW, updatedAt: NOW } }],
        audit: DRAFT,
        outbox: [],
      });
      expect(await directory.rightRecords()).toEqual([
        { urn: 'urn:example:read', nameDa: 'Læse', nameEn: 'Read', createdAt: NOW, updatedAt: NOW, version: 1 },
      ]);
      expect((await directory.auditEvents('operator', 0, 10))[0]?.scope).toBe('operator');
    });

    it('refuses to store a record that does not match its schema (nothing written)', async () => {
      await expect(
        directory.commit({
          scope: SCOPE,
          changes: [{ kind: 'organisation', record: { ...CONTRACT_ORG, cvr: '12345678' } }],
          audit: DRAFT,
          outbox: [],
        }),
      ).rejects.toThrow();
      expect(await directory.auditEvents(SCOPE, 0, 10)).toEqual([]);
    });

    it('hands out copies: mutating a result does not change stored data', async () => {
      await seed();
      const read = (await directory.userRecord(user.uuid))!;
      read.roles.push('user_administrator');
      read.dedicatedMitIds.length = 0;
      (await directory.organisationRecords())[0]!.settings.allowedMeans.push('chip');
      expect(await directory.userRecord(user.uuid)).toEqual({ ...user, version: 1 });
      expect(await directory.organisationRecord('12345674')).toEqual({ ...CONTRACT_ORG, version: 1 });
    });
  });
}
