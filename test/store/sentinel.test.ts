// createRedis through a real Sentinel: the client finds the primary by name and the stores work over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapterFactory } from '../../src/oidc/adapters/redis-adapter.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { createRedis, redisReady, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisSentinel, startRedisServer, type RedisSentinelHandle, type RedisServerHandle } from '../support/redis-server.ts';

describe('Redis through Sentinel', () => {
  let server: RedisServerHandle;
  let sentinel: RedisSentinelHandle;
  let redis: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer();
    sentinel = await startRedisSentinel(server);
    redis = createRedis({ sentinels: sentinel.sentinels, sentinelName: sentinel.name, tls: false, keyPrefix: 'sentinel' });
    await waitForRedis(redis);
  });

  afterAll(async () => {
    redis?.disconnect();
    await sentinel?.stop();
    await server?.stop();
  });

  it('connects to the primary the sentinel names and serves the stores', async () => {
    expect(await redisReady(redis)).toBe(true);
    const kv = new RedisKeyValueStore(redis, 'sentinel');
    await kv.set('k', 'v', 60);
    expect(await kv.take('k')).toBe('v');
    const sessions = createRedisAdapterFactory(redis, 'sentinel')('Session');
    await sessions.upsert('s1', { jti: 's1', uid: 'u1' }, 60);
    expect((await sessions.findByUid('u1'))?.jti).toBe('s1');
    // The write really landed on the monitored server.
    expect(Number(await redis.dbsize())).toBeGreaterThan(0);
    expect((await redis.call('CONFIG', 'GET', 'port')) as string[]).toContain(String(server.port));
  });
});
