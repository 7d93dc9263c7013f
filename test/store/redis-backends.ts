// Test helper: a real single redis-server and a real local Redis Cluster, started per test file, with clients.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createRedis, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisCluster, startRedisServer, type RedisClusterHandle, type RedisServerHandle } from '../support/redis-server.ts';

export type RedisKind = 'single' | 'cluster';

/**
 * Registers hooks in the current describe block that start a server (or a three-primary Cluster) and
 * connect a client; returns a getter for that client, valid inside tests.
 */
export function useRedis(kind: RedisKind): () => RedisClient {
  let server: RedisServerHandle | RedisClusterHandle | undefined;
  let client: RedisClient | undefined;
  beforeAll(async () => {
    if (kind === 'single') {
      const single = await startRedisServer();
      server = single;
      client = createRedis({ url: single.url, tls: false, keyPrefix: 'test' });
    } else {
      const cluster = await startRedisCluster({ primaries: 3 });
      server = cluster;
      client = createRedis({ clusterNodes: cluster.nodes, tls: false, keyPrefix: 'test' });
    }
    await waitForRedis(client);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  return () => {
    if (!client) throw new Error('Redis client used before beforeAll ran');
    return client;
  };
}

/** A fresh key prefix, so tests sharing a server never see each other's keys. */
export function uniquePrefix(): string {
  return `t-${randomUUID().slice(0, 8)}`;
}
