// Runs the outbox queue contract on memory, a real redis-server and a real local Redis Cluster.
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryOutboxQueue } from '../../src/outbox/memory-source.ts';
import { RedisOutboxQueue } from '../../src/outbox/redis-source.ts';
import type { RedisClient } from '../../src/store/redis.ts';
import { hashTagOf, outboxNamespace } from '../../src/store/keys.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { messageOf } from './fixtures.ts';
import { outboxQueueContract } from './outbox-queue-contract.ts';

describe('MemoryOutboxQueue', () => {
  outboxQueueContract((clock) => new MemoryOutboxQueue(clock.now));
});

describe.each(['single', 'cluster'] as const)('RedisOutboxQueue on %s Redis', (kind) => {
  const redis = useRedis(kind);
  const prefixes = new WeakMap<object, string>();
  const extraConnections: RedisClient[] = [];
  afterAll(() => {
    for (const connection of extraConnections) connection.disconnect();
  });
  outboxQueueContract(
    (clock) => {
      const keyPrefix = uniquePrefix();
      const queue = new RedisOutboxQueue({ redis: redis(), keyPrefix, now: clock.now });
      prefixes.set(queue, keyPrefix);
      return queue;
    },
    // The same queue through a second connection, as another process would see it.
    (first, clock) => {
      const second = redis().duplicate();
      extraConnections.push(second);
      return new RedisOutboxQueue({ redis: second, keyPrefix: prefixes.get(first)!, now: clock.now });
    },
  );

  it('keeps every key of a queue in one Cluster slot', async () => {
    const keyPrefix = uniquePrefix();
    const queue = new RedisOutboxQueue({ redis: redis(), keyPrefix, partition: 'org:31627583' });
    await queue.enqueue(messageOf('setup_link'));
    const namespace = outboxNamespace(keyPrefix, 'org:31627583');
    expect(hashTagOf(`${namespace}:due`)).toBe('org:31627583');
    expect(hashTagOf(`${namespace}:msg:x`)).toBe('org:31627583');
    expect(await redis().zcard(`${namespace}:due`)).toBe(1);
  });
});
