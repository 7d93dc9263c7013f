// Chooses the storage from configuration: in-memory by default, Redis (single, Sentinel or Cluster) when configured.
import type { Configuration } from 'oidc-provider';
import type { Config } from './config/index.ts';
import type { DirectoryRepository } from './directory/repository.ts';
import { MemoryDirectory } from './directory/memory-directory.ts';
import { RedisDirectory } from './directory/redis-directory.ts';
import type { Logger } from './observability/logger.ts';
import { createMemoryAdapterFactory } from './oidc/adapters/memory-adapter.ts';
import { createRedisAdapterFactory } from './oidc/adapters/redis-adapter.ts';
import { storageUnavailable } from './oidc/adapters/adapter-model.ts';
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
  /**
   * The built-in simulator's adapter: another issuer, so its records (Session, Interaction, …) live under
   * their own key prefix and never collide with Kontekst's records of the same model and id space.
   */
  simulatorAdapter: Configuration['adapter'];
  redis?: RedisClient;
  /** The prefix every Redis key of this deployment starts with (rate limits, bench probes); undefined in memory. */
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
    return {
      kind: 'memory',
      kv: new MemoryKeyValueStore(),
      directory: new MemoryDirectory(),
      adapter: createMemoryAdapterFactory() as unknown as Configuration['adapter'],
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
  return {
    kind: 'redis',
    kv: new RedisKeyValueStore(redis, prefix),
    directory: new RedisDirectory({ redis, keyPrefix: prefix, indexSecret: config.directoryIndexSecret }),
    adapter: createRedisAdapterFactory(redis, prefix) as unknown as Configuration['adapter'],
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
