// Backoff and give-up rules for back-channel logout deliveries, as properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PendingDelivery } from '../../src/oidc/revocation/job.ts';
import { afterFailure, DEFAULT_RETRY_POLICY, delayUntilNextDue, mergeDeliveries } from '../../src/oidc/revocation/retry-policy.ts';

const delivery = (overrides: Partial<PendingDelivery> = {}): PendingDelivery => ({
  clientId: 'rp',
  accountId: 'professional.mitid.x',
  sid: 'sid-1',
  attempts: 0,
  nextAttemptAt: 0,
  ...overrides,
});

describe('retry policy', () => {
  it('doubles the delay from the base up to the cap', () => {
    const policy = { baseDelayMs: 1_000, maxDelayMs: 5_000, giveUpAfterMs: 60_000 };
    let current = delivery();
    const delays: number[] = [];
    for (let now = 0, round = 0; round < 5; round += 1) {
      const next = afterFailure(current, now, policy);
      if (next === 'give-up') throw new Error('gave up too early');
      delays.push(next.nextAttemptAt - now);
      now = next.nextAttemptAt;
      current = next;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('never schedules an attempt outside the window, and always gives up eventually', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (baseDelayMs, extra, giveUpAfterMs) => {
          const policy = { baseDelayMs, maxDelayMs: baseDelayMs + extra, giveUpAfterMs };
          let current = delivery();
          let now = 1_000;
          for (let round = 0; round < 10_000; round += 1) {
            const next = afterFailure(current, now, policy);
            if (next === 'give-up') return true;
            expect(next.nextAttemptAt - next.firstAttemptAt!).toBeLessThanOrEqual(giveUpAfterMs);
            expect(next.nextAttemptAt).toBeGreaterThan(now);
            now = next.nextAttemptAt;
            current = next;
          }
          return false;
        },
      ),
    );
  });

  it('defaults to at most an hour of retries', () => {
    expect(DEFAULT_RETRY_POLICY.giveUpAfterMs).toBe(3_600_000);
  });

  it("merges deliveries once per client and session, keeping the pending one's progress", () => {
    const pending = delivery({ attempts: 3, nextAttemptAt: 99 });
    const merged = mergeDeliveries([pending], [delivery(), delivery({ clientId: 'other' }), delivery({ sid: 'sid-2' })]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toBe(pending);
    expect(delayUntilNextDue(merged, 50)).toBe(0);
    expect(delayUntilNextDue([pending], 50)).toBe(49);
  });
});
