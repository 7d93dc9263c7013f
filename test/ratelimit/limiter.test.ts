// One contract for the counting limiter on memory, a single Redis and a Redis Cluster: atomic counts, shared state, expiry.
import { describe, expect, it } from 'vitest';
import { createLimiter, type LimiterBackend } from '../../src/ratelimit/limiter.ts';
import { createRedis, waitForRedis } from '../../src/store/redis.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';

function limiterContract(name: string, backend: () => LimiterBackend): void {
  describe(name, () => {
    it('counts concurrent hits exactly, so a burst cannot slip under the limit', async () => {
      const limiter = createLimiter('burst', { points: 3, durationSeconds: 60 }, backend());
      const states = await Promise.all(Array.from({ length: 8 }, () => limiter.hit('user:app')));
      expect(states.map((state) => state.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const seen = await limiter.peek('user:app');
      expect(seen).toMatchObject({ count: 8, reached: true });
      expect(seen.retryAfterSeconds).toBeGreaterThan(0);
      expect(seen.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('peek does not count, keys are independent, reset forgets', async () => {
      const limiter = createLimiter('peek', { points: 2, durationSeconds: 60 }, backend());
      expect(await limiter.peek('a')).toMatchObject({ count: 0, reached: false });
      await limiter.hit('a');
      expect(await limiter.peek('a')).toMatchObject({ count: 1, reached: false });
      expect(await limiter.peek('a')).toMatchObject({ count: 1, reached: false });
      expect(await limiter.peek('b')).toMatchObject({ count: 0 });
      expect((await limiter.hit('a')).reached).toBe(true);
      await limiter.reset('a');
      expect(await limiter.peek('a')).toMatchObject({ count: 0, reached: false });
    });

    it('a block holds for blockSeconds, then the key is free again', async () => {
      const limiter = createLimiter('block', { points: 2, durationSeconds: 60, blockSeconds: 1 }, backend());
      await limiter.hit('k');
      const second = await limiter.hit('k');
      expect(second).toMatchObject({ reached: true, retryAfterSeconds: 1 });
      expect((await limiter.peek('k')).reached).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect((await limiter.peek('k')).reached).toBe(false);
    });

    it('keys holding colons, braces and addresses stay one key each', async () => {
      const limiter = createLimiter('odd', { points: 5, durationSeconds: 60 }, backend());
      await limiter.hit('::1');
      await limiter.hit('{x}:y');
      expect((await limiter.peek('::1')).count).toBe(1);
      expect((await limiter.peek('{x}:y')).count).toBe(1);
    });
  });
}

limiterContract('memory', () => ({ kind: 'memory' }));

describe('redis', () => {
  const redis = useRedis('single');
  limiterContract('single server', () => ({ kind: 'redis', client: redis(), keyPrefix: uniquePrefix() }));

  it('two processes (two clients) share one count', async () => {
    const prefix = uniquePrefix();
    const first = createLimiter('shared', { points: 3, durationSeconds: 60 }, { kind: 'redis', client: redis(), keyPrefix: prefix });
    const otherClient = createRedis({
      url: `redis://127.0.0.1:${(redis().options as { port: number }).port}`,
      tls: false,
      keyPrefix: 'test',
    });
    try {
      await waitForRedis(otherClient);
      const second = createLimiter('shared', { points: 3, durationSeconds: 60 }, { kind: 'redis', client: otherClient, keyPrefix: prefix });
      await first.hit('ip');
      await second.hit('ip');
      expect(await first.peek('ip')).toMatchObject({ count: 2 });
    } finally {
      otherClient.disconnect();
    }
  });
});

describe('redis cluster', () => {
  const redis = useRedis('cluster');
  limiterContract('three primaries', () => ({ kind: 'redis', client: redis(), keyPrefix: uniquePrefix() }));
});
