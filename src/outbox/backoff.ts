// When a failed delivery is tried again: exponential backoff with full jitter, capped, and a last attempt.

export interface RetryPolicy {
  /** Delay before the second attempt (before jitter). */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** After this many failed attempts the message is parked as dead. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 12 };

/**
 * The outcome of the `attempt`-th failed try (1-based). Full jitter (a random point in [ceiling/2, ceiling])
 * spreads the retries of many messages that failed together, e.g. while the SMTP server was down.
 */
export function retryAfterFailure(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): { retryInMs: number } | { giveUp: true } {
  if (attempt >= policy.maxAttempts) return { giveUp: true };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return { retryInMs: Math.round(ceiling / 2 + random() * (ceiling / 2)) };
}
