// Retry backoff: grows, stays within its cap, spreads by jitter and ends with giving up at the last attempt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterFailure, type RetryPolicy } from '../../src/outbox/backoff.ts';

const policyArb = fc
  .record({
    baseDelayMs: fc.integer({ min: 1, max: 60_000 }),
    maxDelayMs: fc.integer({ min: 1, max: 3_600_000 }),
    maxAttempts: fc.integer({ min: 1, max: 50 }),
  })
  .filter((policy) => policy.maxDelayMs >= policy.baseDelayMs);

describe('retryAfterFailure', () => {
  it('retries before the last attempt, within [ceiling/2, ceiling] where the ceiling doubles up to the cap', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (policy: RetryPolicy, attempt, random) => {
          const outcome = retryAfterFailure(attempt, policy, () => random);
          if (attempt >= policy.maxAttempts) {
            expect(outcome).toEqual({ giveUp: true });
            return;
          }
          expect('retryInMs' in outcome).toBe(true);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          const delay = (outcome as { retryInMs: number }).retryInMs;
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
        },
      ),
    );
  });

  it('never waits less after a later failure (same jitter draw)', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 48 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (policy, attempt, random) => {
          const now = retryAfterFailure(attempt, policy, () => random);
          const next = retryAfterFailure(attempt + 1, policy, () => random);
          if ('retryInMs' in now && 'retryInMs' in next) expect(next.retryInMs).toBeGreaterThanOrEqual(now.retryInMs);
        },
      ),
    );
  });

  it('with the defaults: about 5 s first, never above 15 minutes, gives up at the 12th failure', () => {
    expect(retryAfterFailure(1, { baseDelayMs: 5000, maxDelayMs: 900_000, maxAttempts: 12 }, () => 0)).toEqual({ retryInMs: 2500 });
    expect(retryAfterFailure(11, { baseDelayMs: 5000, maxDelayMs: 900_000, maxAttempts: 12 }, () => 0.999999)).toEqual({
      retryInMs: 900_000,
    });
    expect(retryAfterFailure(12, { baseDelayMs: 5000, maxDelayMs: 900_000, maxAttempts: 12 })).toEqual({ giveUp: true });
  });
});
