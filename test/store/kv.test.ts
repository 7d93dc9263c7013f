// Runs the KeyValueStore contract against the in-memory store, a real redis-server and a real local Redis Cluster.
import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/store/kv.ts';
import { kvKey } from '../../src/store/keys.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { keyValueStoreContract } from './kv-contract.ts';
import { uniquePrefix, useRedis } from './redis-backends.ts';

describe('MemoryKeyValueStore', () => {
  keyValueStoreContract(() => new MemoryKeyValueStore());
});

describe.each(['single', 'cluster'] as const)('RedisKeyValueStore on %s Redis', (kind) => {
  const redis = useRedis(kind);
  keyValueStoreContract(() => new RedisKeyValueStore(redis(), uniquePrefix()));

  it('stores under the prefixed, hash-tagged key with a TTL', async () => {
    const prefix = uniquePrefix();
    await new RedisKeyValueStore(redis(), prefix).set('k', 'v', 30);
    const key = kvKey(prefix, 'k');
    expect(key).toBe(`${prefix}:kv:{k}`);
    expect(await redis().get(key)).toBe('v');
    const ttl = await redis().pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });
});
