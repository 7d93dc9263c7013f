// Barrel for the directory read side: world loading, the in-memory repository, seeding and login facts.
export type { DirectoryReader, DirectoryRepository } from './repository.ts';
export * from './world.ts';
export * from './memory-directory.ts';
export * from './seed.ts';
export * from './facts.ts';
