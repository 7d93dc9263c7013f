// Test helpers: a directory on the in-memory record store, seeded with a world through the administration service.
import { createAdminService } from '../../src/admin/service.ts';
import { SEED_ACTOR } from '../../src/admin/seed.ts';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import { MemoryRecordStore } from '../../src/directory/memory-record-store.ts';
import { loadDirectoryWorld, type DirectoryWorld } from '../../src/directory/world.ts';
import { DEMO_WORLD_FILE } from './demo-fixtures.ts';

export const TEST_INDEX_SECRET = 'test-directory-index-secret';

export function memoryDirectory(): LiveDirectory {
  return new LiveDirectory(new MemoryRecordStore(), TEST_INDEX_SECRET);
}

export async function seedWorld(directory: LiveDirectory, world?: DirectoryWorld): Promise<void> {
  const service = createAdminService({ directory, publicUrl: 'http://localhost:3000' });
  await service.importDirectory(SEED_ACTOR, world ?? (await loadDirectoryWorld(DEMO_WORLD_FILE)));
}

export async function demoDirectory(): Promise<LiveDirectory> {
  const directory = memoryDirectory();
  await seedWorld(directory);
  return directory;
}
