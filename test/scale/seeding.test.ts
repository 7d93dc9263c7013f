// N processes seed the directory from WORLD_FILE on every start: repeated and concurrent seeding must give the same directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDirectory } from '../../src/directory/redis-directory.ts';
import { seedDirectory } from '../../src/directory/seed.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { createRedis, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

let server: RedisServerHandle;
let redis: RedisClient;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedis({ url: server.url, tls: false, keyPrefix: 'seed' });
  await waitForRedis(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

async function dump(): Promise<Record<string, Record<string, string>>> {
  const keys = (await redis.keys('seed:*')).sort();
  return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await redis.hgetall(key)] as const)));
}

describe('seeding the directory on every start', () => {
  it('is idempotent, also when several processes seed at the same time', async () => {
    const world = await loadDirectoryWorld('config/demo-world.json');
    const directory = () => new RedisDirectory({ redis, keyPrefix: 'seed', indexSecret: 'an-index-secret-for-tests' });
    await seedDirectory(directory(), world);
    const once = await dump();
    expect(Object.keys(once).length).toBeGreaterThan(0);

    await Promise.all([1, 2, 3].map(() => seedDirectory(directory(), world)));
    expect(await dump()).toEqual(once);

    // Lookups still find each user exactly once (no duplicated index links).
    for (const user of world.businessUsers) {
      if (user.personCpr === undefined) continue;
      const found = await directory().findBusinessUsersByPersonCpr(user.personCpr);
      expect(found.filter((candidate) => candidate.uuid === user.uuid)).toHaveLength(1);
    }
  });
});
