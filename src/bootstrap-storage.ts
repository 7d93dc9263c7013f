// Chooses the storage from configuration: in-memory by default, Redis (single, Sentinel or Cluster) when configured.
import type { Configuration } from 'oidc-provider';
import type { Config } from './config/index.ts';
import type { DirectoryRepository } from './directory/repository.ts';
import { LiveDirectory } from './directory/live-directory.ts';
import { MemoryRecordStore } from './directory/memory-record-store.ts';
import { RedisRecordStore } from './directory/redis-record-store.ts';
import type { Logger } from './observability/logger.ts';
import { createMemoryAdapterFactory } from './oidc/adapters/memory-adapter.ts';
import { createRedisAdapterFactory } from './oidc/adapters/redis-adapter.ts';
import { storageUnavailable, type HolderIndex } from './oidc/adapters/adapter-model.ts';
import { MemoryRevocationQueue } from './oidc/revocation/memory-queue.ts';
import type { RevocationQueue } from './oidc/revocation/queue.ts';
import { RedisRevocationQueue } from './oidc/revocation/redis-queue.ts';
import { isStoreUnavailable } from './store/errors.ts';
import { MemoryKeyValueStore, type KeyValueStore } from './store/kv.ts';
import { createRedis, redisReady, waitForRedis, type RedisClient } from './store/redis.ts';
import { RedisKeyValueStore } from './store/redis-kv.ts';

export interface Storage {
  kind: 'memory' | 'redis';
  /** Journeys, person snapshots, upstream transactions, simulator flow state. */
  kv: KeyValueStore;
  directory: DirectoryRepository;
  /** Kontekst's own oidc-provider adapter. */
  adapter: Configuration['adapter'];
  /** The adapter's account index: a person's or business user's live sessions and grants. */
  holders: HolderIndex;
  /** Revocation jobs (ending sessions and telling relying parties), shared by every process. */
  revocationQueue: RevocationQueue;
  /**
   * The built-in simulator's adapter: another issuer, so its records (Session, Interaction, …) live under
   * their own key prefix and never collide with Kontekst's records of the same model and id space.
   */
  simulatorAdapter: Configuration['adapter'];
  redis?: RedisClient;
  /** The prefix every Redis key of this deployment starts with (for storedUsage); undefined in memory. */
  keyPrefix?: string;
  /** Resolves once storage answers (Redis: PING); rejects after the configured connect timeout. */
  whenReady(): Promise<void>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StorageOptions {
  logger?: Logger;
  /** Per-command timeout (default 2000 ms); a hung Redis fails requests after this long. */
  commandTimeoutMs?: number;
  /** Cap of the reconnect back-off (default 2000 ms): how soon service returns after Redis does. */
  maxReconnectDelayMs?: number;
}

/** Key prefix of the simulator's oidc-provider records, below the deployment's prefix (no braces: see keys.ts). */
export function simulatorKeyPrefix(keyPrefix: string): string {
  return `${keyPrefix}:mitid-sim`;
}

export function createStorage(config: Config, options: StorageOptions = {}): Storage {
  if (!config.redis) {
    const adapter = createMemoryAdapterFactory();
    return {
      kind: 'memory',
      kv: new MemoryKeyValueStore(),
      directory: new LiveDirectory(new MemoryRecordStore(), config.directoryIndexSecret),
      adapter: adapter as unknown as Configuration['adapter'],
      holders: adapter.holders,
      revocationQueue: new MemoryRevocationQueue(),
      // A factory of its own: the two providers must not share records.
      simulatorAdapter: createMemoryAdapterFactory() as unknown as Configuration['adapter'],
      whenReady: async () => {},
      ready: async () => true,
      close: async () => {},
    };
  }
  const redisConfig = config.redis;
  const redis = createRedis(redisConfig, {
    logger: options.logger,
    commandTimeoutMs: options.commandTimeoutMs ?? redisConfig.commandTimeoutMs,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? redisConfig.maxReconnectDelayMs,
    connectionName: `kontekst-${process.pid}`,
  });
  const prefix = redisConfig.keyPrefix;
  const adapter = createRedisAdapterFactory(redis, prefix);
  return {
    kind: 'redis',
    kv: new RedisKeyValueStore(redis, prefix),
    directory: new LiveDirectory(new RedisRecordStore(redis, prefix), config.directoryIndexSecret),
    adapter: adapter as unknown as Configuration['adapter'],
    holders: adapter.holders,
    revocationQueue: new RedisRevocationQueue(redis, prefix),
    simulatorAdapter: createRedisAdapterFactory(redis, simulatorKeyPrefix(prefix)) as unknown as Configuration['adapter'],
    redis,
    keyPrefix: prefix,
    whenReady: () => waitForRedis(redis, redisConfig.connectTimeoutMs ?? 30_000),
    ready: () => redisReady(redis),
    close: async () => {
      // QUIT lets in-flight commands finish; a dead connection cannot answer it, so fall back to dropping it.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * The same store, but a storage outage surfaces as the OIDC error temporarily_unavailable (503). For stores
 * oidc-provider calls into (findAccount, the interaction policy): a plain error there would become a 500
 * server_error; this way the token and userinfo endpoints answer a retryable protocol error instead.
 * The journey's error page recognises both kinds.
 */
export function withOidcOutageErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...params: unknown[]) => Promise<unknown>).apply(object, args);
        } catch (error) {
          throw isStoreUnavailable(error) ? storageUnavailable(error) : error;
        }
      };
    },
  });
}
