// Wrong codes / PINs per user and means, counted atomically (memory or Redis): the third locks the means for a while.
import type { Means } from '../domain/mitid.ts';
import { createLimiter, type Limiter, type LimiterBackend } from '../ratelimit/limiter.ts';
import { lockoutAfter, MAX_WRONG_ATTEMPTS } from './means-rules.ts';

export class MeansLockout {
  readonly #counter: Limiter;

  /**
   * @param windowSeconds how long wrong tries are remembered (at least a login's lifetime)
   * @param lockSeconds how long a means stays locked after the third wrong try
   */
  constructor(backend: LimiterBackend, windowSeconds: number, lockSeconds: number) {
    this.#counter = createLimiter(
      'mitid-sim-wrong',
      { points: MAX_WRONG_ATTEMPTS, durationSeconds: Math.max(windowSeconds, lockSeconds), blockSeconds: lockSeconds },
      backend,
    );
  }

  async isLocked(userUuid: string, means: Means): Promise<boolean> {
    return (await this.#counter.peek(keyOf(userUuid, means))).reached;
  }

  /** One atomic count: of a burst of wrong tries each gets its own number, so the third always locks. */
  async recordWrongAttempt(userUuid: string, means: Means): Promise<{ locked: boolean; attemptsLeft: number }> {
    return lockoutAfter((await this.#counter.hit(keyOf(userUuid, means))).count);
  }

  async clear(userUuid: string, means: Means): Promise<void> {
    await this.#counter.reset(keyOf(userUuid, means));
  }
}

function keyOf(userUuid: string, means: Means): string {
  return `${userUuid}:${means}`;
}
