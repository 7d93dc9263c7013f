// Chooses the storage from configuration: in-memory by default, Redis (single, Sentinel or Cluster) when configured.
import type { Configuration } from 'oidc-provider';
import type { Config } from './config/index.ts';
import type { DirectoryRepository } from './directory/repository.ts';
import { MemoryDirectory } from './directory/memory-directory.ts';
import { RedisDirectory } from './directory/redis-directory.ts';
import { createMemoryAdapterFactory } from './oidc/adapters/memory-adapter.ts';
import { createRedisAdapterFactory } from './oidc/adapters/redis-adapter.ts';
import { MemoryKeyValueStore, type KeyValueStore } from './store/kv.ts';
import { createRedis, redisReady, type RedisClient } from './store/redis.ts';
import { RedisKeyValueStore } from './store/redis-kv.ts';

export interface Storage {
  kind: 'memory' | 'redis';
  kv: KeyValueStore;
  directory: DirectoryRepository;
  adapter: Configuration['adapter'];
  redis?: RedisClient;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export function createStorage(config: Config): Storage {
  if (!config.redis) {
    return {
      kind: 'memory',
      kv: new MemoryKeyValueStore(),
      directory: new MemoryDirectory(),
      adapter: createMemoryAdapterFactory() as unknown as Configuration['adapter'],
      ready: async () => true,
      close: async () => {},
    };
  }
  const redis = createRedis(config.redis);
  // Errors surface on the requests that hit them; the client event only needs to not crash the process.
  redis.on('error', () => {});
  const prefix = config.redis.keyPrefix;
  return {
    kind: 'redis',
    kv: new RedisKeyValueStore(redis, prefix),
    directory: new RedisDirectory({ redis, keyPrefix: prefix, indexSecret: config.pairwiseSalt }),
    adapter: createRedisAdapterFactory(redis, prefix) as unknown as Configuration['adapter'],
    redis,
    ready: () => redisReady(redis),
    close: async () => {
      redis.disconnect();
    },
  };
}
