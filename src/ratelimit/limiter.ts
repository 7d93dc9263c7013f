// Counting limiters (rate-limiter-flexible) on memory or Redis: atomic counts per key, shared across processes on Redis.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { unavailableOnFailure } from '../store/errors.ts';
import type { RedisClient } from '../store/redis.ts';

/** At most `points` events per `durationSeconds` window; with `blockSeconds`, reaching the limit holds for that long. */
export interface Limit {
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

export interface LimitState {
  /** Events counted in the current window (after this one, for hit). */
  count: number;
  /** True once the count has reached the limit: the next event is refused. */
  reached: boolean;
  /** Seconds until the window (or block) ends: the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

export interface Limiter {
  readonly limit: Limit;
  /** Reads the count without counting: the cheap check of the happy path (one GET on Redis). */
  peek(key: string): Promise<LimitState>;
  /** Counts one event atomically (one script on Redis), so concurrent events never count once. */
  hit(key: string): Promise<LimitState>;
  reset(key: string): Promise<void>;
}

/** Where counts live: this process only, or Redis (shared by every process of the deployment). */
export type LimiterBackend = { kind: 'memory' } | { kind: 'redis'; client: RedisClient; keyPrefix: string };

/** The backend for a storage: Redis when it has a client, else memory. */
export function limiterBackendOf(storage: { redis?: RedisClient; keyPrefix?: string }): LimiterBackend {
  return storage.redis ? { kind: 'redis', client: storage.redis, keyPrefix: storage.keyPrefix ?? 'kontekst' } : { kind: 'memory' };
}

export function createLimiter(name: string, limit: Limit, backend: LimiterBackend): Limiter {
  // The counter itself never refuses (penalty, not consume): callers decide what "reached" means for them.
  const options = { points: limit.points, duration: limit.durationSeconds };
  const counter: RateLimiterAbstract =
    backend.kind === 'redis'
      ? new RateLimiterRedis({ ...options, storeClient: backend.client, keyPrefix: `${backend.keyPrefix}:rl:${name}` })
      : new RateLimiterMemory({ ...options, keyPrefix: name });
  // One key per operation: the hash tag keeps each Redis Cluster command on one slot whatever the key holds.
  const keyOf = (key: string): string => (backend.kind === 'redis' ? `{${key}}` : key);
  const state = (count: number, msBeforeNext: number): LimitState => ({
    count,
    reached: count >= limit.points,
    retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });

  return {
    limit,
    async peek(key) {
      const res = await unavailableOnFailure(() => counter.get(keyOf(key)));
      return res ? state(res.consumedPoints, res.msBeforeNext) : state(0, 0);
    },
    async hit(key) {
      const res = await unavailableOnFailure(() => counter.penalty(keyOf(key), 1));
      if (limit.blockSeconds !== undefined && res.consumedPoints >= limit.points) {
        await unavailableOnFailure(() => counter.block(keyOf(key), limit.blockSeconds!));
        return state(res.consumedPoints, limit.blockSeconds * 1000);
      }
      return state(res.consumedPoints, res.msBeforeNext);
    },
    async reset(key) {
      await unavailableOnFailure(() => counter.delete(keyOf(key)));
    },
  };
}
