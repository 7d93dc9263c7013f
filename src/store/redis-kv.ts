// KeyValueStore on Redis: one command per operation, take is an atomic GETDEL, setIfAbsent a SET NX; failures raise StoreUnavailableError.
import { unavailableOnFailure } from './errors.ts';
import type { KeyValueStore } from './kv.ts';
import { kvKey } from './keys.ts';
import type { RedisClient } from './redis.ts';

export class RedisKeyValueStore implements KeyValueStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await unavailableOnFailure(() => this.redis.get(kvKey(this.keyPrefix, key)))) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // Redis refuses a zero expiry; a value that should live "no time" still has to expire.
    const ttlMs = Math.max(1, Math.ceil(ttlSeconds * 1000));
    await unavailableOnFailure(() => this.redis.set(kvKey(this.keyPrefix, key), value, 'PX', ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = Math.max(1, Math.ceil(ttlSeconds * 1000));
    return (await unavailableOnFailure(() => this.redis.set(kvKey(this.keyPrefix, key), value, 'PX', ttlMs, 'NX'))) === 'OK';
  }

  async take(key: string): Promise<string | undefined> {
    return (await unavailableOnFailure(() => this.redis.getdel(kvKey(this.keyPrefix, key)))) ?? undefined;
  }

  async delete(key: string): Promise<void> {
    await unavailableOnFailure(() => this.redis.del(kvKey(this.keyPrefix, key)));
  }
}
