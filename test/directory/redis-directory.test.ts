// RedisDirectory against a real redis-server and a real local Cluster: the shared contract plus Redis-only checks.
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisDirectory } from '../../src/directory/redis-directory.ts';
import { seedDirectory } from '../../src/directory/seed.ts';
import { loadDirectoryWorld } from '../../src/directory/world.ts';
import { countCommands } from '../../src/store/command-counter.ts';
import { directoryNamespace, hashTagOf } from '../../src/store/keys.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { DEMO_WORLD_FILE } from './demo-fixtures.ts';
import { CONTRACT_USER, describeDirectoryRepositoryContract } from './repository-contract.ts';

const INDEX_SECRET = 'test-directory-index-secret';

describe.each(['single', 'cluster'] as const)('RedisDirectory on %s Redis', (kind) => {
  const redis = useRedis(kind);
  describeDirectoryRepositoryContract(`RedisDirectory (${kind})`, async () =>
    new RedisDirectory({ redis: redis(), keyPrefix: uniquePrefix(), indexSecret: INDEX_SECRET }));

  it('never writes a CPR or a dedicated MitID UUID into a key, and keeps everything in one slot', async () => {
    const keyPrefix = uniquePrefix();
    await new RedisDirectory({ redis: redis(), keyPrefix, indexSecret: INDEX_SECRET }).putBusinessUser(CONTRACT_USER);
    const namespace = directoryNamespace(keyPrefix);
    const client = redis();
    // On a Cluster, KEYS only sees one node: ask every primary.
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    const keys = (await Promise.all(nodes.map((node) => node.keys(`${keyPrefix}:*`)))).flat();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith(namespace)).toBe(true);
      expect(hashTagOf(key)).toBe('dir');
    }
    const fields: string[] = [];
    for (const key of keys) {
      const type = await redis().type(key);
      if (type === 'hash') fields.push(...(await redis().hkeys(key)));
    }
    for (const name of [...keys, ...fields]) {
      expect(name).not.toContain(CONTRACT_USER.personCpr);
      expect(name).not.toContain(CONTRACT_USER.dedicatedMitIdUuids[0]);
    }
  });

  it('answers each lookup in one round trip', async () => {
    const directory = new RedisDirectory({ redis: redis(), keyPrefix: uniquePrefix(), indexSecret: INDEX_SECRET });
    await directory.putBusinessUser(CONTRACT_USER);
    await directory.findBusinessUsersByPersonCpr(CONTRACT_USER.personCpr!);
    const counter = countCommands(redis());
    try {
      const found = await directory.findBusinessUsersByPersonCpr(CONTRACT_USER.personCpr!);
      expect(found).toEqual([CONTRACT_USER]);
      expect(counter.snapshot().commands).toBe(1);
    } finally {
      counter.detach();
    }
  });

  it('seeds the demo world and finds Jens Hansen\'s business users by CPR', async () => {
    const world = await loadDirectoryWorld(DEMO_WORLD_FILE);
    const directory = new RedisDirectory({ redis: redis(), keyPrefix: uniquePrefix(), indexSecret: INDEX_SECRET });
    await seedDirectory(directory, world);
    expect((await directory.listOrganisations()).map((org) => org.cvr).sort()).toEqual(world.organisations.map((org) => org.cvr).sort());
    const jens = await directory.findBusinessUsersByPersonCpr('1505801234');
    expect(jens.map((user) => user.cvr).sort()).toEqual(['12345674', '34567891']);
  });

  it('refuses a short index secret', () => {
    expect(() => new RedisDirectory({ redis: redis(), keyPrefix: 'x', indexSecret: 'short' })).toThrow(/indexSecret/);
  });
});
