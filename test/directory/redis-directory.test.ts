// The directory repository on Redis and a real local Redis Cluster: the shared contract plus Redis-only checks (slots, no CPR at rest).
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import { RedisRecordStore } from '../../src/directory/redis-record-store.ts';
import { countCommands } from '../../src/store/command-counter.ts';
import { hashTagOf } from '../../src/store/keys.ts';
import type { RedisClient } from '../../src/store/redis.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { describeDirectoryRepositoryContract } from './repository-contract.ts';
import { seedWorld, TEST_INDEX_SECRET } from './support.ts';

async function everyKey(client: RedisClient, prefix: string): Promise<string[]> {
  // On a Cluster, KEYS only sees one node: ask every primary.
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  return (await Promise.all(nodes.map((node) => node.keys(`${prefix}:*`)))).flat();
}

describe.each(['single', 'cluster'] as const)('directory on %s Redis', (kind) => {
  const redis = useRedis(kind);
  describeDirectoryRepositoryContract(`RedisRecordStore (${kind})`, async () => new RedisRecordStore(redis(), uniquePrefix()));

  it('keeps each organisation in its own slot, the indexes in theirs, and no CPR or MitID user ID anywhere at rest', async () => {
    const keyPrefix = uniquePrefix();
    const directory = new LiveDirectory(new RedisRecordStore(redis(), keyPrefix), TEST_INDEX_SECRET);
    await seedWorld(directory);
    const keys = await everyKey(redis(), keyPrefix);
    const tags = new Set(keys.map(hashTagOf));
    expect(tags).toEqual(new Set(['org:12345674', 'org:34567891', 'org:29876541', 'operator', 'dir-index']));
    const dump: string[] = [...keys];
    for (const key of keys) {
      const type = await redis().type(key);
      if (type === 'hash') dump.push(JSON.stringify(await redis().hgetall(key)));
      if (type === 'set') dump.push(...(await redis().smembers(key)));
      if (type === 'list') dump.push(...(await redis().lrange(key, 0, -1)));
      if (type === 'string') dump.push((await redis().get(key)) ?? '');
    }
    const all = dump.join('\n');
    for (const cpr of ['1505801234', '0303751238']) expect(all).not.toContain(cpr);
    // Dedicated user IDs are kept in their records (needed to log in) but never in a key name.
    for (const key of keys) expect(key).not.toContain('1117a08b-5a1b-44d6-9e89-71dd2eb5a79c');
    expect((await directory.findBusinessUsersByPersonCpr('1505801234')).map((user) => user.cvr).sort()).toEqual(['12345674', '34567891']);
  });

  it("answers a login lookup in round trips that grow with the person's organisations, not with the directory", async () => {
    const directory = new LiveDirectory(new RedisRecordStore(redis(), uniquePrefix()), TEST_INDEX_SECRET);
    await seedWorld(directory);
    await directory.findBusinessUsersByPersonCpr('0303751238');
    const counter = countCommands(redis());
    try {
      await directory.findBusinessUsersByPersonCpr('0303751238');
      // One index read, then one read per linked business user (Karen Holm has one).
      expect(counter.snapshot().commands).toBe(2);
    } finally {
      counter.detach();
    }
  });
});
