// Fault behaviour against a real redis-server: fail fast while it is down or hung, report not ready, heal on return.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisAdapterFactory } from '../../src/oidc/adapters/redis-adapter.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { createRedis, redisReady, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisCluster, startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

/** Runs `call` and returns how long it took to settle and whether it was rejected. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; rejected: boolean }> {
  const started = Date.now();
  try {
    await call();
    return { ms: Date.now() - started, rejected: false };
  } catch {
    return { ms: Date.now() - started, rejected: true };
  }
}

describe('Redis faults (single redis-server)', () => {
  let server: RedisServerHandle;
  let redis: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis({ url: server.url, tls: false, keyPrefix: 'faults' }, { commandTimeoutMs: 300, maxReconnectDelayMs: 200 });
    await waitForRedis(redis);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('fails fast while Redis is down, reports not ready, and heals when it returns', async () => {
    const kv = new RedisKeyValueStore(redis, 'faults');
    const adapter = createRedisAdapterFactory(redis, 'faults')('AuthorizationCode');
    await kv.set('before', 'x', 60);
    await adapter.upsert('code-1', { jti: 'code-1', grantId: 'g' }, 60);
    expect(await redisReady(redis)).toBe(true);

    await server.stop();
    // Give the client a moment to notice the closed socket.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const call of [() => kv.get('before'), () => kv.take('before'), () => adapter.find('code-1'), () => adapter.consume('code-1')]) {
      const outcome = await timed(call);
      expect(outcome.rejected).toBe(true);
      expect(outcome.ms).toBeLessThan(1000);
    }
    expect(await redisReady(redis)).toBe(false);

    await server.restart();
    await waitForRedis(redis, 5000);
    expect(await redisReady(redis)).toBe(true);
    // The restarted server is empty and has no scripts cached: the adapter must reload them by itself.
    await adapter.upsert('code-2', { jti: 'code-2', grantId: 'g' }, 60);
    await adapter.consume('code-2');
    expect((await adapter.find('code-2'))?.consumed).toBeTypeOf('number');
    await kv.set('after', 'y', 60);
    expect(await kv.take('after')).toBe('y');
  });

  it('times a hung server out instead of waiting for it', async () => {
    const kv = new RedisKeyValueStore(redis, 'faults');
    await kv.set('k', 'v', 60);
    const admin = new Redis(server.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
      const outcome = await timed(() => kv.get('k'));
      expect(outcome.rejected).toBe(true);
      expect(outcome.ms).toBeLessThan(1000);
      expect(await redisReady(redis, 200)).toBe(false);
      await admin.call('CLIENT', 'UNPAUSE');
      await waitForRedis(redis, 5000);
      expect(await kv.get('k')).toBe('v');
    } finally {
      admin.disconnect();
    }
  });
});

describe('Redis faults (local Cluster)', () => {
  it('fails fast and reports not ready when the Cluster is gone', async () => {
    const cluster = await startRedisCluster({ primaries: 3 });
    const redis = createRedis({ clusterNodes: cluster.nodes, tls: false, keyPrefix: 'faults' }, { commandTimeoutMs: 300 });
    try {
      await waitForRedis(redis);
      const kv = new RedisKeyValueStore(redis, 'faults');
      await kv.set('k', 'v', 60);
      expect(await redisReady(redis)).toBe(true);
      await cluster.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const outcome = await timed(() => kv.get('k'));
        expect(outcome.rejected).toBe(true);
        expect(outcome.ms).toBeLessThan(1000);
      }
      expect(await redisReady(redis)).toBe(false);
    } finally {
      redis.disconnect();
      await cluster.stop();
    }
  });
});
