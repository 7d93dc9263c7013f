// The in-memory directory repository: the shared contract, and seeding it with the demo world.
import { describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../../src/directory/memory-directory.ts';
import { seedDirectory } from '../../src/directory/seed.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_WORLD_FILE } from './demo-fixtures.ts';
import { describeDirectoryRepositoryContract } from './repository-contract.ts';

describeDirectoryRepositoryContract('MemoryDirectory', async () => new MemoryDirectory());

describe('seedDirectory', () => {
  it('puts every organisation and business user of the demo world', async () => {
    const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
    const repo = new MemoryDirectory();
    await seedDirectory(repo, world);
    expect(await repo.listOrganisations()).toEqual(world.organisations);
    for (const user of world.businessUsers) expect(await repo.getBusinessUser(user.uuid)).toEqual(user);
    // Jens Hansen has two business users linked to his CPR: Tømrermester Hansen and Nordisk Revision.
    const jens = await repo.findBusinessUsersByPersonCpr('1505801234');
    expect(jens.map((user) => user.cvr).sort()).toEqual(['12345674', '34567891']);
  });
});
