// Fault behaviour against a real redis-server: fail fast while it is down or hung, report not ready, heal on return.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Provider from 'oidc-provider';
import request from 'supertest';
import { createRedisAdapterFactory } from '../../src/oidc/adapters/redis-adapter.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { createRedis, redisReady, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisCluster, startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

/** Runs `call` and returns how long it took to settle, whether it was rejected, and with what. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; rejected: boolean; error?: unknown }> {
  const started = Date.now();
  try {
    await call();
    return { ms: Date.now() - started, rejected: false };
  } catch (error) {
    return { ms: Date.now() - started, rejected: true, error };
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
    for (const call of [() => kv.get('before'), () => kv.take('before')]) {
      const outcome = await timed(call);
      expect(outcome.error).toBeInstanceOf(StoreUnavailableError);
      expect(outcome.ms).toBeLessThan(1000);
    }
    for (const call of [() => adapter.find('code-1'), () => adapter.consume('code-1'), () => adapter.upsert('x', { jti: 'x' }, 60)]) {
      const outcome = await timed(call);
      // An OIDC error the provider renders as such, not an InvalidGrant and not a server_error.
      expect(outcome.error).toMatchObject({ error: 'temporarily_unavailable', statusCode: 503, expose: true });
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

  it('answers temporarily_unavailable (503) at the token endpoint of an oidc-provider while Redis is down', async () => {
    const provider = new Provider('http://localhost:3998', {
      adapter: createRedisAdapterFactory(redis, 'faults-provider'),
      clients: [{ client_id: 'rp', client_secret: 'a-secret-for-tests-only', redirect_uris: ['https://rp.example/cb'] }],
    });
    const redeem = () =>
      request(provider.callback())
        .post('/token')
        .auth('rp', 'a-secret-for-tests-only')
        .type('form')
        .send({
          grant_type: 'authorization_code',
          code: 'some-code',
          redirect_uri: 'https://rp.example/cb',
          code_verifier: 'v'.repeat(43),
        });
    const up = await redeem();
    expect(up.status).toBe(400);
    expect(up.body.error).toBe('invalid_grant');
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const down = await redeem();
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'storage is temporarily unavailable, try again shortly',
      });
    } finally {
      await server.restart();
      await waitForRedis(redis, 5000);
    }
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
