// Public surface of the storage part: connection factory, key-value stores, key naming, measuring helpers.
export { createRedis, isCluster, redisReady, waitForRedis } from './redis.ts';
export type { CreateRedisOptions, RedisClient } from './redis.ts';
export { MemoryKeyValueStore } from './kv.ts';
export type { KeyValueStore } from './kv.ts';
export { RedisKeyValueStore } from './redis-kv.ts';
export { countCommands } from './command-counter.ts';
export type { CommandCounter, CommandCounts } from './command-counter.ts';
export { storedUsage } from './usage.ts';
export type { StoredUsage } from './usage.ts';
export * from './keys.ts';
export { StoreUnavailableError, isStoreUnavailable, unavailableOnFailure } from './errors.ts';
