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

describe('MemoryKeyValueStore bound', () => {
  it('keeps at most its byte cap, dropping the least recently used entries first', async () => {
    const store = new MemoryKeyValueStore(Date.now, { maxBytes: 20_000 });
    for (let index = 0; index < 100; index += 1) await store.set(`key-${index}`, 'x'.repeat(1_000), 3600);
    expect(store.bytes).toBeLessThanOrEqual(20_000);
    expect(await store.get('key-0')).toBeUndefined();
    expect(await store.get('key-99')).toBe('x'.repeat(1_000));
  });

  it('expires entries by the injected clock', async () => {
    let now = 1_000_000;
    const store = new MemoryKeyValueStore(() => now);
    await store.set('k', 'v', 10);
    now += 9_999;
    expect(await store.get('k')).toBe('v');
    now += 2;
    expect(await store.get('k')).toBeUndefined();
  });
});
