// Runs the revocation queue contract on memory, a real redis-server and a real Cluster; plus the one-MULTI enqueue.
import { describe, expect, it } from 'vitest';
import { newRevocationJob } from '../../src/oidc/revocation/job.ts';
import { MemoryRevocationQueue } from '../../src/oidc/revocation/memory-queue.ts';
import { RedisRevocationQueue, revocationEnqueueCommands } from '../../src/oidc/revocation/redis-queue.ts';
import { hashTagOf, revocationJobKeys } from '../../src/store/keys.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { revocationQueueContract } from './queue-contract.ts';

describe('MemoryRevocationQueue', () => {
  revocationQueueContract(() => new MemoryRevocationQueue());
});

describe.each(['single', 'cluster'] as const)('RedisRevocationQueue on %s Redis', (kind) => {
  const redis = useRedis(kind);
  revocationQueueContract(() => new RedisRevocationQueue(redis(), uniquePrefix()));

  it('keeps its jobs and due times in one slot, so storing a job (revocationEnqueueCommands) is one MULTI', async () => {
    const prefix = uniquePrefix();
    const { jobs, due } = revocationJobKeys(prefix);
    expect(hashTagOf(jobs)).toBe(hashTagOf(due));

    const job = newRevocationJob([{ type: 'private', mitidUuid: '8292d8fe-43d2-4fba-a853-a22d2afd5e7e' }]);
    const multi = redis().multi();
    for (const [command, ...args] of revocationEnqueueCommands(prefix, job)) multi.call(command, ...args);
    await multi.exec();
    expect(await new RedisRevocationQueue(redis(), prefix).claim(1_000)).toEqual(job);
  });

  it('drops a stored job that no longer parses instead of claiming it forever', async () => {
    const prefix = uniquePrefix();
    const { jobs, due } = revocationJobKeys(prefix);
    await redis().multi().hset(jobs, 'broken', '{"id":"broken","targets":[]}').zadd(due, 0, 'broken').exec();
    const queue = new RedisRevocationQueue(redis(), prefix);
    expect(await queue.claim(1_000)).toBeUndefined();
    expect(await queue.size()).toBe(0);
  });
});
