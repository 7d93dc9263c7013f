// Barrel for the directory: records, the repository (memory or Redis record store underneath), world loading and login facts.
export type { DirectoryReader, DirectoryRepository, DirectoryScope } from './repository.ts';
export { VersionConflictError, organisationScope } from './repository.ts';
export * from './world.ts';
export * from './records.ts';
export { LiveDirectory } from './live-directory.ts';
export { MemoryRecordStore } from './memory-record-store.ts';
export { RedisRecordStore } from './redis-record-store.ts';
export * from './facts.ts';
