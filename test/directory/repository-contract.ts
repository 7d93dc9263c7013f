// A shared behaviour suite for every DirectoryRepository implementation (memory now, Redis later): call it from a *.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import type { BusinessUser, Organisation } from '../../src/domain/directory.ts';
import type { DirectoryRepository } from '../../src/directory/repository.ts';

export const CONTRACT_ORG: Organisation = {
  cvr: '12345674',
  name: 'Tømrermester Hansen ApS',
  privateMitIdAllowed: true,
  allowedMeans: ['app', 'code_display'],
  sharedMeansAllowed: false,
  requiredLoa: 'substantial',
  status: 'connected',
};

export const CONTRACT_USER: BusinessUser = {
  uuid: '3240a090-fde3-4e45-8018-edbecd0706b7',
  cvr: '12345674',
  rid: '93847562',
  name: 'Test Person',
  givenName: 'Test',
  familyName: 'Person',
  email: 'test@example.dk',
  personCpr: '0101011234',
  acceptedPrivateMitId: true,
  status: 'active',
  dedicatedMitIdUuids: ['9138b07c-29cc-48f4-895e-3a98be94e2da'],
  privileges: [{ cvr: '12345674', privileges: ['urn:example:read'] }],
};

/** `makeRepository` must return an empty repository each time. */
export function describeDirectoryRepositoryContract(name: string, makeRepository: () => Promise<DirectoryRepository>): void {
  describe(`${name} (DirectoryRepository contract)`, () => {
    let repo: DirectoryRepository;
    beforeEach(async () => {
      repo = await makeRepository();
    });

    it('returns undefined / empty lists for unknown keys', async () => {
      expect(await repo.getOrganisation('12345674')).toBeUndefined();
      expect(await repo.getBusinessUser(CONTRACT_USER.uuid)).toBeUndefined();
      expect(await repo.listOrganisations()).toEqual([]);
      expect(await repo.findBusinessUsersByPersonCpr('0101011234')).toEqual([]);
      expect(await repo.findBusinessUsersByDedicatedMitId(CONTRACT_USER.dedicatedMitIdUuids[0]!)).toEqual([]);
    });

    it('stores and reads organisations and business users', async () => {
      await repo.putOrganisation(CONTRACT_ORG);
      await repo.putBusinessUser(CONTRACT_USER);
      expect(await repo.getOrganisation(CONTRACT_ORG.cvr)).toEqual(CONTRACT_ORG);
      expect(await repo.listOrganisations()).toEqual([CONTRACT_ORG]);
      expect(await repo.getBusinessUser(CONTRACT_USER.uuid)).toEqual(CONTRACT_USER);
    });

    it('reads a business user together with their organisation', async () => {
      expect(await repo.getBusinessUserWithOrganisation(CONTRACT_USER.uuid)).toBeUndefined();
      await repo.putBusinessUser(CONTRACT_USER);
      expect(await repo.getBusinessUserWithOrganisation(CONTRACT_USER.uuid)).toEqual({ businessUser: CONTRACT_USER, organisation: undefined });
      await repo.putOrganisation(CONTRACT_ORG);
      expect(await repo.getBusinessUserWithOrganisation(CONTRACT_USER.uuid)).toEqual({ businessUser: CONTRACT_USER, organisation: CONTRACT_ORG });
    });

    it('finds business users by person CPR and by dedicated MitID user ID', async () => {
      const other: BusinessUser = { ...CONTRACT_USER, uuid: 'bb433d21-8520-406c-b14f-89511441296f', personCpr: undefined, dedicatedMitIdUuids: [] };
      const shared: BusinessUser = { ...other, uuid: '9c2bfbff-896a-4847-9d5c-91170ab04933', dedicatedMitIdUuids: [...CONTRACT_USER.dedicatedMitIdUuids] };
      for (const user of [CONTRACT_USER, other, shared]) await repo.putBusinessUser(user);
      expect(await repo.findBusinessUsersByPersonCpr('0101011234')).toEqual([CONTRACT_USER]);
      expect(await repo.findBusinessUsersByPersonCpr('0202021234')).toEqual([]);
      const byDedicated = await repo.findBusinessUsersByDedicatedMitId(CONTRACT_USER.dedicatedMitIdUuids[0]!);
      expect(byDedicated.map((user) => user.uuid).sort()).toEqual([CONTRACT_USER.uuid, shared.uuid].sort());
    });

    it('replaces an entry on put, and the indexes follow', async () => {
      await repo.putBusinessUser(CONTRACT_USER);
      await repo.putBusinessUser({ ...CONTRACT_USER, personCpr: '0202021234', dedicatedMitIdUuids: [] });
      expect(await repo.findBusinessUsersByPersonCpr('0101011234')).toEqual([]);
      expect(await repo.findBusinessUsersByPersonCpr('0202021234')).toHaveLength(1);
      expect(await repo.findBusinessUsersByDedicatedMitId(CONTRACT_USER.dedicatedMitIdUuids[0]!)).toEqual([]);
      await repo.putOrganisation({ ...CONTRACT_ORG, status: 'disconnected' });
      await repo.putOrganisation({ ...CONTRACT_ORG, name: 'Renamed ApS' });
      expect(await repo.listOrganisations()).toEqual([{ ...CONTRACT_ORG, name: 'Renamed ApS' }]);
    });

    it('hands out copies: mutating a result or an argument does not change stored data', async () => {
      const org = structuredClone(CONTRACT_ORG);
      const user = structuredClone(CONTRACT_USER);
      await repo.putOrganisation(org);
      await repo.putBusinessUser(user);
      org.allowedMeans.push('chip');
      user.privileges[0]!.privileges.push('urn:example:admin');
      const read = (await repo.getBusinessUser(user.uuid))!;
      read.status = 'deleted';
      read.dedicatedMitIdUuids.length = 0;
      (await repo.listOrganisations())[0]!.name = 'Mutated';
      (await repo.findBusinessUsersByPersonCpr('0101011234'))[0]!.acceptedPrivateMitId = false;
      expect(await repo.getOrganisation(CONTRACT_ORG.cvr)).toEqual(CONTRACT_ORG);
      expect(await repo.getBusinessUser(user.uuid)).toEqual(CONTRACT_USER);
    });
  });
}
