// Seeds a directory repository with a loaded world (organisations first, so users never name a missing one).
import type { DirectoryRepository } from './repository.ts';
import type { DirectoryWorld } from './world.ts';

export async function seedDirectory(repo: DirectoryRepository, world: DirectoryWorld): Promise<void> {
  for (const organisation of world.organisations) await repo.putOrganisation(organisation);
  for (const user of world.businessUsers) await repo.putBusinessUser(user);
}
