// directoryFactsFor: the candidate business users and organisations for each demo login.
import { beforeAll, describe, expect, it } from 'vitest';
import { directoryFactsFor } from '../../src/journey/directory-facts.ts';
import type { DirectoryFacts } from '../../src/contexts/facts.ts';
import type { LiveDirectory } from '../../src/directory/live-directory.ts';
import { demoDirectory, memoryDirectory, seedWorld } from '../directory/support.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_WORLD_FILE, demoLogin } from '../directory/demo-fixtures.ts';

let repo: LiveDirectory;
beforeAll(async () => {
  repo = await demoDirectory();
});

async function factsOf(userId: string): Promise<{ users: string[]; orgs: string[]; facts: DirectoryFacts }> {
  const facts = await directoryFactsFor(repo, demoLogin(userId));
  return { users: facts.businessUsers.map((user) => `${user.cvr}:${user.name}`), orgs: facts.organisations.map((org) => org.name), facts };
}

describe('directoryFactsFor', () => {
  it('jens.hansen (private): his business users by CPR, in both organisations', async () => {
    const { users, orgs } = await factsOf('jens.hansen');
    expect(users.sort()).toEqual(['12345674:Jens Hansen', '34567891:Jens Hansen']);
    expect(orgs.sort()).toEqual(['Nordisk Revision A/S', 'Tømrermester Hansen ApS']);
  });

  it('mette.larsen (private): nothing', async () => {
    const { facts } = await factsOf('mette.larsen');
    expect(facts).toEqual({ businessUsers: [], organisations: [] });
  });

  it('karen.holm (private): her Lægehuset Havnen business user', async () => {
    const { users, orgs } = await factsOf('karen.holm');
    expect(users).toEqual(['29876541:Karen Holm']);
    expect(orgs).toEqual(['Lægehuset Havnen']);
  });

  it('ole.blocked (private): nothing', async () => {
    expect((await factsOf('ole.blocked')).facts.businessUsers).toEqual([]);
  });

  it('nr-jens (dedicated): only his Nordisk Revision user, never the CPR-linked Tømrermester user', async () => {
    const { users, orgs, facts } = await factsOf('nr-jens');
    expect(users).toEqual(['34567891:Jens Hansen']);
    expect(orgs).toEqual(['Nordisk Revision A/S']);
    expect(facts.businessUsers[0]!.uuid).toBe('dd4ae5da-30aa-48d4-b816-e6275e03d22d');
  });

  it('sofie.berg (dedicated, shared): her home user and the shared Lægehuset Havnen user, no duplicates', async () => {
    const { users, orgs, facts } = await factsOf('sofie.berg');
    expect(users.sort()).toEqual(['29876541:Sofie Berg', '34567891:Sofie Berg']);
    expect(orgs.sort()).toEqual(['Lægehuset Havnen', 'Nordisk Revision A/S']);
    expect(new Set(facts.businessUsers.map((user) => user.uuid)).size).toBe(2);
  });

  it('a dedicated login whose home user is not listed by user ID still reaches it through professionalUuid', async () => {
    const login = demoLogin('sofie.berg');
    const local = memoryDirectory();
    const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
    const home = world.businessUsers.find((user) => user.uuid === '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc')!;
    await seedWorld(local, {
      organisations: world.organisations.filter((org) => org.cvr === '34567891'),
      businessUsers: [{ ...home, dedicatedMitIdUuids: [] }],
    });
    const facts = await directoryFactsFor(local, login);
    expect(facts.businessUsers.map((user) => user.uuid)).toEqual([home.uuid]);
    expect(facts.organisations.map((org) => org.cvr)).toEqual(['34567891']);
  });
});
